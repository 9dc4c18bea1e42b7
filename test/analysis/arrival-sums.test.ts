// The closed-form arrival sums (simulator/analysis/arrival-sums.ts) against their definition, stream by stream, and
// the fixed-priority broker levels built on them: a flow analysed alone gives what it gives among all flows.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ArrivalSums, type ArrivalStream } from '../../simulator/analysis/arrival-sums.js';
import { arrivalsUpTo, MAX_TIME, mulCapped } from '../../simulator/analysis/arith.js';
import { buildContext } from '../../simulator/analysis/context.js';
import { analyzeFlows } from '../../simulator/analysis/flows.js';
import { systemPlan, buildSystem } from '../simulator/system-arbitrary.js';

/** The definition: Σ over the streams switched on of n_k(t)·w_k, n_k(t) = ⌊(t + J_k)/T_k⌋ + 1 (0 before the first). */
function byDefinition(streams: readonly ArrivalStream[], on: ReadonlySet<number>, t: number): { cost: number; bytes: number } {
    let cost = 0;
    let bytes = 0;
    for (const k of on) {
        const n = arrivalsUpTo(t, streams[k].period, streams[k].jitter);
        cost += mulCapped(n, streams[k].cost);
        bytes += n * (streams[k].bytes ?? 0);
    }
    return { cost: cost <= MAX_TIME ? cost : Infinity, bytes };
}

const streamArbitrary: fc.Arbitrary<ArrivalStream> = fc.record({
    // Few distinct periods (streams share them, as real flows do), a few odd ones; jitters of many periods, and costs
    // whose sums pass MAX_TIME (answered as Infinity).
    period: fc.oneof(fc.constantFrom(7, 10, 20, 1_000_000), fc.integer({ min: 1, max: 5_000 })),
    jitter: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 10_000_000 }), fc.constant(1_000_000_000)),
    cost: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.constant(MAX_TIME / 2)),
    bytes: fc.integer({ min: 0, max: 70_000 }),
});

describe('arrival sums', () => {
    it('equal the stream-by-stream sums at any instant, while streams are switched on and off', () => {
        let compared = 0;
        fc.assert(fc.property(
            fc.array(streamArbitrary, { minLength: 1, maxLength: 25 }),
            fc.array(fc.record({ stream: fc.nat(), on: fc.boolean(), t: fc.oneof(fc.integer({ min: -1, max: 200 }), fc.integer({ min: 0, max: 100_000_000 })) }), { maxLength: 40 }),
            (streams, steps) => {
                const sums = new ArrivalSums(streams);
                const on = new Set<number>();
                for (const step of steps) {
                    const k = step.stream % streams.length;
                    if (step.on) { sums.switchOn(k); on.add(k); } else { sums.switchOff(k); on.delete(k); }
                    const expected = byDefinition(streams, on, step.t);
                    expect(sums.cost(step.t)).toBe(expected.cost);
                    expect(sums.bytes(step.t)).toBe(expected.bytes);
                    expect(sums.costOfOneArrivalEach()).toBe([...on].reduce((s, j) => s + streams[j].cost, 0));
                    compared++;
                }
            },
        ), { numRuns: 1000, seed: 11 });
        expect(compared).toBeGreaterThan(3_000);
    });

    it('count the arrival at the instant itself and at a period boundary', () => {
        const sums = new ArrivalSums([{ period: 10, jitter: 3, cost: 2, bytes: 100 }, { period: 10, jitter: 0, cost: 5, bytes: 1 }]);
        sums.switchOn(0);
        sums.switchOn(1);
        // Stream 0 arrives at −3, 7, 17, …; stream 1 at 0, 10, 20, …
        expect([0, 6, 7, 9, 10, 17].map((t) => sums.cost(t))).toEqual([2 + 5, 2 + 5, 4 + 5, 4 + 5, 4 + 10, 6 + 10]);
        expect(sums.bytes(7)).toBe(201);
        sums.switchOff(0);
        expect(sums.cost(7)).toBe(5);
    });
});

describe('fixed-priority broker levels', () => {
    const manyFlows = fc.record({
        plan: systemPlan.filter((p) => !p.edfBroker),
        flows: fc.array(fc.record({
            from: fc.nat(), to: fc.nat(), size: fc.integer({ min: 1, max: 70_000 }), period: fc.integer({ min: 1, max: 40 }).map((p) => p * 500_000),
            deadlinePercent: fc.constantFrom(100, 50), jitter: fc.constantFrom(0, 50_000, 1_234_567), priority: fc.integer({ min: 1, max: 6 }),
            chunk: fc.constantFrom(undefined, 1024), sporadic: fc.boolean(),
        }), { minLength: 2, maxLength: 20 }),
    });

    it('give each flow alone the bound and interferers it gets among all flows', () => {
        let bounded = 0;
        fc.assert(fc.property(manyFlows, ({ plan, flows }) => {
            const ctx = buildContext(buildSystem({ ...plan, flows }));
            const all = analyzeFlows(ctx);
            for (let i = 0; i < ctx.flows.length; i++) {
                const [alone] = analyzeFlows(ctx, { only: [i] });
                expect(alone).toEqual(all[i]);
                if (alone.wcrt !== undefined) bounded++;
                // Interferers are the more urgent flows (most urgent first) and the one whose chunk sets the blocking.
                const urgent = alone.interferers.filter((x) => x.relation === 'higher-priority').map((x) => ctx.flows.find((f) => f.flow.name === x.name)!.flow.priority);
                expect(urgent).toEqual([...urgent].sort((a, b) => b - a));
                expect(urgent.every((p) => p >= ctx.flows[i].flow.priority)).toBe(true);
                expect(alone.interferers.filter((x) => x.relation === 'blocking').length).toBeLessThanOrEqual(2);
            }
        }), { numRuns: 150, seed: 5 });
        expect(bounded).toBeGreaterThan(300);
    });
});
