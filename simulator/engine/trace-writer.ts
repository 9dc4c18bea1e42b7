/**
 * Records intervals and markers as the simulation runs, with a size cap, into fixed-size blocks of typed columns that
 * go to a trace sink (trace-sink.ts) as they fill. Each lane also has a "current activity" so that the engine only
 * reports changes; consecutive identical activities merge into one interval.
 */
import { INTERVAL_KINDS, MARKER_KINDS, type IntervalKind, type MarkerKind, type TraceItem, type TraceLane } from '../model/trace.js';
import type { IntervalBlock, MarkerBlock, TraceSink } from './trace-sink.js';

export const IK: Readonly<Record<IntervalKind, number>> = Object.fromEntries(INTERVAL_KINDS.map((k, i) => [k, i])) as Record<IntervalKind, number>;
export const MK: Readonly<Record<MarkerKind, number>> = Object.fromEntries(MARKER_KINDS.map((k, i) => [k, i])) as Record<MarkerKind, number>;

/** No activity on a lane (a gap in the timeline). */
export const NO_ACTIVITY = -1;

/** Rows per block: large enough that a sink's per-block work is negligible, small enough to stay in cache. */
const BLOCK_ROWS = 8192;

export class TraceWriter {
    readonly lanes: TraceLane[] = [];
    readonly items: TraceItem[] = [];
    private readonly iv: IntervalBlock = {
        lane: new Int32Array(BLOCK_ROWS), start: new Float64Array(BLOCK_ROWS), end: new Float64Array(BLOCK_ROWS),
        kind: new Int32Array(BLOCK_ROWS), item: new Int32Array(BLOCK_ROWS), job: new Float64Array(BLOCK_ROWS),
    };
    private readonly mk: MarkerBlock = {
        lane: new Int32Array(BLOCK_ROWS), time: new Float64Array(BLOCK_ROWS),
        kind: new Int32Array(BLOCK_ROWS), item: new Int32Array(BLOCK_ROWS), job: new Float64Array(BLOCK_ROWS),
    };
    /** Rows in the current blocks. */
    private ivRows = 0;
    private mkRows = 0;
    /** Rows handed to the sink or in the current blocks. */
    private ivTotal = 0;
    private mkTotal = 0;
    private curKind: number[] = [];
    private curItem: number[] = [];
    private curJob: number[] = [];
    private curStart: number[] = [];
    truncated = false;

    constructor(private readonly maxRows: number, private readonly sink: TraceSink) {}

    addLane(lane: TraceLane): number {
        this.lanes.push(lane);
        this.curKind.push(NO_ACTIVITY);
        this.curItem.push(-1);
        this.curJob.push(-1);
        this.curStart.push(0);
        return this.lanes.length - 1;
    }

    addItem(item: TraceItem): number {
        this.items.push(item);
        return this.items.length - 1;
    }

    /** Records one finished interval (ignored when empty; dropped, with `truncated` set, past the cap). */
    interval(lane: number, start: number, end: number, kind: number, item: number, job: number): void {
        if (end <= start || this.truncated) return;
        if (this.ivTotal >= this.maxRows) {
            this.truncated = true;
            return;
        }
        const b = this.iv;
        const i = this.ivRows;
        b.lane[i] = lane;
        b.start[i] = start;
        b.end[i] = end;
        b.kind[i] = kind;
        b.item[i] = item;
        b.job[i] = job;
        this.ivTotal++;
        if (++this.ivRows === BLOCK_ROWS) this.flushIntervals();
    }

    marker(lane: number, time: number, kind: number, item: number, job: number): void {
        // Once anything was dropped, nothing more is recorded: the trace is then complete up to one point in time.
        if (this.truncated) return;
        if (this.mkTotal >= this.maxRows) {
            this.truncated = true;
            return;
        }
        const b = this.mk;
        const i = this.mkRows;
        b.lane[i] = lane;
        b.time[i] = time;
        b.kind[i] = kind;
        b.item[i] = item;
        b.job[i] = job;
        this.mkTotal++;
        if (++this.mkRows === BLOCK_ROWS) this.flushMarkers();
    }

    /** The lane's activity from `time` on; closes the previous activity's interval when it differs. */
    activity(lane: number, time: number, kind: number, item: number, job: number): void {
        if (this.curKind[lane] === kind && this.curItem[lane] === item && this.curJob[lane] === job) return;
        if (this.curKind[lane] !== NO_ACTIVITY) {
            this.interval(lane, this.curStart[lane], time, this.curKind[lane], this.curItem[lane], this.curJob[lane]);
        }
        this.curKind[lane] = kind;
        this.curItem[lane] = item;
        this.curJob[lane] = job;
        this.curStart[lane] = time;
    }

    /** Closes every lane's activity at `duration`, hands the last rows to the sink and tells it the run is over. */
    finish(duration: number): void {
        for (let lane = 0; lane < this.lanes.length; lane++) this.activity(lane, duration, NO_ACTIVITY, -1, -1);
        this.flushIntervals();
        this.flushMarkers();
        this.sink.finish({
            duration, lanes: this.lanes, items: this.items, truncated: this.truncated,
            intervalCount: this.ivTotal, markerCount: this.mkTotal,
        });
    }

    private flushIntervals(): void {
        if (this.ivRows > 0) this.sink.intervals(this.iv, this.ivRows);
        this.ivRows = 0;
    }

    private flushMarkers(): void {
        if (this.mkRows > 0) this.sink.markers(this.mk, this.mkRows);
        this.mkRows = 0;
    }
}
