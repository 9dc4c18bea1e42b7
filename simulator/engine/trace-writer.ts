/**
 * Streams intervals and markers into the columnar trace (simulator/model/trace.ts) as the simulation runs, with a size
 * cap. Each lane also has a "current activity" so that the engine only reports changes; consecutive identical
 * activities merge into one interval.
 */
import { INTERVAL_KINDS, MARKER_KINDS, type IntervalKind, type MarkerKind, type Trace, type TraceItem, type TraceLane } from '../model/trace.js';

export const IK: Readonly<Record<IntervalKind, number>> = Object.fromEntries(INTERVAL_KINDS.map((k, i) => [k, i])) as Record<IntervalKind, number>;
export const MK: Readonly<Record<MarkerKind, number>> = Object.fromEntries(MARKER_KINDS.map((k, i) => [k, i])) as Record<MarkerKind, number>;

/** No activity on a lane (a gap in the timeline). */
export const NO_ACTIVITY = -1;

export class TraceWriter {
    readonly lanes: TraceLane[] = [];
    readonly items: TraceItem[] = [];
    private readonly iLane: number[] = [];
    private readonly iStart: number[] = [];
    private readonly iEnd: number[] = [];
    private readonly iKind: number[] = [];
    private readonly iItem: number[] = [];
    private readonly iJob: number[] = [];
    private readonly mLane: number[] = [];
    private readonly mTime: number[] = [];
    private readonly mKind: number[] = [];
    private readonly mItem: number[] = [];
    private readonly mJob: number[] = [];
    private curKind: number[] = [];
    private curItem: number[] = [];
    private curJob: number[] = [];
    private curStart: number[] = [];
    truncated = false;

    constructor(private readonly maxIntervals: number) {}

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
        if (this.iLane.length >= this.maxIntervals) {
            this.truncated = true;
            return;
        }
        this.iLane.push(lane);
        this.iStart.push(start);
        this.iEnd.push(end);
        this.iKind.push(kind);
        this.iItem.push(item);
        this.iJob.push(job);
    }

    marker(lane: number, time: number, kind: number, item: number, job: number): void {
        // Once anything was dropped, nothing more is recorded: the trace is then complete up to one point in time.
        if (this.truncated) return;
        if (this.mLane.length >= this.maxIntervals) {
            this.truncated = true;
            return;
        }
        this.mLane.push(lane);
        this.mTime.push(time);
        this.mKind.push(kind);
        this.mItem.push(item);
        this.mJob.push(job);
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

    finish(duration: number): Trace {
        for (let lane = 0; lane < this.lanes.length; lane++) this.activity(lane, duration, NO_ACTIVITY, -1, -1);
        return {
            format: 'rtcell-trace',
            version: 1,
            duration,
            lanes: this.lanes,
            items: this.items,
            intervals: { lane: this.iLane, start: this.iStart, end: this.iEnd, kind: this.iKind, item: this.iItem, job: this.iJob },
            markers: { lane: this.mLane, time: this.mTime, kind: this.mKind, item: this.mItem, job: this.mJob },
            truncated: this.truncated,
        };
    }
}
