/**
 * Quick-fixes for structural rules whose repair can be computed from the model alone: overlapping cache colors and
 * MemGuard budgets above the guaranteed DRAM bandwidth.
 */
import type { Range, TextEdit } from 'vscode-languageserver';
import * as ast from '../language/generated/ast.js';
import { bandwidthShares } from '../language/validation/bandwidth.js';
import { formatExact } from '../simulator/model/units.js';
import type { FixContext, ProposedFix } from './analysis-fixes.js';
import { defined, intSetText, replaceNode } from './text-edits.js';

function sameRange(a: Range | undefined, b: Range): boolean {
    return !!a && a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * The cell whose `colors` the diagnostic underlines gets colors no other cell uses (cells it declared `shared with`
 * excepted), as many as it had, lowest first: its cache share stays the same, its isolation comes back.
 */
export function colorOverlapFix(range: Range, ctx: FixContext): ProposedFix | undefined {
    const cell = ctx.model.cells.find((c) => {
        const node = ctx.index.nodeOf(c);
        return node && ast.isCell(node) && sameRange(node.members.find(ast.isColorsMember)?.$cstNode?.range, range);
    });
    if (!cell) return undefined;
    const cellNode = ctx.index.nodeOf(cell) as ast.Cell;
    const member = cellNode.members.find(ast.isColorsMember);
    if (!member) return undefined;
    const taken = new Set<number>();
    for (const other of ctx.model.cells) {
        if (other === cell || other.sharedWith.includes(cell.name) || cell.sharedWith.includes(other.name)) continue;
        for (const color of other.colors) taken.add(color);
    }
    const free: number[] = [];
    for (let color = 0; color < ctx.model.platform.colors; color++) if (!taken.has(color)) free.push(color);
    const wanted = Math.max(1, cell.colors.length);
    if (free.length === 0) return undefined;
    const chosen = pickColors(free, wanted);
    const text = intSetText(chosen);
    const shortfall = chosen.length < wanted ? ` (only ${chosen.length} of ${wanted} are free)` : '';
    return { title: `Use free cache colors ${text} for cell '${cell.name}'${shortfall}`, edits: defined([replaceNode(member.colors, text)]), preferred: true };
}

/** A contiguous run when one is long enough (contiguous colors keep colored regions compact), else the lowest ones. */
function pickColors(free: number[], wanted: number): number[] {
    for (let i = 0; i + wanted <= free.length; i++) {
        if (free[i + wanted - 1] - free[i] === wanted - 1) return free.slice(i, i + wanted);
    }
    return free.slice(0, wanted);
}

/**
 * Scales every MemGuard budget and the DMA budget by guaranteed / total, rounded down to whole MB/s (or whole events)
 * so the values stay readable; rounding down keeps the sum within the guaranteed bandwidth.
 */
export function bandwidthScaleFix(ctx: FixContext): ProposedFix | undefined {
    const shares = bandwidthShares(ctx.model);
    const total = shares.reduce((sum, s) => sum + s.bytesPerSecond, 0);
    const guaranteed = ctx.model.platform.dram.guaranteedBandwidth;
    if (total <= guaranteed || guaranteed <= 0) return undefined;
    const scale = (value: number): number => Number((BigInt(value) * BigInt(guaranteed)) / BigInt(total));
    const readable = (bytesPerSecond: number): number => (bytesPerSecond >= 10_000_000 ? Math.floor(bytesPerSecond / 1_000_000) * 1_000_000 : bytesPerSecond);
    const edits: Array<TextEdit | undefined> = [];
    for (const cell of ctx.model.cells) {
        if (!cell.budget) continue;
        const node = ctx.index.nodeOf(cell.budget);
        if (!node || !ast.isBudgetMember(node)) continue;
        if (node.budget.unit === 'events') {
            const events = scale(cell.budget.eventsPerPeriod);
            if (events <= 0) return undefined;
            edits.push(replaceNode(node.budget, `${events} events`));
        } else {
            const value = readable(scale(cell.budget.bytesPerSecond));
            if (value <= 0) return undefined;
            edits.push(replaceNode(node.budget, formatExact(value, 'bandwidth')));
        }
    }
    const dma = ctx.model.hypervisor.broker?.dmaBudget;
    const dmaNode = dma && ctx.index.nodeOf(dma);
    if (dma && dmaNode && ast.isBrokerBudgetOption(dmaNode)) {
        const value = readable(scale(dma.bytesPerSecond));
        if (value <= 0) return undefined;
        edits.push(replaceNode(dmaNode.budget, formatExact(value, 'bandwidth')));
    }
    const percent = Number((BigInt(guaranteed) * 1000n) / BigInt(total)) / 10;
    return { title: `Scale all memory budgets to ${percent} % so they fit the guaranteed ${formatExact(guaranteed, 'bandwidth')}`, edits: defined(edits), preferred: true };
}
