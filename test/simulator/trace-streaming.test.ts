/**
 * The trace is streamed in blocks (simulator/engine/trace-sink.ts): a caller's sink sees every row exactly once, in
 * the order of the in-memory trace, across block boundaries and up to the cap; `rtcell simulate --trace` writes the
 * file while the run goes (cli/trace-file-sink.ts), byte for byte what JSON.stringify gives for the in-memory trace.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/cli.js';
import { TraceFileSink } from '../../cli/trace-file-sink.js';
import { loadModelFromFile, loadModelFromText } from '../../language/load.js';
import {
    INTERVAL_COLUMNS, MARKER_COLUMNS, simulate, type IntervalBlock, type MarkerBlock, type TraceSink, type TraceSummary,
} from '../../simulator/engine/index.js';
import type { Trace } from '../../simulator/model/trace.js';

const EXAMPLE = new URL('../../examples/zcu102-broker.rtcell', import.meta.url);

/** A sink that records every block it is given, as plain arrays. */
class RecordingSink implements TraceSink {
    blockSizes: number[] = [];
    intervalRows: Record<string, number[]> = Object.fromEntries(INTERVAL_COLUMNS.map((c) => [c, []]));
    markerRows: Record<string, number[]> = Object.fromEntries(MARKER_COLUMNS.map((c) => [c, []]));
    summary?: TraceSummary;
    finishes = 0;
    intervals(block: IntervalBlock, count: number): void {
        this.blockSizes.push(count);
        for (const c of INTERVAL_COLUMNS) this.intervalRows[c].push(...block[c].subarray(0, count));
    }
    markers(block: MarkerBlock, count: number): void {
        for (const c of MARKER_COLUMNS) this.markerRows[c].push(...block[c].subarray(0, count));
    }
    finish(summary: TraceSummary): void {
        this.finishes++;
        this.summary = summary;
    }
}

async function example() {
    const { model } = await loadModelFromText(readFileSync(EXAMPLE, 'utf8'));
    expect(model).toBeDefined();
    return model!;
}

async function run(argv: string[]) {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
    return { code, out, err };
}

describe('trace streaming', () => {
    it('a sink gets the rows of the in-memory trace, in order, over several blocks, and no trace is kept', async () => {
        const model = await example();
        const options = { durationNs: 2_000_000_000, seed: 5, scenario: 'random' as const };
        const whole = simulate(model, { ...options, trace: true }).trace!;
        const sink = new RecordingSink();
        const streamed = simulate(model, { ...options, traceSink: sink });
        expect(streamed.trace).toBeUndefined();
        // More rows than one block holds, so block boundaries are crossed.
        expect(sink.blockSizes.length).toBeGreaterThan(2);
        expect(sink.finishes).toBe(1);
        expect(sink.intervalRows).toEqual(whole.intervals);
        expect(sink.markerRows).toEqual(whole.markers);
        expect(sink.summary).toMatchObject({ duration: whole.duration, truncated: false, intervalCount: whole.intervals.start.length, markerCount: whole.markers.time.length });
        expect(sink.summary!.lanes).toEqual(whole.lanes);
        expect(sink.summary!.items).toEqual(whole.items);
    });

    it('the cap holds across blocks: exactly the first rows, then truncated', async () => {
        const model = await example();
        const options = { durationNs: 2_000_000_000, seed: 5, scenario: 'random' as const };
        const whole = simulate(model, { ...options, trace: true }).trace!;
        const cap = 10_000;
        expect(whole.intervals.start.length).toBeGreaterThan(cap);
        const sink = new RecordingSink();
        simulate(model, { ...options, traceSink: sink, maxTraceIntervals: cap });
        expect(sink.summary!.truncated).toBe(true);
        expect(sink.summary!.intervalCount).toBe(sink.intervalRows.start.length);
        expect(sink.intervalRows.start.length).toBeLessThanOrEqual(cap);
        expect(sink.markerRows.time.length).toBeLessThanOrEqual(cap);
        // What was recorded is a prefix of the full trace, in both tables.
        for (const c of INTERVAL_COLUMNS) expect(sink.intervalRows[c]).toEqual(whole.intervals[c].slice(0, sink.intervalRows[c].length));
        for (const c of MARKER_COLUMNS) expect(sink.markerRows[c]).toEqual(whole.markers[c].slice(0, sink.markerRows[c].length));
    });

    it('rtcell simulate --trace writes JSON.stringify of the in-memory trace, byte for byte, and leaves no part files', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'rtcell-stream-'));
        const file = join(dir, 'system.rtcell');
        writeFileSync(file, readFileSync(EXAMPLE, 'utf8'));
        const out = join(dir, 'trace.json');
        const r = await run(['simulate', file, '--duration', '2s', '--scenario', 'random', '--seed', '5', '--trace', out]);
        expect(r.err).toBe('');
        const { model } = await loadModelFromFile(file);
        const whole = simulate(model!, { durationNs: 2_000_000_000, seed: 5, scenario: 'random', trace: true }).trace!;
        const written = readFileSync(out, 'utf8');
        expect(written.length).toBeGreaterThan(500_000);
        expect(written === JSON.stringify(whole)).toBe(true);
        expect(r.out).toContain(`trace written to ${out} (${whole.intervals.start.length} intervals, ${whole.markers.time.length} markers)`);
        expect(readdirSync(dir).sort()).toEqual(['system.rtcell', 'trace.json']);
    });

    it('--trace-limit truncates the file and says so; --trace with --html writes both from one run', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'rtcell-stream-'));
        const out = join(dir, 'trace.json');
        const html = join(dir, 'report.html');
        const r = await run(['simulate', EXAMPLE.pathname, '--duration', '1s', '--scenario', 'random', '--trace', out, '--trace-limit', '500', '--html', html]);
        expect(r.err).toBe('');
        const trace = JSON.parse(readFileSync(out, 'utf8')) as Trace;
        expect(trace.truncated).toBe(true);
        expect(trace.intervals.start.length).toBeLessThanOrEqual(500);
        expect(trace.markers.time.length).toBeLessThanOrEqual(500);
        expect(r.out).toMatch(/trace written to .* \(\d+ intervals, \d+ markers, truncated at the trace limit\)/);
        expect(readFileSync(html, 'utf8')).toContain('"truncated":true');
        expect((await run(['simulate', EXAMPLE.pathname, '--trace', out, '--trace-limit', '0'])).code).toBe(2);
        expect((await run(['simulate', EXAMPLE.pathname, '--trace', out, '--trace-limit', 'many'])).code).toBe(2);
    });

    it('the file sink writes every number as JSON.stringify does: signs, 32-bit edges, safe-integer edges, fallbacks', () => {
        const dir = mkdtempSync(join(tmpdir(), 'rtcell-stream-'));
        const out = join(dir, 'numbers.json');
        const values = [0, 1, -1, 9, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 32, 999_999_999, 1e15, Number.MAX_SAFE_INTEGER,
            -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1, 123_456_789_012_345, 0.5, -0, 1e21, 2 ** 53 + 2, -1.7976931348623157e308];
        // Quotients near a power of two, where a division by ten rounds.
        for (let e = 31; e <= 53; e++) values.push(2 ** e - 1, 2 ** e - 9, 2 ** e - 11, -(2 ** e - 1));
        // Around multiples of 10^9 (the split into billions and nine digits), up to the largest safe integer.
        for (const k of [1, 2, 999, 1_000_000, 9_007_198]) values.push(k * 1e9 - 1, k * 1e9, k * 1e9 + 1, k * 1e9 + 999_999_999, -(k * 1e9 - 1));
        const times = Float64Array.from(values);
        const small = Int32Array.from(values.map((_, i) => (i % 2 === 0 ? i : -i)));
        const sink = new TraceFileSink(out);
        const half = Math.floor(values.length / 2);
        // Two blocks, so the separator between blocks is exercised too.
        sink.markers({ lane: small, time: times, kind: small, item: small, job: times }, half);
        sink.markers({ lane: small.subarray(half), time: times.subarray(half), kind: small.subarray(half), item: small.subarray(half), job: times.subarray(half) }, values.length - half);
        sink.finish({ duration: 1, lanes: [], items: [], truncated: false, intervalCount: 0, markerCount: values.length });
        expect(sink.failure).toBeUndefined();
        const smallValues = Array.from(small);
        const expected: Trace = {
            format: 'rtcell-trace', version: 1, duration: 1, lanes: [], items: [],
            intervals: { lane: [], start: [], end: [], kind: [], item: [], job: [] },
            markers: { lane: smallValues, time: values, kind: smallValues, item: smallValues, job: values },
            truncated: false,
        };
        expect(readFileSync(out, 'utf8')).toBe(JSON.stringify(expected));
    });

    it('a trace that cannot be written is a clear error, exit 2, and nothing is left behind', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'rtcell-stream-'));
        const missing = join(dir, 'no', 'such', 'dir', 'trace.json');
        const r = await run(['simulate', EXAMPLE.pathname, '--duration', '10ms', '--trace', missing]);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(/trace\.json: cannot write the trace: .*ENOENT/);
        expect(existsSync(join(dir, 'no'))).toBe(false);
        // A directory where the file should go: the parts are written, the final rename fails, the parts go away.
        const occupied = join(dir, 'occupied');
        mkdirSync(join(occupied, 'trace.json'), { recursive: true });
        const sink = new TraceFileSink(join(occupied, 'trace.json'));
        simulate(await example(), { durationNs: 10_000_000, traceSink: sink });
        expect(sink.failure).toBeDefined();
        expect(sink.summary).toBeUndefined();
        expect(readdirSync(occupied)).toEqual(['trace.json']);
    });
});
