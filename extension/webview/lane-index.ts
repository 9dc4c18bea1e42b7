/**
 * Per-lane index over the columnar trace: interval ids sorted by start, a running maximum of ends (so the first
 * interval that can reach into a window is found by binary search even when intervals overlap), a sub-row per
 * interval (overlapping spans, e.g. flow jobs in flight together, get stacked instead of hiding each other), and
 * a colour slot. Built once per trace; drawing and hit-testing only read it.
 */
import type { Trace } from '../../simulator/model/trace.js';
import { colorSlotFor } from './palette.js';

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
}

export interface TraceIndex {
    lanes: LaneData[];
    /** For each item, true when at least one interval or marker refers to it (the legend lists only those). */
    itemUsed: boolean[];
    /** Interval id → its position in its lane's sorted arrays. */
    position: Uint32Array;
    intervalCount: number;
}

export function buildTraceIndex(trace: Trace): TraceIndex {
    const laneCount = trace.lanes.length;
    const iv = trace.intervals;
    const n = iv.start.length;
    const itemUsed = new Array<boolean>(trace.items.length).fill(false);

    const perLane = bucketByLane(iv.lane, n, laneCount);
    const markerPerLane = bucketByLane(trace.markers.lane, trace.markers.time.length, laneCount);

    const lanes: LaneData[] = [];
    const position = new Uint32Array(n);
    for (let lane = 0; lane < laneCount; lane++) {
        const ids = perLane[lane];
        sortIdsBy(ids, iv.start);
        const count = ids.length;
        const start = new Float64Array(count);
        const end = new Float64Array(count);
        const maxEnd = new Float64Array(count);
        const color = new Uint16Array(count);
        let runningMax = -Infinity;
        for (let i = 0; i < count; i++) {
            const id = ids[i];
            position[id] = i;
            start[i] = iv.start[id];
            end[i] = iv.end[id];
            runningMax = Math.max(runningMax, end[i]);
            maxEnd[i] = runningMax;
            const item = iv.item[id];
            if (item >= 0) itemUsed[item] = true;
            color[i] = colorSlotFor(iv.kind[id], item);
        }
        const { row, rows } = assignRows(start, end);

        const markerIds = markerPerLane[lane];
        sortIdsBy(markerIds, trace.markers.time);
        const markerTime = new Float64Array(markerIds.length);
        for (let i = 0; i < markerIds.length; i++) {
            markerTime[i] = trace.markers.time[markerIds[i]];
            const item = trace.markers.item[markerIds[i]];
            if (item >= 0) itemUsed[item] = true;
        }
        lanes.push({ lane, ids, start, end, maxEnd, row, color, rows, markerIds, markerTime });
    }
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

function bucketByLane(laneOf: ArrayLike<number>, n: number, laneCount: number): Uint32Array[] {
    const counts = new Uint32Array(laneCount);
    for (let i = 0; i < n; i++) counts[laneOf[i]]++;
    const buckets = Array.from(counts, (c) => new Uint32Array(c));
    const fill = new Uint32Array(laneCount);
    for (let i = 0; i < n; i++) {
        const lane = laneOf[i];
        buckets[lane][fill[lane]++] = i;
    }
    return buckets;
}

/** Stable sort of ids by key; skipped when already sorted, which is what the simulator emits. */
function sortIdsBy(ids: Uint32Array, key: ArrayLike<number>): void {
    let sorted = true;
    for (let i = 1; i < ids.length; i++) {
        if (key[ids[i]] < key[ids[i - 1]]) {
            sorted = false;
            break;
        }
    }
    if (sorted) return;
    // Ties by id keep the trace order (typed-array sort is not guaranteed stable with a comparator on every engine).
    ids.sort((a, b) => key[a] - key[b] || a - b);
}

/** Greedy interval partitioning: each interval takes the first row that is free at its start. */
function assignRows(start: Float64Array, end: Float64Array): { row: Uint8Array; rows: number } {
    const row = new Uint8Array(start.length);
    const rowEnd: number[] = [];
    for (let i = 0; i < start.length; i++) {
        let r = 0;
        while (r < rowEnd.length && rowEnd[r] > start[i]) r++;
        if (r >= MAX_ROWS_PER_LANE) {
            r = MAX_ROWS_PER_LANE - 1;
        }
        if (r === rowEnd.length) rowEnd.push(end[i]);
        else rowEnd[r] = Math.max(rowEnd[r], end[i]);
        row[i] = r;
    }
    return { row, rows: Math.max(1, rowEnd.length) };
}
