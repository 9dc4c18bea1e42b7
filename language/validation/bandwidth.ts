/**
 * MemGuard reservations are guaranteed only while all budgets together (every core's, plus the broker's DMA budget)
 * stay within the guaranteed DRAM bandwidth. Who counts is defined once, in simulator/model/bandwidth.ts.
 */
import { bandwidthShares as modelBandwidthShares } from '../../simulator/model/bandwidth.js';
import type { SystemModel } from '../../simulator/model/types.js';
import { formatBandwidth } from '../../simulator/model/format.js';
import { reportAt, type Rule } from './rule-context.js';

export interface BandwidthShare {
    /** What the share is for: `core 1 (sensor)` or `broker DMA`. */
    label: string;
    bytesPerSecond: number;
    /** The model element whose budget it is (a MemBudget or DmaBudget). */
    budget: object;
}

/** The shares as labelled entries (the rule's related locations, the scale-down quick-fix). */
export function bandwidthShares(model: SystemModel): BandwidthShare[] {
    const { cores, dma } = modelBandwidthShares(model);
    const shares: BandwidthShare[] = cores.map((s) => ({ label: `core ${s.core} (${s.cell.name})`, bytesPerSecond: s.budget.bytesPerSecond, budget: s.budget }));
    if (dma) shares.push({ label: 'broker DMA', bytesPerSecond: dma.bytesPerSecond, budget: dma });
    return shares;
}

export const bandwidthFits: Rule = (ctx) => {
    const shares = bandwidthShares(ctx.model);
    const total = shares.reduce((sum, s) => sum + s.bytesPerSecond, 0);
    const guaranteed = ctx.model.platform.dram.guaranteedBandwidth;
    if (shares.length === 0 || total <= guaranteed) return;
    const largest = shares.reduce((a, b) => (b.bytesPerSecond > a.bytesPerSecond ? b : a));
    reportAt(ctx, largest.budget, 'error', 'bandwidth-overcommit',
        `MemGuard budgets total ${formatBandwidth(total)}, above the guaranteed DRAM bandwidth of ${formatBandwidth(guaranteed)}: reservations are not guaranteed`, {
            // Every share that counts, the anchor's own included: a cell over several cores counts once per core.
            related: shares.flatMap((s) => {
                const node = ctx.index.nodeOf(s.budget);
                return node ? [{ node, message: `${s.label}: ${formatBandwidth(s.bytesPerSecond)}` }] : [];
            }),
        });
};
