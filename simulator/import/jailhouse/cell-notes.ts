/** Notes for the parts of a cell descriptor the language has no words for: flags, console, PCI, SMMU, QoS, ... */
import { ZCU102_UART1 } from '../../export/jailhouse/zcu102-board.js';
import { isExportedQosMasters, isExportedRootStreamIds } from './export-board-platform.js';
import { isExportedConsole } from './export-board-regions.js';
import { CELL_FLAGS, CONSOLE_TYPES, flagNames } from './jailhouse-flags.js';
import type { ImportNote } from './imported-system.js';
import type { JailhouseTree } from './layouts.js';
import type { RawCell, RawConsole } from './raw-config.js';
import { hex, printable } from './text-values.js';

export function describeConsole(c: RawConsole): string {
    const type = CONSOLE_TYPES[c.type] ?? `type ${c.type}`;
    const access = c.flags & 1 ? 'mmio' : 'pio';
    const parts = [`${type} at ${hex(c.address)}`, `size ${hex(c.size)}`, access, `flags ${hex(c.flags)}`];
    if (c.divider) parts.push(`divider ${c.divider}`);
    if (c.gateNr) parts.push(`gate_nr ${c.gateNr}`);
    if (c.clockReg) parts.push(`clock_reg ${hex(c.clockReg)}`);
    return parts.join(', ');
}

function isEmptyConsole(c: RawConsole): boolean {
    return c.address === 0n && c.size === 0 && c.type === 0 && c.flags === 0 && c.divider === 0 && c.gateNr === 0 && c.clockReg === 0n;
}

const PCI_TYPES: Readonly<Record<number, string>> = { 1: 'device', 2: 'bridge', 3: 'ivshmem' };

function bdfText(domain: number, bdf: number): string {
    const h = (v: number, w: number) => v.toString(16).padStart(w, '0');
    return `${h(domain, 4)}:${h(bdf >> 8, 2)}:${h((bdf >> 3) & 0x1f, 2)}.${bdf & 7}`;
}

export function cellNotes(cell: RawCell, cores: number, root: boolean, tree: JailhouseTree): ImportNote[] {
    const notes: ImportNote[] = [];
    const lost = (field: string, value: string, reason: string) => notes.push({ kind: 'lost', field, value, reason });
    if (cell.flags !== 0) lost('flags', flagNames(cell.flags, CELL_FLAGS), 'the language has no cell flags');
    if (cell.id !== 0) lost('id', String(cell.id), 'set by the driver; ignored');
    const outside = cell.cpus.filter((c) => c >= cores);
    if (outside.length > 0) lost('cpus', outside.join(', '), `CPUs beyond the ZCU102's ${cores} application cores`);
    if (cell.cpuSetSize !== 8) notes.push({ kind: 'info', field: 'cpu_set_size', value: String(cell.cpuSetSize), reason: 'rtcell writes one 64-bit CPU word' });
    if (isExportedConsole(cell.console, ZCU102_UART1, 0)) {
        notes.push({ kind: 'info', field: 'console', value: describeConsole(cell.console), reason: "the console rtcell's export gives every inmate (UART1)" });
    } else if (!isEmptyConsole(cell.console)) {
        lost('console', describeConsole(cell.console), 'the language has no console declaration; rtcell\'s export gives every inmate UART1');
    }
    if (cell.vpciIrqBase !== 0) lost('vpci_irq_base', `${cell.vpciIrqBase} (SPI ${cell.vpciIrqBase + 32})`, 'virtual PCI interrupts: the language has no PCI devices');
    if (cell.cpuResetAddress !== 0n) lost('cpu_reset_address', hex(cell.cpuResetAddress), 'the language has no reset address');
    if (cell.msgReplyTimeout !== 0n) lost('msg_reply_timeout', String(cell.msgReplyTimeout), 'the language has no message timeout');
    if (cell.rcpuSet.length > 0) lost('rcpu_set', cell.rcpuSet.join(', '), 'remote (R5) CPUs: the language models the application cores only');
    if (cell.fpgaRegions.length > 0) lost('fpga_regions', cell.fpgaRegions.join(', '), 'FPGA regions: not modelled');
    cell.cache.forEach((c, i) => lost(`cache_regions[${i}]`, `start ${c.start} size ${c.size} type ${c.type} flags ${hex(c.flags)}`, 'cache-allocation regions (x86 CAT): not modelled'));
    cell.pio.forEach((p, i) => lost(`pio_regions[${i}]`, `base ${hex(p.base)} length ${p.length}`, 'port I/O: not on arm64'));
    cell.pciDevices.forEach((d, i) => lost(`pci_devices[${i}]`,
        `${PCI_TYPES[d.type] ?? `type ${d.type}`} ${bdfText(d.domain, d.bdf)}, bar_mask ${d.barMask.map((b) => hex(b)).join(',')}, shmem_regions_start ${d.shmemRegionsStart}, shmem_dev_id ${d.shmemDevId}, shmem_peers ${d.shmemPeers}, shmem_protocol ${hex(d.shmemProtocol)}${d.numMsixVectors ? `, msix ${d.numMsixVectors}` : ''}${d.numCaps ? `, caps ${d.capsStart}+${d.numCaps}` : ''}`,
        'the language has no PCI devices (ivshmem links are rtcell flows through the broker)'));
    cell.pciCaps.forEach((c, i) => lost(`pci_caps[${i}]`, `id ${hex(c.id)} start ${c.start} len ${c.len} flags ${hex(c.flags)}`, 'the language has no PCI devices'));
    const streamIdsKept = root && isExportedRootStreamIds(cell.streamIds, tree);
    cell.streamIds.forEach((s, i) => {
        const value = tree === 'bu' ? hex(s) : `id ${hex(s & 0xffff)} mask_out ${hex(s >>> 16)}`;
        if (streamIdsKept) notes.push({ kind: 'info', field: `stream_ids[${i}]`, value, reason: "the root cell's DMA stream IDs rtcell's export writes" });
        else lost(`stream_ids[${i}]`, value, 'the language has no SMMU stream IDs');
    });
    const usedQos = cell.qosDevices.filter((q) => q.name !== '' || q.flags !== 0 || q.base !== 0);
    const qosKept = root && isExportedQosMasters(cell.qosDevices);
    usedQos.forEach((q) => {
        const field = `qos_devices[${cell.qosDevices.indexOf(q)}]`;
        const value = `name "${printable(q.name)}" flags ${hex(q.flags)} base ${hex(q.base)}`;
        if (qosKept) notes.push({ kind: 'info', field, value, reason: "the QoS-400 masters rtcell's export lists (bases from the tree's header)" });
        else lost(field, value, 'QoS-400 masters: the language has only the broker\'s DMA budget');
    });
    if (usedQos.length < cell.qosDevices.length) {
        lost('qos_devices', `${cell.qosDevices.length - usedQos.length} empty entries (of ${cell.qosDevices.length})`, 'unused array entries');
    }
    cell.rcpuDevices.forEach((r, i) => lost(`rcpu_devices[${i}]`, `rcpu ${r.rcpuId} "${printable(r.name)}" compatible "${printable(r.compatible)}"`, 'remote processors: not modelled'));
    cell.fpgaDevices.forEach((f, i) => lost(`fpga_devices[${i}]`, `dto "${printable(f.dto)}" module "${printable(f.module)}" bitstream "${printable(f.bitstream)}" region ${f.regionId} conf ${hex(f.confAddr)} flags ${hex(f.flags)}`, 'FPGA devices: not modelled'));
    return notes;
}
