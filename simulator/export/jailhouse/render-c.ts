/**
 * Prints plan cells as Jailhouse configuration sources (C files built into .cell binaries by Jailhouse's build
 * system). Three targets:
 * - `minerva`: Minerva/TUM cache-coloring lineage (config revision 14 layout with `architecture`; colored regions
 *   carry JAILHOUSE_MEM_COLORED and a `colors` mask, bit 0 = color 0; platform_info has `color`, `memguard`, `qos`);
 * - `bu`: Boston University fork (v0.12 layout; colored regions in a separate `col_mem` array of
 *   `struct jailhouse_memory_colored`, mask with the most significant color bit = color 0);
 * - `none`: upstream Jailhouse v0.12 layout, no coloring.
 * Output is deterministic: same plan, same bytes.
 */
import { colorsToMask, formatMask } from './color-mask.js';
import { reservedMemoryDts } from './reserved-memory.js';
import type { JailhousePlan, JailhouseMemFlag, PlannedCell, PlannedIrqchip, PlannedRegion } from './plan-types.js';
import {
    MINERVA_QOS_MASTERS,
    MINERVA_ROOT_MAP_OFFSET,
    ZCU102_GIC,
    ZCU102_HYP_TIMER_PPI,
    ZCU102_PCI,
    ZCU102_PMU_IRQS,
    ZCU102_QOS_NIC_BASE,
    ZCU102_QOS_NIC_SIZE,
    ZCU102_SMMU,
    ZCU102_UART0,
    ZCU102_UART_SIZE,
} from './zcu102-board.js';

const T1 = '\t';
const T2 = '\t\t';
const T3 = '\t\t\t';
const T4 = '\t\t\t\t';

function hex(value: number): string {
    return `0x${value.toString(16)}`;
}

/** A C string literal for ASCII text; anything else is escaped so the file stays valid C. */
function cString(text: string): string {
    let out = '"';
    for (const ch of text) {
        const code = ch.codePointAt(0)!;
        if (ch === '"' || ch === '\\') out += `\\${ch}`;
        else if (code >= 0x20 && code < 0x7f) out += ch;
        else out += Buffer.from(ch, 'utf8').reduce((s, b) => s + `\\${b.toString(8).padStart(3, '0')}`, '');
    }
    return `${out}"`;
}

/** A comment body that cannot close the comment early. */
function cComment(text: string): string {
    return text.replace(/\*\//g, '* /').replace(/[\r\n]+/g, ' ');
}

function flagsExpression(flags: readonly string[], indent: string): string {
    if (flags.length === 0) return '0';
    const names = flags.map((f) => `JAILHOUSE_MEM_${f}`);
    const lines: string[] = [];
    for (let i = 0; i < names.length; i += 3) lines.push(names.slice(i, i + 3).join(' | '));
    return lines.join(` |\n${indent}\t`);
}

function isColored(region: PlannedRegion, plan: JailhousePlan): boolean {
    return plan.coloring !== 'none' && region.colors !== undefined;
}

function regionBody(region: PlannedRegion, indent: string, extraFlags: readonly JailhouseMemFlag[] | readonly string[] = []): string[] {
    const lines: string[] = [];
    if (region.origin !== 'comm') lines.push(`${indent}.phys_start = ${hex(region.phys)},`);
    lines.push(`${indent}.virt_start = ${hex(region.virt)},`);
    lines.push(`${indent}.size = ${hex(region.size)},`);
    lines.push(`${indent}.flags = ${flagsExpression([...region.flags, ...extraFlags], indent)},`);
    return lines;
}

function renderRegion(region: PlannedRegion, plan: JailhousePlan): string[] {
    const lines = [`${T2}/* ${cComment(region.comment)} */ {`];
    if (plan.coloring === 'minerva' && isColored(region, plan)) {
        lines.push(...regionBody(region, T3, region.noCopy ? ['COLORED', 'COLORED_NO_COPY'] : ['COLORED']));
        const mask = colorsToMask(region.colors!, 'minerva', plan.numColors);
        lines.push(`${T3}.colors = ${formatMask(mask)}, /* colors ${region.colors!.join(', ')} */`);
    } else {
        lines.push(...regionBody(region, T3));
    }
    lines.push(`${T2}},`);
    return lines;
}

function renderBuColoredRegion(region: PlannedRegion, plan: JailhousePlan): string[] {
    const mask = colorsToMask(region.colors!, 'bu', plan.numColors);
    return [
        `${T2}/* ${cComment(region.comment)} */ {`,
        `${T3}.memory = {`,
        ...regionBody(region, T4),
        `${T3}},`,
        `${T3}.colors = ${formatMask(mask)}, /* colors ${region.colors!.join(', ')} */`,
        `${T2}},`,
    ];
}

function renderIrqchip(chip: PlannedIrqchip, irqs: string): string[] {
    const words = chip.pinBitmap.map((w) => `0x${w.toString(16).padStart(8, '0')}`).join(', ');
    return [
        `${T2}/* GIC, interrupts ${irqs} */ {`,
        `${T3}.address = ${hex(chip.address)},`,
        `${T3}.pin_base = ${chip.pinBase},`,
        `${T3}.pin_bitmap = {`,
        `${T4}${words},`,
        `${T3}},`,
        `${T2}},`,
    ];
}

function describeIrqs(chip: PlannedIrqchip, cell: PlannedCell): string {
    if (cell.root) {
        const pins = chip.pinBitmap.flatMap((word, w) => Array.from({ length: 32 }, (_, b) => ((word >>> b) & 1 ? chip.pinBase + 32 * w + b : -1))).filter((i) => i >= 0);
        const last = pins[pins.length - 1];
        const missing = pins.length > 0 ? Array.from({ length: last - pins[0] + 1 }, (_, i) => pins[0] + i).filter((i) => !pins.includes(i)) : [];
        return pins.length === 0 ? 'none' : `${pins[0]}..${last}${missing.length > 0 ? ` except ${missing.join(', ')} (MemGuard PMU lines)` : ''} for the root cell`;
    }
    const inChip = cell.irqs.filter((i) => i >= chip.pinBase && i < chip.pinBase + 128);
    return inChip.join(', ');
}

function cpuMask(cpus: readonly number[]): string {
    return hex(cpus.reduce((mask, cpu) => mask + 2 ** cpu, 0));
}

function header(plan: JailhousePlan, cell: PlannedCell, extraIncludes: readonly string[] = []): string[] {
    const target = {
        minerva: 'Jailhouse, Minerva/TUM cache-coloring lineage, config revision 14 (JAILHOUSE_MEM_COLORED + colors, bit 0 = color 0)',
        bu: 'Jailhouse, Boston University coloring fork jailhouse-rt, config revision 13 (col_mem array, most significant color bit = color 0)',
        none: 'mainline Jailhouse (siemens/jailhouse, config revision 14), no cache coloring',
    }[plan.coloring];
    return [
        '/*',
        ` * Generated by rtcell from system ${cComment(JSON.stringify(plan.system))}: do not edit, re-export instead.`,
        ` * ${cell.root ? `System configuration with root cell ${cComment(JSON.stringify(cell.name))}` : `Cell ${cComment(JSON.stringify(cell.name))}`}${cell.os ? ` (${cComment(cell.os)})` : ''} for the Xilinx ZCU102.`,
        ` * Target: ${target}.`,
        ...(cell.root ? [' *', ...reservedMemoryDts(plan).map((l) => (l === '' ? ' *' : ` * ${cComment(l)}`))] : []),
        ' */',
        '',
        '#include <jailhouse/types.h>',
        '#include <jailhouse/cell-config.h>',
        ...extraIncludes.map((i) => `#include <${i}>`),
        '',
    ];
}

interface Layout {
    plain: PlannedRegion[];
    colored: PlannedRegion[];
}

function layout(cell: PlannedCell, plan: JailhousePlan): Layout {
    if (plan.coloring === 'bu') {
        return { plain: cell.regions.filter((r) => !isColored(r, plan)), colored: cell.regions.filter((r) => isColored(r, plan)) };
    }
    return { plain: cell.regions, colored: [] };
}

/** Entries of the stream ID array: one union per ID (MMU-500 trees), or an (id, mask) pair of __u32 (BU tree). */
function streamIdCount(cell: PlannedCell, plan: JailhousePlan): number {
    return plan.coloring === 'bu' ? 2 * cell.streamIds.length : cell.streamIds.length;
}

function structMembers(cell: PlannedCell, lay: Layout, descType: string, qosDevices: number, plan: JailhousePlan): string[] {
    const lines = ['struct {', `${T1}${descType};`, `${T1}__u64 cpus[1];`];
    if (lay.plain.length > 0) lines.push(`${T1}struct jailhouse_memory mem_regions[${lay.plain.length}];`);
    if (lay.colored.length > 0) lines.push(`${T1}struct jailhouse_memory_colored col_mem[${lay.colored.length}];`);
    if (cell.irqchips.length > 0) lines.push(`${T1}struct jailhouse_irqchip irqchips[${cell.irqchips.length}];`);
    if (cell.streamIds.length > 0) lines.push(plan.coloring === 'bu' ? `${T1}__u32 stream_ids[${streamIdCount(cell, plan)}];` : `${T1}union jailhouse_stream_id stream_ids[${cell.streamIds.length}];`);
    if (qosDevices > 0) lines.push(`${T1}struct jailhouse_qos_device qos_devices[${qosDevices}];`);
    lines.push('} __attribute__((packed)) config = {');
    return lines;
}

function counts(cell: PlannedCell, lay: Layout, plan: JailhousePlan, indent: string, qosDevices: number): string[] {
    const lines = [`${indent}.cpu_set_size = sizeof(config.cpus),`];
    lines.push(`${indent}.num_memory_regions = ${lay.plain.length > 0 ? 'ARRAY_SIZE(config.mem_regions)' : '0'},`);
    if (plan.coloring === 'bu') lines.push(`${indent}.num_memory_regions_colored = ${lay.colored.length > 0 ? 'ARRAY_SIZE(config.col_mem)' : '0'},`);
    lines.push(`${indent}.num_irqchips = ${cell.irqchips.length > 0 ? 'ARRAY_SIZE(config.irqchips)' : '0'},`);
    lines.push(`${indent}.num_pci_devices = 0,`);
    if (cell.streamIds.length > 0) lines.push(`${indent}.num_stream_ids = ARRAY_SIZE(config.stream_ids),`);
    if (qosDevices > 0) lines.push(`${indent}.num_qos_devices = ARRAY_SIZE(config.qos_devices),`);
    return lines;
}

function arrays(cell: PlannedCell, lay: Layout, plan: JailhousePlan): string[] {
    const lines = ['', `${T1}.cpus = {`, `${T2}${cpuMask(cell.cpus)}, /* CPUs ${cell.cpus.join(', ')} */`, `${T1}},`];
    if (lay.plain.length > 0) {
        lines.push('', `${T1}.mem_regions = {`);
        for (const r of lay.plain) lines.push(...renderRegion(r, plan));
        lines.push(`${T1}},`);
    }
    if (lay.colored.length > 0) {
        lines.push('', `${T1}.col_mem = {`);
        for (const r of lay.colored) lines.push(...renderBuColoredRegion(r, plan));
        lines.push(`${T1}},`);
    }
    if (cell.irqchips.length > 0) {
        lines.push('', `${T1}.irqchips = {`);
        for (const chip of cell.irqchips) lines.push(...renderIrqchip(chip, describeIrqs(chip, cell)));
        lines.push(`${T1}},`);
    }
    if (cell.streamIds.length > 0) {
        lines.push('', `${T1}.stream_ids = {`);
        for (const s of cell.streamIds) {
            if (plan.coloring === 'bu') {
                lines.push(`${T2}/* ${cComment(s.comment)}: stream ID, bits ignored */`, `${T2}${hex(s.id)}, ${hex(s.maskOut)},`);
            } else {
                lines.push(`${T2}/* ${cComment(s.comment)} */ {`, `${T3}.mmu500.id = ${hex(s.id)},`, `${T3}.mmu500.mask_out = ${hex(s.maskOut)},`, `${T2}},`);
            }
        }
        lines.push(`${T1}},`);
    }
    return lines;
}

function consoleInit(address: number, indent: string, withSize: boolean): string[] {
    return [
        `${indent}.address = ${hex(address)},`,
        ...(withSize ? [`${indent}.size = ${hex(ZCU102_UART_SIZE)},`] : []),
        `${indent}.type = JAILHOUSE_CON_TYPE_XUARTPS,`,
        `${indent}.flags = JAILHOUSE_CON_ACCESS_MMIO |`,
        `${indent}\t JAILHOUSE_CON_REGDIST_4,`,
    ];
}

/** C source of one non-root cell. */
export function renderInmateCell(plan: JailhousePlan, cell: PlannedCell): string {
    const lay = layout(cell, plan);
    const lines = [...header(plan, cell), ...structMembers(cell, lay, 'struct jailhouse_cell_desc cell', 0, plan)];
    lines.push(`${T1}.cell = {`);
    lines.push(`${T2}.signature = JAILHOUSE_CELL_DESC_SIGNATURE,`);
    if (plan.coloring !== 'bu') lines.push(`${T2}.architecture = JAILHOUSE_ARM64,`);
    lines.push(`${T2}.revision = JAILHOUSE_CONFIG_REVISION,`);
    lines.push(`${T2}.name = ${cString(cell.name)},`);
    lines.push(`${T2}.flags = JAILHOUSE_CELL_PASSIVE_COMMREG |`, `${T3}JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED,`, '');
    lines.push(...counts(cell, lay, plan, T2, 0), '');
    lines.push(`${T2}.console = {`, ...consoleInit(cell.consoleAddress, T3, false), `${T2}},`);
    lines.push(`${T1}},`);
    lines.push(...arrays(cell, lay, plan));
    lines.push('};', '');
    return lines.join('\n');
}

/** C source of the system configuration (hypervisor, platform and root cell). */
export function renderSystemConfig(plan: JailhousePlan, root: PlannedCell): string {
    const lay = layout(root, plan);
    const minerva = plan.coloring === 'minerva';
    const qosCount = minerva ? MINERVA_QOS_MASTERS.length : 0;
    const includes = minerva ? ['asm/qos-400.h', 'zynqmp-qos-config.h'] : [];
    const lines = [...header(plan, root, includes), ...structMembers(root, lay, 'struct jailhouse_system header', qosCount, plan)];
    lines.push(`${T1}.header = {`);
    lines.push(`${T2}.signature = JAILHOUSE_SYSTEM_SIGNATURE,`);
    if (plan.coloring !== 'bu') lines.push(`${T2}.architecture = JAILHOUSE_ARM64,`);
    lines.push(`${T2}.revision = JAILHOUSE_CONFIG_REVISION,`);
    lines.push(`${T2}.flags = JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE,`);
    lines.push(`${T2}.hypervisor_memory = {`, `${T3}.phys_start = ${hex(plan.hypervisorMemory.phys)},`, `${T3}.size = ${hex(plan.hypervisorMemory.size)},`, `${T2}},`);
    lines.push(`${T2}.debug_console = {`, ...consoleInit(ZCU102_UART0, T3, true), `${T2}},`);
    lines.push(`${T2}.platform_info = {`);
    lines.push(
        `${T3}.pci_mmconfig_base = ${hex(ZCU102_PCI.mmconfigBase)},`,
        `${T3}.pci_mmconfig_end_bus = 0,`,
        `${T3}.pci_is_virtual = 1,`,
        `${T3}.pci_domain = -1,`,
        `${T3}.iommu_units = {`,
        `${T4}/* SMMU (MMU-500): the root cell's DMA masters use guest-physical addresses */ {`,
        `${T4}	.type = ${plan.coloring === 'bu' ? 'JAILHOUSE_IOMMU_SMMUV2' : 'JAILHOUSE_IOMMU_ARM_MMU500'},`,
        `${T4}	.base = ${hex(ZCU102_SMMU.base)},`,
        `${T4}	.size = ${hex(ZCU102_SMMU.size)},`,
        `${T4}},`,
        `${T3}},`,
    );
    if (minerva) {
        lines.push(
            `${T3}.color = {`,
            `${T4}.way_size = ${hex(plan.wayBytes)},`,
            `${T4}.root_map_offset = ${hex(MINERVA_ROOT_MAP_OFFSET)},`,
            `${T3}},`,
            `${T3}.memguard = {`,
            `${T4}.num_irqs = ${ZCU102_GIC.numIrqs},`,
            `${T4}.hv_timer = ${ZCU102_HYP_TIMER_PPI},`,
            `${T4}.irq_prio_min = 0xf0,`,
            `${T4}.irq_prio_max = 0x00,`,
            `${T4}.irq_prio_step = 0x10,`,
            `${T4}.irq_prio_threshold = 0x10,`,
            `${T4}.num_pmu_irq = ${ZCU102_PMU_IRQS.length},`,
            `${T4}.pmu_cpu_irq = { ${ZCU102_PMU_IRQS.join(', ')} },`,
            `${T3}},`,
            `${T3}.qos = {`,
            `${T4}.nic_base = ${hex(ZCU102_QOS_NIC_BASE)},`,
            `${T4}.nic_size = ${hex(ZCU102_QOS_NIC_SIZE)},`,
            `${T3}},`,
        );
    }
    lines.push(
        `${T3}.arm = {`,
        `${T4}.gic_version = ${ZCU102_GIC.version},`,
        `${T4}.gicd_base = ${hex(ZCU102_GIC.gicd)},`,
        `${T4}.gicc_base = ${hex(ZCU102_GIC.gicc)},`,
        `${T4}.gich_base = ${hex(ZCU102_GIC.gich)},`,
        `${T4}.gicv_base = ${hex(ZCU102_GIC.gicv)},`,
        `${T4}.maintenance_irq = ${ZCU102_GIC.maintenanceIrq},`,
        `${T3}},`,
        `${T2}},`,
    );
    lines.push(`${T2}.root_cell = {`, `${T3}.name = ${cString(root.name)},`, '', ...counts(root, lay, plan, T3, qosCount), `${T2}},`);
    lines.push(`${T1}},`);
    lines.push(...arrays(root, lay, plan));
    if (qosCount > 0) {
        lines.push('', `${T1}.qos_devices = {`);
        for (const master of MINERVA_QOS_MASTERS) {
            lines.push(`${T2}{`, `${T3}.name = ${cString(master.name)},`, `${T3}.flags = FLAGS_HAS_REGUL,`, `${T3}.base = ${master.macro},`, `${T2}},`);
        }
        lines.push(`${T1}},`);
    }
    lines.push('};', '');
    return lines.join('\n');
}
