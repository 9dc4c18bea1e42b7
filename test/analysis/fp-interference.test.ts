// The fixed-priority interference table (simulator/analysis/fp-interference.ts) against its definition, task by task
// (the sum fp-rta.ts computed before), and the response-time analysis with the table against the one without it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arrivalsBefore, MAX_TIME, mulCapped } from '../../simulator/analysis/arith.js';
import { EXACT_SUMS, FpInterference } from '../../simulator/analysis/fp-interference.js';
import { fpResponseTime, type RtaTask } from '../../simulator/analysis/fp-rta.js';
import { DEDICATED, type Supply } from '../../simulator/analysis/supply.js';
import { analyzeSystem, SearchBudget } from '../../simulator/analysis/index.js';
import { searching } from '../../simulator/analysis/search-budget.js';
import { logUniformCore } from '../../bench/analysis-shapes.js';

/** The definition: Σ over the members of mulCapped(⌈(t + J)/T⌉, C), and the refills Σ ⌈(t + J)/T⌉·m. */
function byDefinition(tasks: readonly RtaTask[], members: ReadonlySet<number>, t: number): { sum: number; refills: number } {
    let sum = 0;
    let refills = 0;
    for (const k of members) {
        const n = arrivalsBefore(t, tasks[k].period, tasks[k].jitter);
        sum += mulCapped(n, tasks[k].wcet);
        refills += n * (tasks[k].refills ?? 0);
    }
    return { sum, refills };
}

const taskArbitrary: fc.Arbitrary<RtaTask> = fc.record({
    // Periods that divide each other and odd ones, jitters below and above the period (T − J < 0), WCETs from 0 to the
    // largest the table takes, with and without refills.
    period: fc.oneof(fc.constantFrom(1, 7, 10, 1_000, 1_000_000, 1_000_000_000), fc.integer({ min: 1, max: 50_000_000 })),
    jitter: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 100_000_000 })),
    wcet: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constant(0), fc.constant(MAX_TIME / 1000)),
    deadline: fc.constant(1),
    refills: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5_000 })),
});

/** Windows: small ones, around period boundaries, large ones, and beyond what the table answers. */
const windowArbitrary = fc.oneof(
    fc.integer({ min: -2, max: 200 }),
    fc.integer({ min: 1, max: 100_000_000 }),
    fc.constantFrom(1_000_000, 999_999, 1_000_001, 7_000, 2 ** 51 - 1, 2 ** 51, 2 ** 53),
    fc.integer({ min: 1, max: 10_000_000_000_000 }),
);

describe('fixed-priority interference table', () => {
    it('answers the task-by-task sum exactly, or nothing, while tasks join and leave the more urgent set', () => {
        let answered = 0;
        let declined = 0;
        fc.assert(fc.property(
            fc.array(taskArbitrary, { minLength: 1, maxLength: 30 }),
            fc.array(fc.record({ task: fc.nat(), join: fc.boolean(), t: windowArbitrary }), { maxLength: 40 }),
            (tasks, steps) => {
                const table = FpInterference.of(tasks)!;
                expect(table).toBeDefined();
                const members = new Set<number>();
                for (const step of steps) {
                    const k = step.task % tasks.length;
                    if (step.join) { table.include(k); members.add(k); } else { table.exclude(k); members.delete(k); }
                    expect(table.count).toBe(members.size);
                    expect(table.membersWithWork).toBe([...members].filter((j) => tasks[j].wcet > 0).length);
                    const expected = byDefinition(tasks, members, step.t);
                    const sum = table.sum(step.t);
                    if (sum === undefined) {
                        // Declined only where a shortcut could differ: tiny or huge windows, or sums near the top.
                        expect(step.t < 1 || step.t >= 2 ** 51 || !(expected.sum <= MAX_TIME) || expected.refills >= EXACT_SUMS).toBe(true);
                        declined++;
                    } else {
                        expect(sum).toBe(expected.sum);
                        expect(table.refills).toBe(expected.refills);
                        answered++;
                    }
                }
            },
        ), { numRuns: 1500, seed: 17 });
        expect(answered).toBeGreaterThan(4_000);
        expect(declined).toBeGreaterThan(100);
    });

    it('counts one job for a task whose window ends at T − J and two just after, and takes jitter above the period', () => {
        const tasks: RtaTask[] = [
            { period: 10, jitter: 3, wcet: 2, deadline: 10, refills: 5 }, // arrives at −3, 7, 17, …: one job in [0, 7)
            { period: 4, jitter: 9, wcet: 1, deadline: 4 }, // T − J < 0: ⌈(t + 9)/4⌉ jobs, 3 at t = 1
        ];
        const table = FpInterference.of(tasks)!;
        table.include(0);
        table.include(1);
        expect([1, 7, 8, 17, 18].map((t) => table.sum(t))).toEqual([2 + 3, 2 + 4, 4 + 5, 4 + 7, 6 + 7]);
        table.sum(8);
        expect(table.refills).toBe(10);
    });

    it('corrects a quotient that the product with 1/T rounds up: ⌈525/75⌉ is 7 though ⌈525·(1/75)⌉ is 8', () => {
        expect(Math.ceil(525 * (1 / 75))).toBe(8); // the rounding the table must not trust
        const table = FpInterference.of([{ period: 75, jitter: 0, wcet: 1, deadline: 75 }, { period: 91, jitter: 0, wcet: 10, deadline: 91 }])!;
        table.include(0);
        expect(table.sum(525)).toBe(7);
        table.include(1);
        expect(table.sum(273)).toBe(4 + 30); // ⌈273/75⌉ = 4, ⌈273/91⌉ = 3 (⌈273·(1/91)⌉ is 4)
    });

    it('is not built for inputs whose sums it cannot keep exact', () => {
        const task = (over: Partial<RtaTask>): RtaTask => ({ period: 10, jitter: 0, wcet: 1, deadline: 10, ...over });
        expect(FpInterference.of([task({ period: 0 })])).toBeUndefined();
        expect(FpInterference.of([task({ jitter: -1 })])).toBeUndefined();
        expect(FpInterference.of([task({ wcet: MAX_TIME + 1 })])).toBeUndefined();
        expect(FpInterference.of([task({ wcet: 0.5 })])).toBeUndefined();
        expect(FpInterference.of([task({ period: 2 ** 51 })])).toBeUndefined();
        expect(FpInterference.of([task({ refills: 2 ** 52 }), task({ refills: 2 ** 52 })])).toBeUndefined();
        expect(FpInterference.of([task({}), task({ period: 2 ** 51 - 1, jitter: 2 ** 50 })])).toBeDefined();
    });

    it('gives fpResponseTime the same results with the table as without it, from any valid warm start', () => {
        const supplies: Supply[] = [DEDICATED, { kind: 'periodic', budget: 3_000, period: 5_000 }, { kind: 'periodic', budget: 700, period: 1_000, front: true }];
        let bounded = 0;
        fc.assert(fc.property(
            fc.array(fc.record({
                period: fc.integer({ min: 1_000, max: 1_000_000 }),
                load: fc.integer({ min: 1, max: 120 }), // per-mille of the period
                jitter: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300_000 })),
                refills: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50 })),
            }), { minLength: 2, maxLength: 14 }),
            fc.nat(2), fc.boolean(),
            (plans, which, withExtra) => {
                const tasks: RtaTask[] = plans.map((p) => ({
                    period: p.period, jitter: p.jitter, wcet: Math.max(1, Math.floor((p.period * p.load) / 1000)), deadline: p.period, refills: p.refills,
                }));
                const supply = supplies[which];
                // A stand-in for MemGuard stalls: non-decreasing in the window and in the refills.
                const extra = withExtra ? (t: number, refills: number) => Math.floor(refills / 40) * 300 + Math.floor(t / 100_000) : undefined;
                const table = FpInterference.of(tasks)!;
                let previousWindow: number | undefined;
                for (let i = 0; i < tasks.length; i++) {
                    const plain = fpResponseTime(tasks[i], tasks, supply, extra, 1e12, {}, i);
                    // The warm start tasks.ts uses: the more urgent task's first window plus C_i.
                    const hint = previousWindow === undefined ? {} : { firstWindow: previousWindow + tasks[i].wcet };
                    const fast = fpResponseTime(tasks[i], tasks, supply, extra, 1e12, hint, i, table);
                    expect(fast.wcrt).toBe(plain.wcrt);
                    expect(fast.busyPeriod).toBe(plain.busyPeriod);
                    expect(fast.criticalJob).toBe(plain.criticalJob);
                    expect(fast.firstWindow).toBe(plain.firstWindow);
                    expect(fast.reason).toBe(plain.reason);
                    expect({ ...fast.breakdown, perInterferer: [] }).toEqual({ ...plain.breakdown, perInterferer: [] });
                    if (plain.wcrt !== undefined) bounded++;
                    if (plain.firstWindow !== undefined) previousWindow = Math.max(previousWindow ?? 0, plain.firstWindow);
                    table.include(i);
                }
            },
        ), { numRuns: 400, seed: 23 });
        expect(bounded).toBeGreaterThan(1_000);
    });

    it('gives the same results inside a search (which keeps the old warm start) as outside', () => {
        // 300 tasks with log-uniform periods at 0.95 load, half of them with jitter: long windows, many steps.
        const model = logUniformCore(300, 7, 0.95);
        model.cells[1].tasks.forEach((t, k) => { if (k % 2 === 0) t.jitter = Math.floor(t.period / 5); });
        expect(searching()).toBe(false);
        const outside = analyzeSystem(model, { fixes: false, interfaces: false });
        const run = new SearchBudget(1e12, 1e12).run(() => {
            expect(searching()).toBe(true);
            return analyzeSystem(model, { fixes: false, interfaces: false });
        });
        expect(run.stopped).toBe(false);
        expect(JSON.stringify(run.value)).toBe(JSON.stringify(outside));
        expect(outside.tasks.filter((t) => t.wcrt !== undefined).length).toBeGreaterThan(100);
    });
});
