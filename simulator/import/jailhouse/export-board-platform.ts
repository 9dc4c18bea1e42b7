/**
 * Platform parts of a system configuration that rtcell's Jailhouse export writes the same for every ZCU102 system
 * (docs/export.md, board facts; the values are the exporter's own, from simulator/export/jailhouse/zcu102-board.ts):
 * the virtual PCI controller, the SMMU, the root cell's DMA stream IDs, the MemGuard wiring, the QoS-400 NIC and
 * masters, Minerva's root map offset. A configuration with the same values loses nothing there: a note, not a loss.
 */
import {
    MINERVA_QOS_MASTERS, MINERVA_ROOT_MAP_OFFSET, ZCU102_GIC, ZCU102_HYP_TIMER_PPI, ZCU102_PCI, ZCU102_PMU_IRQS,
    ZCU102_QOS_NIC_BASE, ZCU102_QOS_NIC_SIZE, ZCU102_ROOT_STREAM_IDS, ZCU102_SMMU,
} from '../../export/jailhouse/zcu102-board.js';
import type { JailhouseTree } from './layouts.js';
import type { RawIommu, RawPlatform, RawQosDevice } from './raw-config.js';

/** JAILHOUSE_IOMMU_ARM_MMU500 (minerva, mainline) and JAILHOUSE_IOMMU_SMMUV2 (bu) are both 5. */
const IOMMU_MMU500 = 5;

export function isExportedPci(p: RawPlatform): boolean {
    return p.pciMmconfigBase === BigInt(ZCU102_PCI.mmconfigBase) && p.pciMmconfigEndBus === 0 && p.pciIsVirtual === 1 && p.pciDomain === 0xffff;
}

export function isExportedIommu(unit: RawIommu, index: number): boolean {
    return index === 0 && unit.type === IOMMU_MMU500 && unit.base === BigInt(ZCU102_SMMU.base) && unit.size === ZCU102_SMMU.size
        && unit.extra.every((w) => w === 0);
}

export function isExportedMemguard(m: NonNullable<RawPlatform['memguard']>): boolean {
    const pmu = m.pmuCpuIrq.slice(0, m.numPmuIrq);
    return m.numIrqs === ZCU102_GIC.numIrqs && m.hvTimer === ZCU102_HYP_TIMER_PPI && m.irqPrioMin === 0xf0 && m.irqPrioMax === 0x00
        && m.irqPrioStep === 0x10 && m.irqPrioThreshold === 0x10 && pmu.join() === ZCU102_PMU_IRQS.join()
        && m.pmuCpuIrq.slice(m.numPmuIrq).every((irq) => irq === 0);
}

export function isExportedQosNic(q: NonNullable<RawPlatform['qos']>): boolean {
    return q.nicBase === BigInt(ZCU102_QOS_NIC_BASE) && q.nicSize === BigInt(ZCU102_QOS_NIC_SIZE);
}

export function isExportedRootMapOffset(c: NonNullable<RawPlatform['color']>): boolean {
    return c.rootMapOffset === BigInt(MINERVA_ROOT_MAP_OFFSET);
}

/** The root cell's stream IDs as the export writes them: one MMU-500 union (id, mask_out << 16) each; bu: pairs. */
export function isExportedRootStreamIds(ids: readonly number[], tree: JailhouseTree): boolean {
    const expected = tree === 'bu'
        ? ZCU102_ROOT_STREAM_IDS.flatMap((s) => [s.id, s.maskOut])
        : ZCU102_ROOT_STREAM_IDS.map((s) => (s.id | (s.maskOut << 16)) >>> 0);
    return ids.length === expected.length && ids.every((id, i) => id === expected[i]);
}

/**
 * The root cell's QoS masters (minerva): the export lists the tree's masters by name, their bases from the tree's own
 * header macros; the same names in the same order say the same.
 */
export function isExportedQosMasters(devices: readonly RawQosDevice[]): boolean {
    const named = devices.filter((d) => d.name !== '');
    return named.length === MINERVA_QOS_MASTERS.length && named.every((d, i) => d.name === MINERVA_QOS_MASTERS[i].name);
}
