/** Display wording shared by diagnostics, hovers and inlay hints (display only: every decision uses integers). */
import type { BoundTerm, ItemResult, ThrottlingBudget } from '../simulator/analysis/types.js';
import { formatBandwidth, formatDuration as formatTime, formatSize, UNBOUNDED } from '../simulator/model/format.js';

export function dominantTerm(item: ItemResult): BoundTerm | undefined {
    if (item.terms.length === 0) return undefined;
    return item.terms.find((t) => t.id === item.dominant) ?? item.terms.reduce((a, b) => (b.value > a.value ? b : a));
}

export function describeThrottling(budget: ThrottlingBudget): string {
    if (budget.kind === 'dma') return `DMA budget ${formatBandwidth(budget.bytesPerSecond)} (${formatSize(budget.perPeriod)} per MemGuard period)`;
    return `MemGuard budget of core ${budget.core ?? '?'}: ${formatBandwidth(budget.bytesPerSecond)} (${budget.perPeriod} refills per period)`;
}

const KIND_WORD = { flow: 'Flow', task: 'Task', event: 'Event' } as const;

/** One sentence for an item that can miss its deadline. */
export function lateMessage(item: ItemResult): string {
    const who = `${KIND_WORD[item.kind]} '${item.name}'${item.kind !== 'flow' && item.owner ? ` (cell '${item.owner}')` : ''}`;
    const dominant = dominantTerm(item);
    const why = dominant ? ` Dominant term: ${dominant.label} (${formatTime(dominant.value)}).` : '';
    const what = item.kind === 'event' ? 'latency bound' : 'deadline';
    if (item.wcrt === undefined) {
        return `${who} has no ${item.kind === 'event' ? 'latency' : 'response-time'} bound: ${item.reason ?? 'the analysis found none'}.${why}`;
    }
    if (item.deadline !== undefined && item.wcrt > item.deadline) {
        const verb = item.kind === 'event' ? 'can exceed its latency bound' : 'can miss its deadline';
        return `${who} ${verb} by ${formatTime(item.wcrt - item.deadline)}: worst case ${formatTime(item.wcrt)} > ${what} ${formatTime(item.deadline)}.${why}`;
    }
    return `${who} is not schedulable: ${item.reason ?? `worst case ${formatTime(item.wcrt)}`}.${why}`;
}

/** The inlay hint text: `WCRT 1.23 ms · slack 0.77 ms`, `misses by 0.4 ms`, or `unbounded` (the tooltip says why). */
export function hintText(item: ItemResult): string {
    if (item.wcrt === undefined) return UNBOUNDED;
    const label = item.kind === 'event' ? 'latency' : 'WCRT';
    if (item.deadline === undefined) return `${label} ${formatTime(item.wcrt)}`;
    const slack = item.deadline - item.wcrt;
    if (slack < 0) return `misses by ${formatTime(-slack)}`;
    return `${label} ${formatTime(item.wcrt)} · slack ${formatTime(slack)}`;
}
