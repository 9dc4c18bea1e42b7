/**
 * Memory bandwidth: per-core MemGuard budgets (bytes/s and LLC-refill events per period) plus the DMA budget, against
 * the guaranteed DRAM bandwidth (docs/semantics.md §7, Yun et al. 2013). docs/analysis.md §7.
 */
import { bandwidthShares } from '../model/bandwidth.js';
import { formatBandwidth } from '../model/units.js';
import type { SystemContext } from './context.js';
import type { MemoryResult } from './types.js';

export function analyzeMemory(ctx: SystemContext): MemoryResult {
    const { model } = ctx;
    const shares = bandwidthShares(model);
    const cores = shares.cores.map((s) => ({ core: s.core, cell: s.cell.name, bytesPerSecond: s.budget.bytesPerSecond, eventsPerPeriod: s.budget.eventsPerPeriod }));
    const dmaBudget = shares.dma;
    const total = shares.total;
    const guaranteed = model.platform.dram.guaranteedBandwidth;
    const ok = total <= guaranteed;
    return {
        period: model.hypervisor.memguardPeriod,
        cores,
        ...(dmaBudget ? { dma: { bytesPerSecond: dmaBudget.bytesPerSecond, bytesPerPeriod: dmaBudget.bytesPerPeriod } } : {}),
        total, guaranteed,
        verdict: ok ? 'schedulable' : 'unschedulable',
        ...(ok ? {} : { reason: `the budgets add up to ${formatBandwidth(total)}, more than the guaranteed ${formatBandwidth(guaranteed)}: MemGuard's guarantees do not hold` }),
    };
}
