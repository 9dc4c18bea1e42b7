/**
 * The VCPU interface computed instead of searched (simulator/analysis/vcpu-interface.ts, docs/analysis.md §5
 * "Interface"): the estimate against the exact bisection the analysis used before (every budget probed with the full
 * group analysis), on the published Shin & Lee guest and hand-checkable cases; the search from an estimate
 * (smallestTrueNear) against plain bisection; the deadline progressions and the descent of the EDF demand test against
 * listing every deadline.
 */
import fc from 'fast-check';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelFromFile } from '../../language/load.js';
import { smallestTrue } from '../../simulator/analysis/arith.js';
import { smallestTrueFrom, smallestTrueNear } from '../../simulator/analysis/budgeted-search.js';
import { buildContext } from '../../simulator/analysis/context.js';
import { commonPoints, DeadlinePoints } from '../../simulator/analysis/deadline-points.js';
import { edfBusyPeriod, edfDemandViolation } from '../../simulator/analysis/edf.js';
import { analyzeFlowsTwoPass } from '../../simulator/analysis/flows-two-pass.js';
import { analyzeSystem, SearchBudget, UNLIMITED_SEARCH } from '../../simulator/analysis/index.js';
import { chargeSearch } from '../../simulator/analysis/search-budget.js';
import { sbf, tbf, type Supply } from '../../simulator/analysis/supply.js';
import { analyzeGroup, groupSupply, hypervisorLoads } from '../../simulator/analysis/tasks.js';
import { interfaceEstimate } from '../../simulator/analysis/vcpu-interface.js';
import type { SystemModel } from '../../simulator/model/types.js';
import { cell, system, task } from './builder.js';

const US = 1_000;
const MS = 1_000_000;

/** Each VCPU group's estimate, and its interface by the exact bisection over [1, Π] the analysis used before. */
function estimateAndSearch(model: SystemModel): { vcpu: string; estimate?: number; searched?: number }[] {
    const ctx = buildContext(model);
    const loads = hypervisorLoads(ctx, new Map(analyzeFlowsTwoPass(ctx).map((f) => [f.name, f.wcrt])));
    return ctx.groups.filter((g) => g.vcpu && g.tasks.length > 0).map((group) => {
        const load = loads.get(group.core);
        const ok = (theta: number) => analyzeGroup(ctx, group, load, true, { supply: groupSupply(ctx, group, theta), verdictOnly: true })
            .every((i) => i.verdict === 'schedulable');
        return { vcpu: group.vcpu!.name, estimate: interfaceEstimate(ctx, group, load), searched: smallestTrue(1, group.vcpu!.period, ok) };
    });
}

describe('the interface computed from the supply bound function', () => {
    // Shin & Lee's guest (examples/published/shin-lee-prm-guest.rtcell): EDF, C = 2 ms, T = D = 10 ms at Π = 5 ms
    // beside a more urgent VCPU. Its interface by hand is Θ = 2 ms (the file's comment: tbf(2 ms) = 2 + 2(5 − Θ) ≤ 10
    // at Θ = 2 ms, and 2 + 3(5 − Θ) > 10 below).
    it('gives the published guest\'s 2 ms, as the search does', async () => {
        const { model } = await loadModelFromFile(resolve(__dirname, '../../examples/published/shin-lee-prm-guest.rtcell'));
        expect(model).toBeDefined();
        const [v] = estimateAndSearch(model!);
        expect(v).toEqual({ vcpu: 'v', estimate: 2 * MS, searched: 2 * MS });
        expect(analyzeSystem(model!).vcpus.find((x) => x.name === 'v')?.minimalBudget).toBe(2 * MS);
    });

    // Fixed priorities, the general model (a more urgent VCPU first on the core), Π = 5 ms: a (C = 1 ms, T = 10 ms,
    // more urgent) and b (C = 2 ms, T = 20 ms). For Θ ≤ 2.5 ms, sbf(t) = kΘ + max(0, r − (5 − Θ)) with
    // k = ⌊(t − 5 + Θ)/5⌋ and r = t − 5 + Θ − 5k: sbf(10 ms) = Θ and sbf(20 ms) = 3Θ.
    // a: its only point t = 10 ms needs sbf(10) = Θ ≥ C_a = 1 ms.
    // b: t = 10 ms needs Θ ≥ 2 + 1 = 3 ms (beyond 2.5 ms: sbf(10) = 3Θ − 5 ≥ 3, Θ ≥ 8/3 ms); t = 20 ms needs
    // 3Θ ≥ 2 + 2·1 = 4 ms, Θ ≥ 4/3 ms: 1,333,334 ns (3 × 1,333,333 = 3,999,999 < 4 ms). The interface: 1,333,334 ns.
    it('inverts the fixed-priority scheduling points: Θ = 1,333,334 ns by hand', () => {
        const m = system({
            broker: null,
            cells: [
                cell('h', { vcpus: [{ name: 'hk', core: 2, budget: 0.5 * MS, period: 5 * MS }] }),
                cell('g', {
                    vcpus: [{ name: 'v', core: 2, budget: 4 * MS, period: 5 * MS }],
                    tasks: [task('a', 1 * MS, 10 * MS, { priority: 2, placement: { core: 2, vcpu: 'v' } }), task('b', 2 * MS, 20 * MS, { priority: 1, placement: { core: 2, vcpu: 'v' } })],
                }),
            ],
        });
        expect(estimateAndSearch(m)).toEqual([{ vcpu: 'v', estimate: 1_333_334, searched: 1_333_334 }]);
        expect(analyzeSystem(m).vcpus[1].minimalBudget).toBe(1_333_334);
    });

    // The same two tasks alone on the core (front-loaded supply, one blackout Π − Θ): b at t = 20 ms needs
    // sbf(20) = 4Θ ≥ 4 ms, so Θ = 1 ms; a at t = 10 ms needs 2Θ ≥ 1 ms. Θ = 1 ms, and 999,999 ns fails both points
    // of b (t = 10: 2Θ < 3 ms; t = 20: 4Θ < 4 ms).
    it('front-loaded supply: Θ = 1 ms by hand', () => {
        const m = system({
            broker: null,
            cells: [cell('g', {
                vcpus: [{ name: 'v', core: 2, budget: 4 * MS, period: 5 * MS }],
                tasks: [task('a', 1 * MS, 10 * MS, { priority: 2, placement: { core: 2, vcpu: 'v' } }), task('b', 2 * MS, 20 * MS, { priority: 1, placement: { core: 2, vcpu: 'v' } })],
            })],
        });
        expect(estimateAndSearch(m)).toEqual([{ vcpu: 'v', estimate: 1 * MS, searched: 1 * MS }]);
    });

    it('matches the search on random small guests (fixed priority and EDF, with and without a more urgent VCPU)', () => {
        const guest = fc.record({
            edf: fc.boolean(),
            shared: fc.boolean(),
            period: fc.integer({ min: 1, max: 20 }).map((p) => p * 500 * US),
            tasks: fc.array(fc.record({ wcet: fc.integer({ min: 1, max: 40 }).map((c) => c * 50 * US), period: fc.integer({ min: 2, max: 40 }).map((t) => t * 1 * MS), deadlinePercent: fc.constantFrom(100, 80, 50) }), { minLength: 1, maxLength: 4 }),
        });
        fc.assert(fc.property(guest, (g) => {
            const tasks = g.tasks.map((t, k) => task(`t${k}`, t.wcet, t.period, { deadline: Math.floor((t.period * t.deadlinePercent) / 100), priority: 10 - k, placement: { core: 2, vcpu: 'v' } }));
            const m = system({
                broker: null,
                cells: [
                    ...(g.shared ? [cell('h', { vcpus: [{ name: 'hk', core: 2, budget: 100 * US, period: g.period }] })] : []),
                    cell('g', { scheduler: g.edf ? 'edf' : 'fixed-priority', vcpus: [{ name: 'v', core: 2, budget: g.period, period: g.period }], tasks }),
                ],
            });
            for (const v of estimateAndSearch(m)) {
                // The estimate is where the search starts; on these plain guests it is the answer itself.
                expect(v.estimate === undefined ? v.searched : Math.min(v.estimate, g.period + 1)).toBe(v.searched ?? g.period + 1);
            }
            // And the analysis (search from the estimate) gives the bisection's answer.
            const r = analyzeSystem(m, { fixes: false, searchBudget: UNLIMITED_SEARCH });
            expect(r.vcpus.find((x) => x.name === 'v')?.minimalBudget).toBe(estimateAndSearch(m)[0].searched);
        }), { numRuns: 150, seed: 17 });
    });
});

describe('search from an estimate', () => {
    it('gives the bisection\'s answer whatever the estimate', () => {
        fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1002 }), fc.integer({ min: -5, max: 1005 }), (hi, threshold, estimate) => {
            const ok = (x: number) => x >= threshold;
            expect(smallestTrueNear(1, hi, ok, estimate)).toBe(smallestTrue(1, hi, ok));
        }), { numRuns: 500, seed: 3 });
    });

    it('settles an exact estimate in three probes: the top (as the bisection starts), the estimate, one below', () => {
        const probes: number[] = [];
        expect(smallestTrueNear(1, 1_000_000, (x) => { probes.push(x); return x >= 123_456; }, 123_456)).toBe(123_456);
        expect(probes).toEqual([1_000_000, 123_456, 123_455]);
        // A failing top ends the search in one probe, whatever the estimate.
        probes.length = 0;
        expect(smallestTrueNear(1, 1_000_000, (x) => { probes.push(x); return false; }, 5)).toBeUndefined();
        expect(probes).toEqual([1_000_000]);
    });

    it('never gallops up from a failing estimate: it bisects above it', () => {
        const probes: number[] = [];
        expect(smallestTrueNear(1, 1024, (x) => { probes.push(x); return x >= 700; }, 100)).toBe(700);
        expect(probes.slice(0, 3)).toEqual([1024, 100, 562]);
        expect(probes.length).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(1024 - 100)));
    });

    it('under a budget: stops with an interval containing the answer, or finishes with it', () => {
        const ok = (x: number) => { chargeSearch(10); return x >= 700; }; // each probe costs 10 units of work
        expect(smallestTrueFrom(UNLIMITED_SEARCH, 1, 1000, ok, () => 650)).toEqual({ value: 700 });
        const stopped = smallestTrueFrom(new SearchBudget(25, 25), 1, 1000, ok, () => 650).stopped;
        expect(stopped).toBeDefined();
        expect(stopped!.above).toBeLessThan(700);
        if (stopped!.atMost !== undefined) expect(stopped!.atMost).toBeGreaterThanOrEqual(700);
        // Without an estimate: the bisection of smallestTrue, probing Π first.
        const probes: number[] = [];
        smallestTrueFrom(UNLIMITED_SEARCH, 1, 1000, (x) => { probes.push(x); return x >= 700; }, () => undefined);
        expect(probes[0]).toBe(1000);
    });
});

describe('deadline progressions of the EDF demand test', () => {
    const taskArb = fc.record({ wcet: fc.integer({ min: 1, max: 5 }), period: fc.integer({ min: 1, max: 30 }), deadline: fc.integer({ min: 1, max: 40 }), jitter: fc.integer({ min: 0, max: 45 }) });

    /** The points as the test listed them before: every D_j − J_j + kT_j in [0, L], and 0 for J_j > D_j. */
    function listed(tasks: { period: number; deadline: number; jitter: number }[], L: number): number[] {
        const points = new Set<number>();
        for (const j of tasks) {
            if (j.deadline - j.jitter < 0) points.add(0);
            for (let t = j.deadline - j.jitter; t <= L; t += j.period) if (t >= 0) points.add(t);
        }
        return [...points].sort((a, b) => a - b);
    }

    it('count and largest point below a time agree with the list', () => {
        fc.assert(fc.property(fc.array(taskArb, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 80 }), (tasks, L, limit) => {
            const all = listed(tasks, L);
            const points = new DeadlinePoints(tasks, L);
            expect(points.countAbove(limit)).toBe(all.length > limit);
            for (let x = 0; x <= L + 1; x += 7) expect(points.largestBelow(x)).toBe(all.filter((t) => t < x).at(-1));
            expect(points.largestBelow(L + 1)).toBe(all.at(-1));
        }), { numRuns: 300, seed: 5 });
    });

    it('counts common points of two progressions (Chinese remainder theorem)', () => {
        fc.assert(fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 600 }),
            (a, T, b, U, L) => {
                const inA = (t: number) => t >= a && (t - a) % T === 0;
                const inB = (t: number) => t >= b && (t - b) % U === 0;
                let brute = 0;
                for (let t = 0; t <= L; t++) if (inA(t) && inB(t)) brute++;
                const count = (first: number, period: number) => (first <= L ? Math.floor((L - first) / period) + 1 : 0);
                expect(commonPoints({ first: a, period: T, count: count(a, T) }, { first: b, period: U, count: count(b, U) }, L)).toBe(brute);
            }), { numRuns: 400, seed: 9 });
    });

    // The descent skips the deadlines a checked one covers: the verdict must be that of checking every deadline.
    it('the descent gives the verdict of checking every deadline, on any supply', () => {
        const supplyArb: fc.Arbitrary<Supply> = fc.oneof(
            fc.constant<Supply>({ kind: 'dedicated' }),
            fc.record({ period: fc.integer({ min: 2, max: 12 }), budget: fc.integer({ min: 1, max: 12 }), front: fc.boolean() })
                .map(({ period, budget, front }): Supply => ({ kind: 'periodic', period, budget: Math.min(budget, period), front })),
        );
        fc.assert(fc.property(fc.array(taskArb, { minLength: 1, maxLength: 4 }), supplyArb, fc.integer({ min: 0, max: 3 }), (tasks, supply, perWindow) => {
            const extra = (t: number) => perWindow * Math.ceil(t / 10); // a non-decreasing hypervisor demand
            const L = edfBusyPeriod(tasks, supply, extra, 1e7);
            if (L === undefined) return;
            const every = listed(tasks, L).every((t) => {
                let d = 0;
                for (const j of tasks) if (t + j.jitter - j.deadline >= 0) d += (Math.floor((t + j.jitter - j.deadline) / j.period) + 1) * j.wcet;
                return d + extra(t) <= sbf(supply, t);
            });
            expect(edfDemandViolation(tasks, supply, extra, 1e7, L).ok).toBe(every);
        }), { numRuns: 500, seed: 11 });
    });

    it('tbf is a window with enough supply: sbf(tbf(x)) ≥ x (the descent\'s skip rests on it)', () => {
        fc.assert(fc.property(fc.integer({ min: 2, max: 50 }), fc.integer({ min: 1, max: 50 }), fc.boolean(), fc.integer({ min: 0, max: 500 }), (period, budget, front, x) => {
            const s: Supply = { kind: 'periodic', period, budget: Math.min(budget, period), front };
            expect(sbf(s, tbf(s, x))).toBeGreaterThanOrEqual(x);
        }), { numRuns: 500, seed: 13 });
    });
});
