/**
 * Where a simulation's trace goes while the run is under way. The trace writer (trace-writer.ts) fills fixed-size
 * blocks of typed columns and hands each full block to a sink, so the engine never grows a JS array per column and a
 * sink that writes to disk (cli/trace-file-sink.ts) keeps memory flat however long the run is. The in-memory sink
 * below is what `simulate(..., { trace: true })` uses to return the trace as one object (docs/trace-format.md).
 */
import { INTERVAL_COLUMNS, MARKER_COLUMNS, type Trace, type TraceItem, type TraceLane } from '../model/trace.js';

/** One block of interval rows; only the first `count` rows passed with it are meaningful. */
export interface IntervalBlock {
    lane: Int32Array;
    start: Float64Array;
    end: Float64Array;
    kind: Int32Array;
    item: Int32Array;
    /** A job number can outgrow 32 bits on a long run with a fast event. */
    job: Float64Array;
}

/** One block of marker rows. */
export interface MarkerBlock {
    lane: Int32Array;
    time: Float64Array;
    kind: Int32Array;
    item: Int32Array;
    job: Float64Array;
}

/** What is known only once the run is over (lanes and items are complete before the first row, but a sink may wait). */
export interface TraceSummary {
    duration: number;
    lanes: readonly TraceLane[];
    items: readonly TraceItem[];
    truncated: boolean;
    intervalCount: number;
    markerCount: number;
}

export interface TraceSink {
    /**
     * The next `count` interval rows, in the order they were emitted. The block's arrays are reused by the writer as
     * soon as the call returns: a sink that keeps rows copies them.
     */
    intervals(block: IntervalBlock, count: number): void;
    markers(block: MarkerBlock, count: number): void;
    /** Called once, after the last block. */
    finish(summary: TraceSummary): void;
}

export { INTERVAL_COLUMNS, MARKER_COLUMNS };

/** Copies of the blocks, joined into one `Trace` (plain number arrays, as JSON has them) at the end. */
export class CollectingTraceSink implements TraceSink {
    private readonly intervalBlocks: { block: IntervalBlock; count: number }[] = [];
    private readonly markerBlocks: { block: MarkerBlock; count: number }[] = [];
    private collected?: Trace;

    intervals(block: IntervalBlock, count: number): void {
        this.intervalBlocks.push({ block: copyBlock(block, INTERVAL_COLUMNS, count), count });
    }

    markers(block: MarkerBlock, count: number): void {
        this.markerBlocks.push({ block: copyBlock(block, MARKER_COLUMNS, count), count });
    }

    finish(summary: TraceSummary): void {
        const intervals = joinBlocks(this.intervalBlocks, INTERVAL_COLUMNS, summary.intervalCount);
        const markers = joinBlocks(this.markerBlocks, MARKER_COLUMNS, summary.markerCount);
        this.intervalBlocks.length = 0;
        this.markerBlocks.length = 0;
        this.collected = {
            format: 'rtcell-trace',
            version: 1,
            duration: summary.duration,
            lanes: [...summary.lanes],
            items: [...summary.items],
            intervals: intervals as unknown as Trace['intervals'],
            markers: markers as unknown as Trace['markers'],
            truncated: summary.truncated,
        };
    }

    /** The whole trace; only after `finish`. */
    trace(): Trace {
        if (!this.collected) throw new Error('the trace is read before the simulation finished');
        return this.collected;
    }
}

/** Hands every block to each sink in turn (a file and the HTML report from one run). */
export function teeTraceSinks(...sinks: TraceSink[]): TraceSink {
    return {
        intervals: (block, count) => sinks.forEach((s) => s.intervals(block, count)),
        markers: (block, count) => sinks.forEach((s) => s.markers(block, count)),
        finish: (summary) => sinks.forEach((s) => s.finish(summary)),
    };
}

type Columns = Record<string, Int32Array | Float64Array>;

function copyBlock<B extends object>(block: B, columns: readonly string[], count: number): B {
    const copy: Columns = {};
    for (const name of columns) copy[name] = (block as unknown as Columns)[name].slice(0, count);
    return copy as unknown as B;
}

function joinBlocks(blocks: readonly { block: object; count: number }[], columns: readonly string[], total: number): Record<string, number[]> {
    const joined: Record<string, number[]> = {};
    for (const name of columns) {
        // Preallocated and filled in place: pushing grows the array step by step, several times slower at this size.
        const out = new Array<number>(total);
        let at = 0;
        for (const { block, count } of blocks) {
            const values = (block as Columns)[name];
            for (let i = 0; i < count; i++) out[at++] = values[i];
        }
        if (at !== total) throw new Error(`trace column ${name}: ${at} rows collected, ${total} announced`);
        joined[name] = out;
    }
    return joined;
}
