/**
 * The packed trace (simulator/report/packed-trace.ts) must come back identical to the trace it was packed from: every
 * value of every column, bit for bit (Object.is: -0 stays -0, NaN stays NaN), whatever encoding the writer chose.
 * Runs in Node, so it also covers the decoder's atob path (browsers with Uint8Array.fromBase64 take the other one;
 * test/webview covers both in Chromium).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INTERVAL_KINDS, type Trace, type TraceIntervals, type TraceMarkers } from '../../simulator/model/trace.js';
import { ByteWriter, readColumn, writeColumn } from '../../simulator/report/column-codec.js';
import { packTrace, traceForTimeline } from '../../simulator/report/pack-trace.js';
import type { PackedTrace } from '../../simulator/report/packed-trace.js';
import type { TraceView } from '../../simulator/report/protocol.js';
import { unpackTrace } from '../../simulator/report/unpack-trace.js';
import { buildSyntheticTrace } from '../webview/synthetic-trace.js';

/** Packs, sends through JSON (as the report and postMessage do), unpacks. */
function roundTrip(trace: Trace): { packed: PackedTrace; back: TraceView } {
    const packed = JSON.parse(JSON.stringify(packTrace(trace))) as PackedTrace;
    return { packed, back: unpackTrace(packed) };
}

/** The first place the decoded trace differs from the original, or undefined when identical. */
function firstDifference(original: Trace, back: TraceView): string | undefined {
    const { intervals, markers, ...rest } = original;
    const { intervals: backIntervals, markers: backMarkers, ...backRest } = back;
    if (JSON.stringify(rest) !== JSON.stringify(backRest)) return 'the fields around the columns';
    const tables: Array<[string, Record<string, ArrayLike<number>>, Record<string, ArrayLike<number>>]> = [
        ['intervals', intervals as unknown as Record<string, number[]>, backIntervals],
        ['markers', markers as unknown as Record<string, number[]>, backMarkers],
    ];
    for (const [table, columns, backColumns] of tables) {
        for (const name of Object.keys(columns)) {
            const a = columns[name];
            const b = backColumns[name];
            if (b.length !== a.length) return `${table}.${name}: ${b.length} values instead of ${a.length}`;
            for (let i = 0; i < a.length; i++) {
                if (!Object.is(a[i], b[i])) return `${table}.${name}[${i}]: ${String(b[i])} instead of ${String(a[i])}`;
            }
        }
    }
    return undefined;
}

function traceWith(intervals: TraceIntervals, markers: TraceMarkers = { lane: [], time: [], kind: [], item: [], job: [] }): Trace {
    return {
        format: 'rtcell-trace', version: 1, duration: 1_000_000, truncated: false,
        lanes: [{ kind: 'core', name: 'core 0' }, { kind: 'flow', name: 'flow <b>"x"</b>' }],
        items: [{ kind: 'task', name: 't' }],
        intervals, markers,
    };
}

function intervalsOf(rows: Array<[lane: number, start: number, end: number, kind: number, item: number, job: number]>): TraceIntervals {
    return {
        lane: rows.map((r) => r[0]), start: rows.map((r) => r[1]), end: rows.map((r) => r[2]),
        kind: rows.map((r) => r[3]), item: rows.map((r) => r[4]), job: rows.map((r) => r[5]),
    };
}

const encodings = (packed: PackedTrace) => Object.fromEntries(Object.entries(packed.intervals.columns).map(([name, c]) => [name, c.encoding]));

describe('packed trace', () => {
    it('round-trips the browser-test trace and keeps the fields around the columns as they are', () => {
        const { trace } = buildSyntheticTrace();
        const { packed, back } = roundTrip(trace);
        expect(firstDifference(trace, back)).toBeUndefined();
        expect(back.lanes).toEqual(trace.lanes);
        expect(back.items).toEqual(trace.items);
        expect(packed).toMatchObject({ format: 'rtcell-trace', version: 1, packing: 1, duration: trace.duration, truncated: false });
        // Lane, kind and item fit a byte; times are varint differences (end from its own start).
        expect(encodings(packed)).toEqual({ lane: 'uint8', start: 'varint', end: 'varint', kind: 'uint8', item: 'int8', job: 'int8' });
        expect(packed.intervals.columns.end).toMatchObject({ from: 'start' });
    });

    it('round-trips an empty trace', () => {
        const trace = traceWith(intervalsOf([]));
        const { packed, back } = roundTrip(trace);
        expect(firstDifference(trace, back)).toBeUndefined();
        expect(packed.intervals.count).toBe(0);
        expect(packed.bytes).toBe('');
    });

    it('keeps nanosecond times beyond 2^32 and up to 2^53 exact, and negative marker times', () => {
        const big = 2 ** 53 - 1;
        // Neighbours less than 2^52 apart, so every difference is an exact varint (up to 8 bytes long).
        const trace = traceWith(intervalsOf([
            [0, 2 ** 32 + 7, 2 ** 32 + 8, 0, 0, 0],
            [0, 5_000_000_000_123, 5_000_000_000_456, 0, 0, 1],
            [0, 2 ** 52 + 12_345, 2 ** 52 + 12_346, 0, 0, 2],
            [1, big - 10, big, 6, -1, 2 ** 31],
            [0, 2 ** 52, 2 ** 52 + 3_000_000_000, 0, 0, 3],
        ]), { lane: [0, 1, 1], time: [-1_500_000, 2 ** 52 - 2_000_000, big - 3_000_000], kind: [0, 2, 1], item: [0, -1, -1], job: [-1, 70_000, 0] });
        const { packed, back } = roundTrip(trace);
        expect(firstDifference(trace, back)).toBeUndefined();
        expect(packed.intervals.columns.start.encoding).toBe('varint');
        expect(packed.markers.columns.time.encoding).toBe('varint');
    });

    it('falls back to float64 for a column varints cannot carry exactly, and only for that column', () => {
        const trace = traceWith(intervalsOf([
            [0, 0.5, 2, 0, 0, 0], // a fraction
            [0, -0, 3, 0, 0, 1], // -0 (varints would give 0 back)
            [0, 2 ** 60, 2 ** 60 + 2 ** 10, 0, 0, 2], // beyond 2^53
        ]));
        const { packed, back } = roundTrip(trace);
        expect(firstDifference(trace, back)).toBeUndefined();
        expect(encodings(packed)).toMatchObject({ start: 'float64', end: 'float64', lane: 'uint8', job: 'uint8' });
        // A difference of 2^53 or more between neighbours is not exact as a varint either.
        const spread = traceWith(intervalsOf([[0, -(2 ** 52), 0, 0, 0, 0], [0, 2 ** 52, 2 ** 52 + 1, 0, 0, 1]]));
        const spreadBack = roundTrip(spread);
        expect(firstDifference(spread, spreadBack.back)).toBeUndefined();
        expect(spreadBack.packed.intervals.columns.start.encoding).toBe('float64');
    });

    it('picks the narrowest integer array for small columns and varints where they are smaller', () => {
        const rows = Array.from({ length: 300 }, (_, i): [number, number, number, number, number, number] => [i % 2, i * 1000, i * 1000 + 10, 1, i % 2 === 0 ? -1 : 20_000, i * 300]);
        const trace = traceWith(intervalsOf(rows));
        const { packed, back } = roundTrip(trace);
        expect(firstDifference(trace, back)).toBeUndefined();
        // item alternates -1 and 20000: int16 (a varint of the jump would take 3 bytes); job grows by 300 a row: a
        // 2-byte varint each, smaller than int32.
        expect(encodings(packed)).toEqual({ lane: 'uint8', start: 'varint', end: 'varint', kind: 'uint8', item: 'int16', job: 'varint' });
        for (const column of Object.values(packed.intervals.columns)) {
            if (column.encoding === 'int16') expect(column.offset % 2).toBe(0);
        }
    });

    it('round-trips any columns of numbers (property: integers of every size, doubles, -0, NaN, infinities)', () => {
        const anyNumber = fc.oneof(
            fc.integer({ min: -200, max: 200 }),
            fc.integer(),
            fc.maxSafeInteger(),
            fc.constantFrom(2 ** 53, -(2 ** 53), 2 ** 31, 2 ** 32, -0, 0),
            fc.double(),
        );
        const columns = (names: readonly string[]) => fc.nat({ max: 40 }).chain((n) =>
            fc.record(Object.fromEntries(names.map((name) => [name, fc.array(anyNumber, { minLength: n, maxLength: n })]))));
        fc.assert(fc.property(
            columns(['lane', 'start', 'end', 'kind', 'item', 'job']), columns(['lane', 'time', 'kind', 'item', 'job']),
            (intervals, markers) => {
                const trace = traceWith(intervals as unknown as TraceIntervals, markers as unknown as TraceMarkers);
                // Straight from the packer (NaN and infinities do not survive the JSON the other tests go through).
                expect(firstDifference(trace, unpackTrace(packTrace(trace)))).toBeUndefined();
            },
        ), { numRuns: 300 });
    });

    it('round-trips simulator-shaped traces (property: per-lane runs from large start times, overlaps, gaps)', () => {
        const lane = fc.record({
            origin: fc.oneof(fc.nat({ max: 1_000_000 }), fc.integer({ min: 0, max: 2 ** 53 - 2 ** 40 })),
            spans: fc.array(fc.tuple(fc.integer({ min: -5_000, max: 10_000_000 }), fc.integer({ min: 1, max: 3_000_000_000 }), fc.integer({ min: -1, max: 2 })), { maxLength: 60 }),
        });
        fc.assert(fc.property(fc.array(lane, { minLength: 1, maxLength: 4 }), fc.boolean(), (lanes, interleave) => {
            const rows: Array<[number, number, number, number, number, number]> = [];
            lanes.forEach(({ origin, spans }, laneNo) => {
                let t = origin;
                spans.forEach(([gap, length, item], job) => {
                    t += gap;
                    rows.push([laneNo, t, t + length, INTERVAL_KINDS.indexOf(item < 0 ? 'idle' : 'task'), item, job]);
                    t += length;
                });
            });
            // The simulator emits intervals as they finish: across lanes, out of start order.
            if (interleave) rows.sort((a, b) => a[2] - b[2]);
            const trace = traceWith(intervalsOf(rows), {
                lane: rows.map((r) => r[0]), time: rows.map((r) => r[1] - 1_000), kind: rows.map(() => 0), item: rows.map((r) => r[4]), job: rows.map((r) => r[5]),
            });
            expect(firstDifference(trace, roundTrip(trace).back)).toBeUndefined();
        }), { numRuns: 200 });
    });

    it('reads integer columns from bytes that cannot be viewed in place (unaligned) through the byte-by-byte path', () => {
        const values = [-32768, -1, 0, 1, 32767, 12345];
        const writer = new ByteWriter(0);
        const column = writeColumn(writer, values);
        expect(column.encoding).toBe('int16');
        const shifted = new Uint8Array(writer.length + 1);
        shifted.set(writer.result(), 1);
        expect(Array.from(readColumn(shifted.subarray(1), column, values.length))).toEqual(values);
    });

    it('refuses a damaged packing with a readable message', () => {
        const { trace } = buildSyntheticTrace();
        const packed = packTrace(trace);
        expect(() => unpackTrace({ ...packed, packing: 2 as never })).toThrow(/packing 2 is not supported/);
        expect(() => unpackTrace({ ...packed, bytes: packed.bytes.slice(0, 40) })).toThrow(/outside the packed bytes/);
        expect(() => unpackTrace({ ...packed, bytes: '#not base64#' })).toThrow(/not valid base64/);
        const start = packed.intervals.columns.start;
        expect(() => unpackTrace({ ...packed, intervals: { ...packed.intervals, count: packed.intervals.count + 1 } })).toThrow(/bytes/);
        expect(() => unpackTrace({ ...packed, intervals: { ...packed.intervals, columns: { ...packed.intervals.columns, start: { ...start, length: start.length - 1 } } } }))
            .toThrow(/start|runs past its bytes|left over/);
        expect(() => unpackTrace({ ...packed, intervals: { ...packed.intervals, columns: { ...packed.intervals.columns, kind: { encoding: 'base91', offset: 0, length: 1 } as never } } }))
            .toThrow(/intervals.kind has an unknown encoding "base91"/);
        expect(() => unpackTrace({ ...packed, markers: { ...packed.markers, columns: { ...packed.markers.columns, time: { encoding: 'varint', from: 'start', offset: 0, length: 1 } } } }))
            .toThrow(/markers.time cannot be a difference from start/);
    });

    it('sends a malformed trace to the timeline as it is, so the timeline names the problem', () => {
        const { trace } = buildSyntheticTrace();
        expect(traceForTimeline(trace)).toMatchObject({ packing: 1 });
        const broken = structuredClone(trace);
        broken.intervals.lane[0] = 99;
        expect(traceForTimeline(broken)).toBe(broken);
    });
});
