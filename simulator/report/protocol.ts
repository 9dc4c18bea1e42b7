/**
 * What the timeline renders: the trace and the summary table. Types only, shared by the renderer bundle, the report
 * writer and the extension. The messages between the timeline webview and the extension are protocol and live with
 * every other protocol type in server/protocol.ts.
 */
import type { Trace, TraceIntervals, TraceMarkers } from '../model/trace.js';
import type { SourceRange } from '../model/types.js';
import type { PackedTrace } from './packed-trace.js';

/** One line of the summary table shown above the timeline: an item's analysed bound against what the run observed. */
export interface SummaryRow {
    /** Task, flow or event name as declared. */
    item: string;
    /** `task`, `flow`, `event`... (shown as given). */
    kind?: string;
    /** Analysed worst-case response time or latency bound, ns; null when the analysis found none (unbounded). */
    bound?: number | null;
    /** Largest response time or latency seen in the simulation, ns. */
    observedMax?: number | null;
    /** Deadline or latency requirement, ns. */
    deadline?: number | null;
    /** `ok`: meets its deadline; `late`: bound or observation exceeds it; `unknown`: not checked. */
    verdict: 'ok' | 'late' | 'unknown';
    /** Replaces the default verdict wording (`on time`, `LATE`, `-`). */
    verdictText?: string;
    /** What the analysis said, on its own (the `verdict` above combines it with the run). */
    analysis?: 'schedulable' | 'unschedulable' | 'inconclusive';
    /** Jobs the run saw miss their deadline. */
    misses?: number;
    /** Job number of the worst observed latency (the timeline's "go to worst job"). */
    worstJob?: number;
    source?: SourceRange;
}

/** Everything one timeline view renders. */
export interface TimelinePayload {
    title?: string;
    /** As it is, or packed (packed-trace.ts: what the report embeds and the extension posts, far cheaper to read). */
    trace: Trace | PackedTrace;
    rows?: SummaryRow[];
    /** Item to highlight once shown (its name in the trace's items), e.g. the flow whose "Show timeline" lens opened it. */
    select?: string;
    /** With `select`: zoom to this job of the item (the hover's "show this job"). */
    focusJob?: number;
}

/** The trace as the renderer reads it: a plain `Trace`, or an unpacked one whose columns are typed arrays. */
export interface TraceView extends Omit<Trace, 'intervals' | 'markers'> {
    intervals: Readonly<Record<keyof TraceIntervals, ArrayLike<number>>>;
    markers: Readonly<Record<keyof TraceMarkers, ArrayLike<number>>>;
}
