/**
 * Isolation between cells: cache colors, DRAM banks and physical memory are private unless declared `shared with`.
 * A colored region of size S using k of C colors spans ceil(S / (k·page)) ways-worth of address space
 * (ceil(S/(k·page)) · C · page bytes, which is S·C/k when exact): two regions conflict only when their spans overlap
 * and they can use a common color (an uncolored region uses every color).
 */
import { isBanksMember, isColorsMember, type Cell as CellNode } from '../generated/ast.js';
import type { Cell, MemoryRegion, Platform } from '../../simulator/model/types.js';
import { formatSet, reportAt, type Rule, type RuleContext } from './rule-context.js';

function declaredShared(a: Cell, b: Cell): boolean {
    return a.sharedWith.includes(b.name) || b.sharedWith.includes(a.name);
}

function member(ctx: RuleContext, cell: Cell, guard: (n: unknown) => boolean) {
    return (ctx.index.nodeOf(cell) as CellNode | undefined)?.members.find(guard);
}

/**
 * Every pair of cells (earlier a, later b) that have a value in common, reported in the order of a pairwise scan (b,
 * then a, in declaration order). Only the pairs that share a value are visited (found through an index from each value
 * to the cells using it), so n cells with disjoint values cost O(n), not O(n²).
 */
function checkDisjoint(ctx: RuleContext, pick: (c: Cell) => number[], what: string, code: string, guard: (n: unknown) => boolean): void {
    const cells = ctx.model.cells;
    const usedBy = new Map<number, number[]>();
    for (let i = 0; i < cells.length; i++) {
        const earlier = new Set<number>();
        for (const v of pick(cells[i])) {
            const list = usedBy.get(v);
            if (list) for (const j of list) earlier.add(j);
        }
        for (const v of new Set(pick(cells[i]))) {
            const list = usedBy.get(v);
            if (list) list.push(i);
            else usedBy.set(v, [i]);
        }
        for (const j of [...earlier].sort((x, y) => x - y)) {
            const a = cells[j];
            const b = cells[i];
            if (declaredShared(a, b)) continue;
            const common = pick(b).filter((v) => pick(a).includes(v));
            if (common.length === 0) continue;
            const other = member(ctx, a, guard);
            reportAt(ctx, b, 'error', code, `Cells '${a.name}' and '${b.name}' share ${what} ${formatSet(common)}: isolation is lost (declare 'shared with ${a.name}' if intended)`, {
                node: member(ctx, b, guard), ...(other ? { related: [{ node: other, message: `${what} of '${a.name}'` }] } : {}),
            });
        }
    }
}

export const colorAndBankIsolation: Rule = (ctx) => {
    checkDisjoint(ctx, (c) => c.colors, 'cache colors', 'color-overlap', isColorsMember);
    checkDisjoint(ctx, (c) => c.banks, 'DRAM banks', 'bank-overlap', isBanksMember);
};

/** Physical address span of a region, honouring coloring. */
export function physicalSpan(region: MemoryRegion, cell: Cell, platform: Platform): number {
    const k = cell.colors.length;
    if (!region.colored || k === 0 || platform.colors === 0) return region.size;
    const perWay = k * platform.pageSize;
    const ways = Math.ceil(region.size / perWay);
    return ways * platform.colors * platform.pageSize;
}

interface Placed { cell: Cell; region: MemoryRegion; start: number; end: number; colors: number[] | 'all' }

export const memoryIsolation: Rule = (ctx) => {
    const platform = ctx.model.platform;
    const placed: Placed[] = ctx.model.cells.flatMap((cell) => cell.memory.filter((r) => r.size > 0).map((region) => ({
        cell, region, start: region.phys, end: region.phys + physicalSpan(region, cell, platform),
        colors: region.colored && cell.colors.length > 0 ? cell.colors : 'all' as const,
    })));
    for (let i = 0; i < placed.length; i++) {
        for (let j = 0; j < i; j++) {
            const a = placed[j];
            const b = placed[i];
            if (a.start >= b.end || b.start >= a.end) continue;
            if (a.cell !== b.cell && declaredShared(a.cell, b.cell)) continue;
            if (a.colors !== 'all' && b.colors !== 'all' && !a.colors.some((c) => (b.colors as number[]).includes(c))) continue;
            const otherNode = ctx.index.nodeOf(a.region);
            const where = a.cell === b.cell ? `region '${a.region.name}' of the same cell` : `region '${a.region.name}' of cell '${a.cell.name}'`;
            reportAt(ctx, b.region, 'error', 'memory-overlap', `Region '${b.region.name}' (0x${b.start.toString(16)}..0x${b.end.toString(16)}) overlaps ${where} (0x${a.start.toString(16)}..0x${a.end.toString(16)})${a.colors !== 'all' && b.colors !== 'all' ? ' and they share cache colors' : ''}`, {
                property: 'phys', ...(otherNode ? { related: [{ node: otherNode, message: `region '${a.region.name}'` }] } : {}),
            });
        }
    }
};

export const pageAlignment: Rule = (ctx) => {
    const page = ctx.model.platform.pageSize;
    if (page <= 0) return;
    for (const cell of ctx.model.cells) {
        for (const region of cell.memory) {
            const bad: Array<[string, number, string]> = [];
            if (region.phys % page !== 0) bad.push(['start', region.phys, 'phys']);
            if (region.virt !== region.phys && region.virt % page !== 0) bad.push(['guest address', region.virt, 'virt']);
            if (region.size % page !== 0) bad.push(['size', region.size, 'size']);
            for (const [what, value, property] of bad) {
                reportAt(ctx, region, 'error', 'region-alignment', `The ${what} of region '${region.name}' (0x${value.toString(16)}) is not a multiple of the ${page}-byte page`, { property });
            }
        }
    }
};
