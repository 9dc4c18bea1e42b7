/**
 * Per-lane index over the columnar trace: interval ids sorted by start, a running maximum of ends (so the first
 * interval that can reach into a window is found by binary search even when intervals overlap), a sub-row per
 * interval (overlapping spans, e.g. flow jobs in flight together, get stacked instead of hiding each other), and
 * a colour slot. Built once per trace; drawing and hit-testing only read it.
 */
import type { TraceView } from '../../simulator/report/protocol.js';
import { MARKER_KINDS } from '../../simulator/model/trace.js';
import { colorSlotTable, SLOT_DMA_STALL, THROTTLED_KIND } from './palette.js';

/** More stacked rows than this and a lane would dwarf the others; further overlaps share the last row. */
export const MAX_ROWS_PER_LANE = 4;

export interface LaneData {
    lane: number;
    /** Interval ids (indices into the trace columns) in start order. */
    ids: Uint32Array;
    start: Float64Array;
    end: Float64Array;
    /** maxEnd[i] = max(end[0..i]): non-decreasing, so binary-searchable. */
    maxEnd: Float64Array;
    row: Uint8Array;
    color: Uint16Array;
    rows: number;
    /** Marker ids in time order. */
    markerIds: Uint32Array;
    markerTime: Float64Array;
    /** Flow lanes: each message from its release to its completion (end of the run if unfinished), chunks inside. */
    messages?: MessageSpans;
}

/** A flow lane's messages in release order; `row` is the stacked row their chunks are drawn on too. */
export interface MessageSpans {
    start: Float64Array;
    end: Float64Array;
    maxEnd: Float64Array;
    job: Float64Array;
    /** 1 when the message completed within the run. */
    completed: Uint8Array;
    row: Uint8Array;
    /** The flow's item (-1 when the lane has no release marker). */
    item: number;
}

export interface TraceIndex {
    lanes: LaneData[];
    /** For each item, true when at least one interval or marker refers to it (the legend lists only those). */
    itemUsed: boolean[];
    /** Interval id → its position in its lane's sorted arrays. */
    position: Uint32Array;
    intervalCount: number;
}

export function buildTraceIndex(trace: TraceView): TraceIndex {
    const laneCount = trace.lanes.length;
    const itemCount = trace.items.length;
    const iv = trace.intervals;
    const m = trace.markers;
    const n = iv.start.length;
    // used[item + 1]: the slot at 0 absorbs item -1, so marking needs no branch.
    const used = new Uint8Array(itemCount + 1);
    const slots = colorSlotTable(itemCount);

    // Built once per trace, so these loops mostly run before the JIT has optimised them. Each loop is alone in a
    // small function: V8 compiles a hot loop on the fly (OSR), and code after the loop in the same function has not
    // run yet, so it would throw the compiled code away (deoptimise) and restart the next loop in the interpreter.
    const intervals = bucketByLane(iv.lane, iv.start, laneCount);
    const markers = bucketByLane(m.lane, m.time, laneCount);
    const lanes: LaneData[] = [];
    const position = new Uint32Array(n);
    for (let lane = 0; lane < laneCount; lane++) {
        const ids = intervals.ids[lane];
        const start = intervals.time[lane];
        if (!intervals.sorted[lane]) sortLane(ids, start, iv.start);
        const count = ids.length;
        const end = new Float64Array(count);
        const maxEnd = new Float64Array(count);
        const color = new Uint16Array(count);
        const row = new Uint8Array(count);
        gatherLane(ids, iv, { position, end, maxEnd, color, used, slots, stride: itemCount + 1 });
        const kind = trace.lanes[lane].kind;
        if (kind === 'dma') recolorStalls(ids, iv.kind, color);

        const markerIds = markers.ids[lane];
        const markerTime = markers.time[lane];
        if (!markers.sorted[lane]) sortLane(markerIds, markerTime, m.time);
        markUsed(markerIds, m.item, used);
        let rows: number;
        let messages: MessageSpans | undefined;
        if (kind === 'flow') messages = messageSpans(markerIds, m, trace.duration);
        if (messages && messages.job.length > 0) {
            rows = messageRows(messages, ids, iv.job, row);
        } else {
            // No release markers to pair (a trace cut short, a hand-made one): stack the intervals themselves.
            messages = undefined;
            rows = assignRows(start, end, row);
        }
        lanes.push({ lane, ids, start, end, maxEnd, row, color, rows, markerIds, markerTime, ...(messages ? { messages } : {}) });
    }
    const itemUsed = Array.from(used.subarray(1), (u) => u === 1);
    return { lanes, itemUsed, position, intervalCount: n };
}

/** Index range [first, last) of the intervals of `lane` that may intersect (t0, t1); callers still skip end <= t0. */
export function visibleIntervalRange(lane: LaneData, t0: number, t1: number): [number, number] {
    return [firstIndexAbove(lane.maxEnd, t0), firstIndexAtLeast(lane.start, t1)];
}

/** Index range [first, last) of the markers of `lane` with t0 <= time <= t1. */
export function visibleMarkerRange(lane: LaneData, t0: number, t1: number): [number, number] {
    return [firstIndexAtLeast(lane.markerTime, t0), firstIndexAbove(lane.markerTime, t1)];
}

/** First i in [lo, hi) with values[i] >= value (values sorted ascending), or hi. */
export function firstIndexAtLeast(values: Float64Array, value: number, lo = 0, hi = values.length): number {
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (values[mid] < value) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/** First i with values[i] > value (values sorted ascending). */
export function firstIndexAbove(values: Float64Array, value: number): number {
    let lo = 0;
    let hi = values.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (values[mid] <= value) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/**
 * Splits rows by lane, in trace order (so equal times keep the trace order), gathering their times and noting whether
 * each lane arrived sorted by time (the simulator emits intervals as they finish, so some lanes are not).
 */
function bucketByLane(laneOf: ArrayLike<number>, timeOf: ArrayLike<number>, laneCount: number): { ids: Uint32Array[]; time: Float64Array[]; sorted: boolean[] } {
    const counts = countPerLane(laneOf, laneCount);
    const ids = Array.from(counts, (c) => new Uint32Array(c));
    const time = Array.from(counts, (c) => new Float64Array(c));
    const unsorted = new Uint8Array(laneCount);
    scatterByLane(laneOf, timeOf, ids, time, unsorted);
    return { ids, time, sorted: Array.from(unsorted, (u) => u === 0) };
}

function countPerLane(laneOf: ArrayLike<number>, laneCount: number): Uint32Array {
    const counts = new Uint32Array(laneCount);
    for (let i = 0; i < laneOf.length; i++) counts[laneOf[i]]++;
    return counts;
}

function scatterByLane(laneOf: ArrayLike<number>, timeOf: ArrayLike<number>, ids: Uint32Array[], time: Float64Array[], unsorted: Uint8Array): void {
    const fill = new Uint32Array(ids.length);
    const last = new Float64Array(ids.length).fill(-Infinity);
    for (let i = 0; i < laneOf.length; i++) {
        const lane = laneOf[i];
        const k = fill[lane]++;
        const t = timeOf[i];
        ids[lane][k] = i;
        time[lane][k] = t;
        if (t < last[lane]) unsorted[lane] = 1;
        last[lane] = t;
    }
}

interface LaneColumns {
    position: Uint32Array;
    end: Float64Array;
    maxEnd: Float64Array;
    color: Uint16Array;
    used: Uint8Array;
    slots: Uint16Array;
    stride: number;
}

/** Fills a lane's per-interval columns in its (sorted) order. */
function gatherLane(ids: Uint32Array, iv: TraceView['intervals'], out: LaneColumns): void {
    const { position, end, maxEnd, color, used, slots, stride } = out;
    const endOf = iv.end;
    const itemOf = iv.item;
    const kindOf = iv.kind;
    let runningMax = -Infinity;
    for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        position[id] = i;
        const e = endOf[id];
        end[i] = e;
        if (e > runningMax) runningMax = e;
        maxEnd[i] = runningMax;
        const item = itemOf[id];
        used[item + 1] = 1;
        color[i] = slots[kindOf[id] * stride + item + 1];
    }
}

function recolorStalls(ids: Uint32Array, kindOf: ArrayLike<number>, color: Uint16Array): void {
    for (let i = 0; i < ids.length; i++) if (kindOf[ids[i]] === THROTTLED_KIND) color[i] = SLOT_DMA_STALL;
}

const RELEASE = MARKER_KINDS.indexOf('release');
const COMPLETION = MARKER_KINDS.indexOf('completion');

/** A flow lane's messages from its release and completion markers (sorted by time), paired by job number. */
function messageSpans(markerIds: Uint32Array, m: TraceView['markers'], duration: number): MessageSpans {
    const released = new Map<number, number>();
    let item = -1;
    const completedAt = new Map<number, number>();
    for (let i = 0; i < markerIds.length; i++) {
        const id = markerIds[i];
        const kind = m.kind[id];
        if (kind === RELEASE) {
            if (!released.has(m.job[id])) released.set(m.job[id], m.time[id]);
            item = m.item[id];
        }
        else if (kind === COMPLETION) completedAt.set(m.job[id], m.time[id]);
    }
    const jobs = [...released.keys()].sort((a, b) => released.get(a)! - released.get(b)! || a - b);
    const n = jobs.length;
    const spans: MessageSpans = {
        start: new Float64Array(n), end: new Float64Array(n), maxEnd: new Float64Array(n), job: new Float64Array(n),
        completed: new Uint8Array(n), row: new Uint8Array(n), item,
    };
    let runningMax = -Infinity;
    jobs.forEach((job, i) => {
        const done = completedAt.get(job);
        spans.start[i] = released.get(job)!;
        spans.end[i] = Math.max(spans.start[i], done ?? duration);
        spans.completed[i] = done === undefined ? 0 : 1;
        spans.job[i] = job;
        runningMax = Math.max(runningMax, spans.end[i]);
        spans.maxEnd[i] = runningMax;
    });
    return spans;
}

/** Stacks the messages on rows and puts each chunk on its message's row. Returns the lane's row count. */
function messageRows(messages: MessageSpans, ids: Uint32Array, jobOf: ArrayLike<number>, row: Uint8Array): number {
    const rows = assignRows(messages.start, messages.end, messages.row);
    const rowOfJob = new Map<number, number>();
    for (let i = 0; i < messages.job.length; i++) rowOfJob.set(messages.job[i], messages.row[i]);
    for (let i = 0; i < ids.length; i++) row[i] = rowOfJob.get(jobOf[ids[i]]) ?? 0;
    return rows;
}

function markUsed(ids: Uint32Array, itemOf: ArrayLike<number>, used: Uint8Array): void {
    for (let i = 0; i < ids.length; i++) used[itemOf[ids[i]] + 1] = 1;
}

/** Stable sort of a lane's ids by time, then its gathered times again in the new order. */
function sortLane(ids: Uint32Array, time: Float64Array, timeOf: ArrayLike<number>): void {
    // Ties by id keep the trace order (typed-array sort is not guaranteed stable with a comparator on every engine).
    ids.sort((a, b) => timeOf[a] - timeOf[b] || a - b);
    for (let i = 0; i < ids.length; i++) time[i] = timeOf[ids[i]];
}

/** Greedy interval partitioning: each interval takes the first row that is free at its start. Returns the row count. */
function assignRows(start: Float64Array, end: Float64Array, row: Uint8Array): number {
    // rowEnd[r]: the latest end among the intervals placed on row r so far.
    const rowEnd = new Float64Array(MAX_ROWS_PER_LANE);
    let rows = 0;
    for (let i = 0; i < start.length; i++) {
        const s = start[i];
        let r = 0;
        while (r < rows && rowEnd[r] > s) r++;
        if (r === MAX_ROWS_PER_LANE) r = MAX_ROWS_PER_LANE - 1;
        if (r === rows) {
            rowEnd[r] = end[i];
            rows++;
        } else if (end[i] > rowEnd[r]) {
            rowEnd[r] = end[i];
        }
        row[i] = r;
    }
    return Math.max(1, rows);
}
