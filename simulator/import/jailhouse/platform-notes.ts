/**
 * Notes for the system configuration's platform part. rtcell describes the ZCU102 through its `zcu102` preset and
 * its exporter's board facts; the configuration's own values are kept as notes so nothing is dropped silently.
 */
import { ZCU102_GIC } from '../../export/jailhouse/zcu102-board.js';
import { describeConsole } from './cell-notes.js';
import type { ImportNote } from './imported-system.js';
import type { RawPlatform, RawSystem } from './raw-config.js';
import { hex, printable, sizeText } from './text-values.js';

const IOMMU_TYPES: Readonly<Record<number, string>> = { 1: 'amd', 2: 'intel', 3: 'smmuv3', 4: 'ti-pvu', 5: 'arm-mmu500' };

function gicNote(arm: RawPlatform['arm']): ImportNote {
    const value = `gic_version ${arm.gicVersion}, gicd ${hex(arm.gicd)}, gicc ${hex(arm.gicc)}, gich ${hex(arm.gich)}, gicv ${hex(arm.gicv)}, gicr ${hex(arm.gicr)}, maintenance_irq ${arm.maintenanceIrq}`;
    const preset = arm.gicVersion === ZCU102_GIC.version && arm.gicd === BigInt(ZCU102_GIC.gicd) && arm.gicc === BigInt(ZCU102_GIC.gicc)
        && arm.gich === BigInt(ZCU102_GIC.gich) && arm.gicv === BigInt(ZCU102_GIC.gicv) && arm.gicr === 0n && arm.maintenanceIrq === ZCU102_GIC.maintenanceIrq;
    return preset
        ? { kind: 'info', field: 'platform_info.arm', value, reason: 'the ZCU102 GICv2 that rtcell\'s export writes' }
        : { kind: 'lost', field: 'platform_info.arm', value, reason: 'differs from the ZCU102 GIC rtcell\'s export writes; the language has no GIC settings' };
}

export function platformNotes(system: RawSystem): ImportNote[] {
    const notes: ImportNote[] = [];
    const lost = (field: string, value: string, reason: string) => notes.push({ kind: 'lost', field, value, reason });
    const p = system.platform;
    if (system.flags !== 0) lost('flags', `${hex(system.flags)}${system.flags & 1 ? ' (JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE)' : ''}`, 'the language has no system flags');
    const hv = system.hypervisorMemory;
    lost('hypervisor_memory', `phys ${hex(hv.phys)} size ${sizeText(hv.size)}${hv.flags ? ` flags ${hex(hv.flags)}` : ''}`, 'the language has no hypervisor memory; rtcell\'s export uses its board default');
    lost('debug_console', describeConsole(system.debugConsole), 'the language has no console declaration');
    if (p.pciMmconfigBase !== 0n || p.pciIsVirtual !== 0 || p.pciMmconfigEndBus !== 0) {
        lost('platform_info.pci_mmconfig_base', `${hex(p.pciMmconfigBase)}, end_bus ${p.pciMmconfigEndBus}, is_virtual ${p.pciIsVirtual}, domain ${hex(p.pciDomain)}`, 'the language has no PCI');
    }
    p.iommuUnits.forEach((u, i) => {
        if (u.type === 0 && u.base === 0n && u.size === 0) return;
        lost(`platform_info.iommu_units[${i}]`, `${IOMMU_TYPES[u.type] ?? `type ${u.type}`} base ${hex(u.base)} size ${hex(u.size)}`, 'the language has no IOMMU/SMMU');
    });
    notes.push(gicNote(p.arm));
    if (p.noSpectreMitigation) lost('platform_info.no_spectre_mitigation', String(p.noSpectreMitigation), 'not modelled');
    if (p.color && (p.color.waySize !== 0n || p.color.rootMapOffset !== 0n)) {
        lost('platform_info.color', `way_size ${hex(p.color.waySize)}, root_map_offset ${hex(p.color.rootMapOffset)}`, 'the way size follows from the platform (llc / ways); the root map offset is not modelled');
    }
    if (p.memguard && (p.memguard.numIrqs !== 0 || p.memguard.numPmuIrq !== 0)) {
        const m = p.memguard;
        lost('platform_info.memguard', `num_irqs ${m.numIrqs}, hv_timer ${m.hvTimer}, irq_prio min ${hex(m.irqPrioMin)} max ${hex(m.irqPrioMax)} step ${hex(m.irqPrioStep)} threshold ${hex(m.irqPrioThreshold)}, pmu_cpu_irq ${m.pmuCpuIrq.slice(0, Math.min(m.numPmuIrq, 8)).join(',')}`, 'MemGuard interrupt wiring: rtcell\'s export writes the ZCU102 one; budgets are per cell in the language (`budget`)');
    }
    if (p.qos && (p.qos.nicBase !== 0n || p.qos.nicSize !== 0n)) lost('platform_info.qos', `nic_base ${hex(p.qos.nicBase)} nic_size ${hex(p.qos.nicSize)}`, 'QoS-400 interconnect: rtcell\'s export writes the ZCU102 one');
    if (p.fpga && (p.fpga.baseBitstream !== '' || p.fpga.baseAddr !== 0n || p.fpga.flags !== 0 || p.fpga.maxRegions !== 0)) {
        lost('platform_info.fpga', `base_bitstream "${printable(p.fpga.baseBitstream)}" base_addr ${hex(p.fpga.baseAddr)} flags ${hex(p.fpga.flags)} max_regions ${p.fpga.maxRegions}`, 'FPGA: not modelled');
    }
    return notes;
}
