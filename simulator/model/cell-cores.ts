/** Where a cell runs: the cores it owns whole and the cores of its VCPUs. */
import type { Cell } from './types.js';

/** The cores a cell runs on: its own cores and the cores of its VCPUs. */
export function coresOfCell(cell: Cell): number[] {
    return [...new Set([...cell.cores, ...cell.vcpus.map((v) => v.core)])];
}

/**
 * The core of a cell's first placement (its first owned core, else its first VCPU's core): where the broker delivers
 * and collects the cell's flow messages.
 */
export function firstCore(cell: Cell): number | undefined {
    if (cell.cores.length > 0) return cell.cores[0];
    if (cell.vcpus.length > 0) return cell.vcpus[0].core;
    return undefined;
}
