/**
 * MemGuard reservations are guaranteed only while all budgets together (every core's, plus the broker's DMA budget)
 * stay within the guaranteed DRAM bandwidth. A time-shared core counts with the largest budget of the cells on it.
 */
import type { SystemModel } from '../../simulator/model/types.js';
import { formatBandwidth } from '../../simulator/model/units.js';
import { reportAt, type Rule } from './rule-context.js';

export interface BandwidthShare {
    /** What the share is for: `core 1 (sensor)` or `broker DMA`. */
    label: string;
    bytesPerSecond: number;
    /** The model element whose budget it is (a MemBudget or DmaBudget). */
    budget: object;
}

export function bandwidthShares(model: SystemModel): BandwidthShare[] {
    const perCore = new Map<number, BandwidthShare>();
    for (const cell of model.cells) {
        if (!cell.budget) continue;
        const cores = [...new Set([...cell.cores, ...cell.vcpus.map((v) => v.core)])];
        for (const core of cores) {
            const current = perCore.get(core);
            if (!current || current.bytesPerSecond < cell.budget.bytesPerSecond) {
                perCore.set(core, { label: `core ${core} (${cell.name})`, bytesPerSecond: cell.budget.bytesPerSecond, budget: cell.budget });
            }
        }
    }
    const shares = [...perCore.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
    const dma = model.hypervisor.broker?.dmaBudget;
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
            related: shares.filter((s) => s !== largest).flatMap((s) => {
                const node = ctx.index.nodeOf(s.budget);
                return node ? [{ node, message: `${s.label}: ${formatBandwidth(s.bytesPerSecond)}` }] : [];
            }),
        });
};
