import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../simulator/model/trace.js';
import { buildTraceIndex, MAX_ROWS_PER_LANE, visibleIntervalRange } from '../../extension/webview/lane-index.js';
import { barPixels, laneAtY, layoutLanes, rowAtOffset, rowOffset } from '../../extension/webview/layout.js';
import { colorSlotFor } from '../../extension/webview/palette.js';
import { packTrace } from '../../simulator/report/pack-trace.js';
import { unpackTrace } from '../../simulator/report/unpack-trace.js';
import { buildSyntheticTrace } from './synthetic-trace.js';

function traceOf(intervals: Array<[lane: number, start: number, end: number]>, lanes = 2): Trace {
    return {
        format: 'rtcell-trace', version: 1, duration: 1000, truncated: false,
        lanes: Array.from({ length: lanes }, (_, i) => ({ kind: 'core' as const, name: `core ${i}` })),
        items: [{ kind: 'task', name: 't' }],
        intervals: {
            lane: intervals.map((i) => i[0]), start: intervals.map((i) => i[1]), end: intervals.map((i) => i[2]),
            kind: intervals.map(() => 0), item: intervals.map(() => 0), job: intervals.map((_, j) => j),
        },
        markers: { lane: [0, 0], time: [50, 10], kind: [0, 2], item: [0, 0], job: [0, 0] },
    };
}

describe('lane index', () => {
    it('sorts each lane by start, keeps ids, and maps ids back to positions', () => {
        const index = buildTraceIndex(traceOf([[0, 30, 40], [1, 5, 6], [0, 10, 20], [0, 0, 5]]));
        expect(Array.from(index.lanes[0].ids)).toEqual([3, 2, 0]);
        expect(Array.from(index.lanes[0].start)).toEqual([0, 10, 30]);
        expect(Array.from(index.lanes[1].ids)).toEqual([1]);
        expect(index.position[0]).toBe(2);
        expect(Array.from(index.lanes[0].markerTime)).toEqual([10, 50]);
    });

    it('marks the items in use (intervals and markers, item -1 ignored) and gives each bar its colour slot', () => {
        const trace = traceOf([[0, 0, 5], [1, 2, 3], [0, 6, 9]]);
        trace.items = [{ kind: 'task', name: 'a' }, { kind: 'task', name: 'unused' }, { kind: 'flow', name: 'marked' }];
        trace.intervals.item = [0, -1, 0];
        trace.intervals.kind = [0, 3, 2];
        trace.markers.item = [2, -1];
        const index = buildTraceIndex(trace);
        expect(index.itemUsed).toEqual([true, false, true]);
        expect(Array.from(index.lanes[0].color)).toEqual([colorSlotFor(0, 0), colorSlotFor(2, 0)]);
        expect(Array.from(index.lanes[1].color)).toEqual([colorSlotFor(3, -1)]);
    });

    it('indexes an unpacked trace (typed-array columns) exactly as the plain one', () => {
        const { trace } = buildSyntheticTrace();
        // Out of start order within lanes, as the simulator emits flow spans.
        const order = trace.intervals.lane.map((_, i) => i).reverse();
        for (const name of ['lane', 'start', 'end', 'kind', 'item', 'job'] as const) trace.intervals[name] = order.map((i) => trace.intervals[name][i]);
        const plain = buildTraceIndex(trace);
        const unpacked = buildTraceIndex(unpackTrace(packTrace(trace)));
        const arrays = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v));
        expect(arrays(unpacked)).toBe(arrays(plain));
        expect(plain.lanes.every((lane) => lane.start.every((t, i) => i === 0 || lane.start[i - 1] <= t))).toBe(true);
    });

    it('stacks overlapping intervals on separate rows, up to the row limit', () => {
        const index = buildTraceIndex(traceOf([[0, 0, 100], [0, 10, 50], [0, 20, 30], [0, 60, 70], [0, 21, 22], [0, 23, 24], [0, 200, 300]]));
        const lane = index.lanes[0];
        // sorted: [0,100] r0, [10,50] r1, [20,30] r2, [21,22] r3, [23,24] r3 (limit), [60,70] r1, [200,300] r0
        expect(Array.from(lane.row)).toEqual([0, 1, 2, 3, 3, 1, 0]);
        expect(lane.rows).toBe(MAX_ROWS_PER_LANE);
    });

    it('finds exactly the intervals intersecting a window (property, against a linear scan)', () => {
        const interval = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 300 })).map(([s, d]) => [0, s, s + d] as [number, number, number]);
        fc.assert(fc.property(fc.array(interval, { maxLength: 60 }), fc.integer({ min: -50, max: 1300 }), fc.integer({ min: 1, max: 500 }), (ivs, t0, span) => {
            const t1 = t0 + span;
            const lane = buildTraceIndex(traceOf(ivs)).lanes[0];
            const [a, b] = visibleIntervalRange(lane, t0, t1);
            const found = new Set<number>();
            for (let i = a; i < b; i++) if (lane.end[i] > t0) found.add(lane.ids[i]);
            const expected = new Set(ivs.flatMap(([, s, e], id) => (s < t1 && e > t0 ? [id] : [])));
            expect(found).toEqual(expected);
        }));
    });
});

describe('lane layout', () => {
    it('places lanes one under another and maps y back to lane and row', () => {
        const index = buildTraceIndex(traceOf([[0, 0, 10], [0, 5, 15], [1, 0, 1]]));
        const layout = layoutLanes(index.lanes);
        expect(layout.top[0]).toBe(0);
        expect(layout.top[1]).toBe(layout.height[0]);
        expect(layout.height[0]).toBeGreaterThan(layout.height[1]);
        expect(laneAtY(layout, layout.top[1] + 1)).toBe(1);
        expect(laneAtY(layout, -1)).toBe(-1);
        expect(laneAtY(layout, layout.contentHeight)).toBe(-1);
        expect(rowAtOffset(rowOffset(1) + 3, 2)).toBe(1);
        expect(rowAtOffset(1, 2)).toBe(-1);
    });

    it('draws every bar at least one pixel wide and rounds its ends', () => {
        expect(barPixels(10.2, 10.3)).toEqual([10, 11]);
        expect(barPixels(10.6, 20.4)).toEqual([11, 20]);
    });
});
