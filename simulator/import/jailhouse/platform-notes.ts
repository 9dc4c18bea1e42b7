/**
 * Notes for the system configuration's platform part. rtcell describes the ZCU102 through its `zcu102` preset and
 * its exporter's board facts; the configuration's own values are kept as notes so nothing is dropped silently.
 */
import { ZCU102_GIC, ZCU102_UART0, ZCU102_UART_SIZE } from '../../export/jailhouse/zcu102-board.js';
import { describeConsole } from './cell-notes.js';
import {
    isExportedIommu, isExportedMemguard, isExportedPci, isExportedQosNic, isExportedRootMapOffset,
} from './export-board-platform.js';
import { isExportedConsole } from './export-board-regions.js';
import type { ImportNote } from './imported-system.js';
import type { RawPlatform, RawSystem } from './raw-config.js';
import { hex, printable, sizeText } from './text-values.js';

/** JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE */
const SYS_VIRTUAL_DEBUG_CONSOLE = 0x1;

const IOMMU_TYPES: Readonly<Record<number, string>> = { 1: 'amd', 2: 'intel', 3: 'smmuv3', 4: 'ti-pvu', 5: 'arm-mmu500/smmuv2' };

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
    const info = (field: string, value: string, reason: string) => notes.push({ kind: 'info', field, value, reason });
    const p = system.platform;
    if (system.flags === SYS_VIRTUAL_DEBUG_CONSOLE) {
        notes.push({ kind: 'info', field: 'flags', value: `${hex(system.flags)} (JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE)`, reason: "rtcell's export sets it too" });
    } else if (system.flags !== 0) {
        lost('flags', `${hex(system.flags)}${system.flags & SYS_VIRTUAL_DEBUG_CONSOLE ? ' (JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE | ...)' : ''}`, 'the language has no system flags; rtcell\'s export writes JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE');
    }
    const hv = system.hypervisorMemory;
    lost('hypervisor_memory', `phys ${hex(hv.phys)} size ${sizeText(hv.size)}${hv.flags ? ` flags ${hex(hv.flags)}` : ''}`, 'the language has no hypervisor memory; rtcell\'s export uses its board default');
    if (isExportedConsole(system.debugConsole, ZCU102_UART0, ZCU102_UART_SIZE)) {
        notes.push({ kind: 'info', field: 'debug_console', value: describeConsole(system.debugConsole), reason: "the debug console rtcell's export writes (UART0)" });
    } else {
        lost('debug_console', describeConsole(system.debugConsole), 'the language has no console declaration; rtcell\'s export writes UART0');
    }
    const pci = `${hex(p.pciMmconfigBase)}, end_bus ${p.pciMmconfigEndBus}, is_virtual ${p.pciIsVirtual}, domain ${hex(p.pciDomain)}`;
    if (isExportedPci(p)) info('platform_info.pci_mmconfig_base', pci, "the virtual PCI controller rtcell's export writes");
    else if (p.pciMmconfigBase !== 0n || p.pciIsVirtual !== 0 || p.pciMmconfigEndBus !== 0) lost('platform_info.pci_mmconfig_base', pci, 'the language has no PCI');
    p.iommuUnits.forEach((u, i) => {
        if (u.type === 0 && u.base === 0n && u.size === 0) return;
        const value = `${IOMMU_TYPES[u.type] ?? `type ${u.type}`} base ${hex(u.base)} size ${hex(u.size)}`;
        if (isExportedIommu(u, i)) info(`platform_info.iommu_units[${i}]`, value, "the SMMU rtcell's export writes");
        else lost(`platform_info.iommu_units[${i}]`, value, 'the language has no IOMMU/SMMU');
    });
    notes.push(gicNote(p.arm));
    if (p.noSpectreMitigation) lost('platform_info.no_spectre_mitigation', String(p.noSpectreMitigation), 'not modelled');
    if (p.color && p.color.waySize !== 0n) {
        lost('platform_info.color.way_size', hex(p.color.waySize), "the way size follows from the platform (llc / ways): rtcell's export writes it");
    }
    if (p.color && p.color.rootMapOffset !== 0n) {
        if (isExportedRootMapOffset(p.color)) info('platform_info.color.root_map_offset', hex(p.color.rootMapOffset), "the root map offset rtcell's export writes");
        else lost('platform_info.color.root_map_offset', hex(p.color.rootMapOffset), 'the language has no root map offset');
    }
    if (p.memguard && (p.memguard.numIrqs !== 0 || p.memguard.numPmuIrq !== 0)) {
        const m = p.memguard;
        const value = `num_irqs ${m.numIrqs}, hv_timer ${m.hvTimer}, irq_prio min ${hex(m.irqPrioMin)} max ${hex(m.irqPrioMax)} step ${hex(m.irqPrioStep)} threshold ${hex(m.irqPrioThreshold)}, pmu_cpu_irq ${m.pmuCpuIrq.slice(0, Math.min(m.numPmuIrq, 8)).join(',')}`;
        if (isExportedMemguard(m)) info('platform_info.memguard', value, "the ZCU102 MemGuard wiring rtcell's export writes (budgets are per cell: `budget`)");
        else lost('platform_info.memguard', value, 'MemGuard interrupt wiring: rtcell\'s export writes the ZCU102 one; budgets are per cell in the language (`budget`)');
    }
    if (p.qos && (p.qos.nicBase !== 0n || p.qos.nicSize !== 0n)) {
        const value = `nic_base ${hex(p.qos.nicBase)} nic_size ${hex(p.qos.nicSize)}`;
        if (isExportedQosNic(p.qos)) info('platform_info.qos', value, "the QoS-400 interconnect rtcell's export writes");
        else lost('platform_info.qos', value, 'QoS-400 interconnect: rtcell\'s export writes the ZCU102 one');
    }
    if (p.fpga && (p.fpga.baseBitstream !== '' || p.fpga.baseAddr !== 0n || p.fpga.flags !== 0 || p.fpga.maxRegions !== 0)) {
        lost('platform_info.fpga', `base_bitstream "${printable(p.fpga.baseBitstream)}" base_addr ${hex(p.fpga.baseAddr)} flags ${hex(p.fpga.flags)} max_regions ${p.fpga.maxRegions}`, 'FPGA: not modelled');
    }
    return notes;
}
