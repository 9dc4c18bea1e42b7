/**
 * rtcell's Jailhouse target keeps the hypervisor at a fixed place; a tree that puts it elsewhere gives that range to a
 * cell, which must leave it in rtcell's terms.
 */
import { ZCU102_HYPERVISOR_MEMORY } from '../../export/jailhouse/zcu102-board.js';
import type { ImportedCell } from './imported-system.js';
import { cutOut, overlaps } from './region-geometry.js';
import { hex } from './text-values.js';

/**
 * rtcell's Jailhouse target keeps the hypervisor at a fixed place (ZCU102_HYPERVISOR_MEMORY, the last 16 MiB of the
 * high DRAM bank); the language has no word to move it. A tree that puts it elsewhere gives that range to a cell
 * (usually the root's RAM): it is cut out of plain regions, with a note saying what was lost.
 */
export function leaveHypervisorMemory(cell: ImportedCell, treeHypervisor: string): void {
    const start = BigInt(ZCU102_HYPERVISOR_MEMORY.start);
    const end = start + BigInt(ZCU102_HYPERVISOR_MEMORY.size);
    cell.memory = cell.memory.flatMap((r) => {
        if (r.colored || !overlaps(r.phys, r.phys + r.size, start, end)) return [r];
        cell.notes.push({
            kind: 'lost', field: r.origin, value: `${hex(start)}..${hex(end)}`,
            reason: `rtcell's ZCU102 target keeps the hypervisor there (the tree's hypervisor_memory is ${treeHypervisor}); the language cannot move it, so the range is cut out of this region`,
        });
        return cutOut(r, start, end);
    });
}
