/**
 * The latency recorder keeps bounded memory whatever the run's length: exact percentiles up to EXACT_SAMPLES jobs,
 * then a log-bucketed histogram whose percentiles are never below the exact nearest-rank value and at most 2⁻⁷ above
 * it; count, sum, min, max and the job of the max stay exact.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXACT_SAMPLES, LatencyRecorder, LogHistogram } from '../../simulator/engine/latency-recorder.js';

const PS = [50, 90, 99, 100];

function exactPercentiles(values: number[], ps: readonly number[]): number[] {
    const sorted = [...values].sort((a, b) => a - b);
    return ps.map((p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]);
}

describe('latency recorder', () => {
    it('is exact up to EXACT_SAMPLES jobs', () => {
        fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 2_000_000_000 }), { minLength: 1, maxLength: 3000 }), (values) => {
            const rec = new LatencyRecorder();
            values.forEach((v, job) => rec.record(v, job, false, job * 10_000_000 + v));
            expect(rec.exactPercentiles).toBe(true);
            expect(rec.percentiles(PS)).toEqual(exactPercentiles(values, PS));
        }), { numRuns: 50 });
    });

    it('past EXACT_SAMPLES, percentiles are within 2^-7 above the exact ones; max, its job, min, count and sum exact', () => {
        fc.assert(fc.property(
            fc.array(fc.integer({ min: 0, max: 5_000_000_000 }), { minLength: EXACT_SAMPLES + 1, maxLength: EXACT_SAMPLES * 3 }),
            (values) => {
                const rec = new LatencyRecorder();
                values.forEach((v, job) => rec.record(v, job, v > 4_000_000_000, job * 10_000_000 + v));
                expect(rec.exactPercentiles).toBe(false);
                const got = rec.percentiles(PS);
                const want = exactPercentiles(values, PS);
                got.forEach((g, k) => {
                    expect(g).toBeGreaterThanOrEqual(want[k]);
                    expect(g).toBeLessThanOrEqual(want[k] * (1 + 2 ** -7));
                });
                const max = Math.max(...values);
                expect(rec.max).toBe(max);
                expect(rec.maxJob).toBe(values.indexOf(max));
                expect(rec.maxFrom).toBe(values.indexOf(max) * 10_000_000); // completed at job·10 ms + latency
                expect(rec.min).toBe(Math.min(...values));
                expect(rec.count).toBe(values.length);
                expect(rec.sum).toBe(values.reduce((s, v) => s + v, 0));
                expect(rec.misses).toBe(values.filter((v) => v > 4_000_000_000).length);
            },
        ), { numRuns: 20 });
    });

    it('keeps small values exact in the histogram and buckets powers of two correctly', () => {
        const h = new LogHistogram();
        for (const v of [0, 1, 127, 128, 255, 256, 2 ** 40 - 1, 2 ** 40]) h.add(v);
        expect([0, 1, 2, 3].map((r) => h.valueAtRank(r))).toEqual([0, 1, 127, 128]);
        expect(h.valueAtRank(4)).toBe(255);
        expect(h.valueAtRank(5)).toBe(257); // bucket [256, 258)
        expect(h.valueAtRank(6)).toBe(2 ** 40 - 1); // last bucket below 2^40
        expect(h.valueAtRank(7)).toBe(2 ** 40 + 2 ** 33 - 1);
    });

    it('a million jobs of one item: percentiles within the error, the max and its job exact', () => {
        const rec = new LatencyRecorder();
        for (let job = 0; job < 1_000_000; job++) rec.record(1000 + (job % 100_000) * 37, job, false, job * 10_000_000);
        const [p50] = rec.percentiles([50]);
        expect(p50).toBeGreaterThanOrEqual(1000 + 49_999 * 37);
        expect(p50).toBeLessThanOrEqual((1000 + 49_999 * 37) * (1 + 2 ** -7));
        expect(rec.max).toBe(1000 + 99_999 * 37);
        expect(rec.maxJob).toBe(99_999);
    });
});
