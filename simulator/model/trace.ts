/**
 * The simulation trace consumed by the timeline (webview and HTML report). Columnar: one array per field, so a
 * trace of a million intervals is a handful of number arrays, not a million objects. Documented in docs/trace-format.md.
 */
import type { SourceRange } from './types.js';

export type LaneKind = 'core' | 'vcpu' | 'broker' | 'dma' | 'flow';

export interface TraceLane {
    kind: LaneKind;
    /** Display name: `core 1`, `control/v0`, `broker`, `gdma ch0`, `flow camera`. */
    name: string;
    /** Declaration the lane stands for (cell, VCPU, flow), for click-to-reveal. */
    source?: SourceRange;
}

/** What an interval stands for. */
export type IntervalKind = 'task' | 'broker' | 'hypervisor' | 'throttled' | 'idle' | 'chunk' | 'transfer' | 'irq';
export const INTERVAL_KINDS: readonly IntervalKind[] = ['task', 'broker', 'hypervisor', 'throttled', 'idle', 'chunk', 'transfer', 'irq'];

export type MarkerKind = 'release' | 'completion' | 'deadline' | 'miss' | 'ipi';
export const MARKER_KINDS: readonly MarkerKind[] = ['release', 'completion', 'deadline', 'miss', 'ipi'];

/** A named thing intervals and markers refer to (a task, a flow, an event), with its declaration. */
export interface TraceItem {
    name: string;
    kind: 'task' | 'flow' | 'event' | 'broker' | 'hypervisor';
    source?: SourceRange;
}

export interface TraceIntervals {
    /** Index into `lanes`. */
    lane: number[];
    /** Start time, ns. */
    start: number[];
    /** End time, ns (exclusive). */
    end: number[];
    /** Index into INTERVAL_KINDS. */
    kind: number[];
    /** Index into `items`, or -1. */
    item: number[];
    /** Job (instance) number of the item, or -1. */
    job: number[];
}

export interface TraceMarkers {
    lane: number[];
    time: number[];
    /** Index into MARKER_KINDS. */
    kind: number[];
    item: number[];
    job: number[];
}

/**
 * The columns of each table in their one order: the JSON file writes them so, and the packed trace writes and reads
 * them so (a column's reference, `start` for `end`, comes before it). Every key of the table, checked below.
 */
export const INTERVAL_COLUMNS = ['lane', 'start', 'end', 'kind', 'item', 'job'] as const satisfies readonly (keyof TraceIntervals)[];
export const MARKER_COLUMNS = ['lane', 'time', 'kind', 'item', 'job'] as const satisfies readonly (keyof TraceMarkers)[];
type Missing<Table, Listed> = Exclude<keyof Table, Listed>;
// A key of TraceIntervals / TraceMarkers missing from its list makes one of these `true` a type error.
const intervalColumnsComplete: Missing<TraceIntervals, typeof INTERVAL_COLUMNS[number]> extends never ? true : never = true;
const markerColumnsComplete: Missing<TraceMarkers, typeof MARKER_COLUMNS[number]> extends never ? true : never = true;
void intervalColumnsComplete;
void markerColumnsComplete;

export interface Trace {
    format: 'rtcell-trace';
    version: 1;
    /** Simulated time span, ns. */
    duration: number;
    lanes: TraceLane[];
    items: TraceItem[];
    intervals: TraceIntervals;
    markers: TraceMarkers;
    /** True when the trace was cut at a size limit before `duration`. */
    truncated: boolean;
}
