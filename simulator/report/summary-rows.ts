/**
 * The summary table above the timeline: each simulated item's analysed bound beside what the run observed. Shared by
 * the standalone report (`rtcell simulate --html`) and the VS Code timeline, so both call the same thing late.
 */
import type { LatencyStatistics } from '../engine/types.js';
import type { SummaryRow } from './protocol.js';

/** What the analysis said about an item (absent fields: no bound, no deadline). */
export interface ItemBoundInfo {
    wcrt?: number | null;
    deadline?: number | null;
    verdict: string;
}

/**
 * Late: a deadline missed in the run, an unschedulable verdict, or an observed maximum above the deadline.
 * On time: none of those and a schedulable verdict. Otherwise unknown.
 */
export function summaryRows(statistics: readonly LatencyStatistics[], boundOf: (s: LatencyStatistics) => ItemBoundInfo | undefined): SummaryRow[] {
    return statistics.map((s) => {
        const b = boundOf(s);
        const deadline = b?.deadline ?? s.deadline ?? null;
        const observedMax = s.count > 0 ? s.max : null;
        const late = s.misses > 0 || b?.verdict === 'unschedulable' || (deadline !== null && observedMax !== null && observedMax > deadline);
        return {
            item: s.qualifiedName,
            kind: s.kind,
            bound: b?.wcrt ?? null,
            observedMax,
            deadline,
            verdict: late ? 'late' : b?.verdict === 'schedulable' ? 'ok' : 'unknown',
            ...(isAnalysisVerdict(b?.verdict) ? { analysis: b.verdict } : {}),
            misses: s.misses,
            ...(s.count > 0 && s.maxJob >= 0 ? { worstJob: s.maxJob } : {}),
            ...(s.source ? { source: s.source } : {}),
        };
    });
}

function isAnalysisVerdict(verdict: string | undefined): verdict is NonNullable<SummaryRow['analysis']> {
    return verdict === 'schedulable' || verdict === 'unschedulable' || verdict === 'inconclusive';
}
