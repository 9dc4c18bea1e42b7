/**
 * What the timeline shows besides the trace, and the messages between the timeline (webview or standalone report
 * page) and its host (the VS Code extension). Types only: shared by the renderer bundle, the report writer and the
 * extension, none of which may pull in the others' dependencies.
 */
import type { Trace } from '../model/trace.js';
import type { SourceRange } from '../model/types.js';

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
    source?: SourceRange;
}

/** Everything one timeline view renders. */
export interface TimelinePayload {
    title?: string;
    trace: Trace;
    rows?: SummaryRow[];
}

/** Host → timeline. */
export type HostMessage =
    | ({ type: 'trace' } & TimelinePayload)
    /** Highlight an item's bars (e.g. the declaration under the editor cursor); `null` clears. */
    | { type: 'select'; item: string | null };

/** Timeline → host. */
export type TimelineMessage =
    /** Sent once the script runs and has no trace yet: the host answers with a `trace` message. */
    | { type: 'ready' }
    /** The user clicked a bar, marker, lane name or summary row that has a declaration. */
    | { type: 'reveal'; source: SourceRange; item?: string; lane?: string }
    /** The host sent something the timeline cannot show. */
    | { type: 'error'; message: string };
