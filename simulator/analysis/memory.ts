/**
 * Memory bandwidth: per-core MemGuard budgets (bytes/s and LLC-refill events per period) plus the DMA budget, against
 * the guaranteed DRAM bandwidth (docs/semantics.md §7, Yun et al. 2013). docs/analysis.md §7.
 */
import { formatBandwidth } from '../model/units.js';
import type { SystemContext } from './context.js';
import type { MemoryResult } from './types.js';

export function analyzeMemory(ctx: SystemContext): MemoryResult {
    const { model } = ctx;
    const cores = [...ctx.cores.values()]
        .filter((c) => c.memguardSumBytesPerSecond !== undefined && c.memguardCell?.budget)
        .sort((a, b) => a.core - b.core)
        .map((c) => ({ core: c.core, cell: c.memguardCell!.name, bytesPerSecond: c.memguardSumBytesPerSecond!, eventsPerPeriod: c.memguardCell!.budget!.eventsPerPeriod }));
    const dmaBudget = model.hypervisor.broker?.dmaBudget;
    const total = cores.reduce((s, c) => s + c.bytesPerSecond, 0) + (dmaBudget?.bytesPerSecond ?? 0);
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
