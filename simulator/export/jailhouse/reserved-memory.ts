/**
 * What Linux (the root cell) must not use as ordinary RAM: the hypervisor's memory and every physical window the other
 * cells, the flow channels and the broker's RAM occupy (a colored region's whole colored span). Printed into the system
 * configuration as a `reserved-memory` device-tree fragment, like the trees' own ZCU102 configs describe theirs.
 */
import { coloredSpan } from './colored-layout.js';
import type { JailhousePlan } from './plan-types.js';

export interface ReservedRange {
    start: number;
    end: number;
    /** What lies there, for the comment. */
    what: string[];
}

/** Sorted, merged ranges Linux must leave alone (touching ranges merge). */
export function reservedMemory(plan: JailhousePlan): ReservedRange[] {
    const geometry = { pageSize: plan.pageSize, numColors: plan.numColors };
    const ranges: ReservedRange[] = [{ start: plan.hypervisorMemory.phys, end: plan.hypervisorMemory.phys + plan.hypervisorMemory.size, what: ['hypervisor'] }];
    for (const cell of plan.cells) {
        if (cell.root) continue;
        for (const r of cell.regions) {
            if (r.origin === 'comm' || r.origin === 'board' || r.flags.includes('IO')) continue;
            const span = r.colors && plan.coloring !== 'none' ? coloredSpan(r.size, r.colors.length, geometry) : r.size;
            const what = r.origin === 'channel' ? `channel ${r.sourceRegion}` : r.origin === 'broker' ? `${cell.name} RAM` : `${r.sourceCell ?? cell.name}.${r.sourceRegion ?? 'region'}`;
            ranges.push({ start: r.phys, end: r.phys + span, what: [what] });
        }
    }
    ranges.sort((a, b) => a.start - b.start || a.end - b.end);
    const merged: ReservedRange[] = [];
    for (const r of ranges) {
        const last = merged[merged.length - 1];
        if (last && r.start <= last.end) {
            last.end = Math.max(last.end, r.end);
            for (const w of r.what) if (!last.what.includes(w)) last.what.push(w);
        } else {
            merged.push({ ...r, what: [...r.what] });
        }
    }
    return merged;
}

function cells64(value: number): string {
    const hi = Math.floor(value / 2 ** 32);
    const lo = value % 2 ** 32;
    return `0x${hi.toString(16)} 0x${lo.toString(16)}`;
}

/** The device-tree fragment, one line per comment line (without the comment markers). */
export function reservedMemoryDts(plan: JailhousePlan): string[] {
    const lines = ['Linux must not use this memory; reserve it in the root cell\'s device tree:', '', '/ {', '\treserved-memory {', '\t\t#address-cells = <2>;', '\t\t#size-cells = <2>;', '\t\tranges;'];
    reservedMemory(plan).forEach((r, i) => {
        lines.push('', `\t\t// ${r.what.join(', ')}`, `\t\trtcell_${i}: rtcell@${r.start.toString(16)} {`, '\t\t\tno-map;', `\t\t\treg = <${cells64(r.start)} ${cells64(r.end - r.start)}>;`, '\t\t};');
    });
    lines.push('\t};', '};');
    return lines;
}
