/**
 * Bounded fix and interface searches (docs/analysis.md §8): a search that spends its work budget says so instead of
 * claiming a fix; the budget counts analysis steps, so the same system gives the same result every time; with an
 * unlimited budget the searches finish (the results before budgets existed). Also the broker's long-run test that
 * ends busy periods which cannot converge, and the copy-on-write overrides the probes use.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSystem, applyOverrides, SearchBudget, UNLIMITED_SEARCH } from '../../simulator/analysis/index.js';
import { brokerEdf, everyFlowLevel, type BrokerJob } from '../../simulator/analysis/broker-kernel.js';
import { levelDiverges } from '../../simulator/analysis/long-run.js';
import { cell, system, task } from './builder.js';

const MS = 1_000_000;

/** A VCPU guest with one late task (its fixes need searches) and a second, fixed-priority core with an inverted order. */
function lateSystem() {
    return system({
        broker: null,
        cells: [
            // A more urgent VCPU beside the guest keeps the guest on the general supply model (2(Π − Θ)), as in the
            // Shin & Lee example of published.test.ts whose interface (2 ms) the second test checks.
            cell('h', { vcpus: [{ name: 'hk', core: 2, budget: 0.5 * MS, period: 5 * MS }] }),
            cell('g', { vcpus: [{ name: 'v', core: 2, budget: 1.5 * MS, period: 5 * MS }], tasks: [task('t', 2 * MS, 10 * MS, { placement: { core: 2, vcpu: 'v' } })] }),
            cell('c', { cores: [0], tasks: [task('a', 3 * MS, 7 * MS, { priority: 1 }), task('b', 3 * MS, 12 * MS, { priority: 2 }), task('d', 5 * MS, 20 * MS, { priority: 3 })] }),
        ],
    });
}

describe('search budget', () => {
    it('a spent budget stops the searches and says which; nothing is claimed for them', () => {
        const r = analyzeSystem(lateSystem(), { searchBudget: new SearchBudget(5, 5) });
        const t = r.tasks.find((x) => x.name === 't')!;
        expect(t.verdict).toBe('unschedulable');
        expect(t.fixes?.stopped).toContain('vcpuBudget');
        expect(t.fixes?.vcpuBudget).toBeUndefined();
        const a = r.tasks.find((x) => x.name === 'a')!;
        expect(a.fixes?.stopped).toContain('priorityOrder');
        expect(a.fixes?.priorityOrder).toBeUndefined();
        // The deadline under fixed priorities needs no search: it is the bound.
        expect(a.fixes?.deadline).toBe(a.wcrt);
        const v = r.vcpus.find((x) => x.name === 'v')!;
        expect(v.minimalBudget).toBeUndefined();
        expect(v.minimalBudgetStopped).toBeDefined();
        expect(v.minimalBudgetStopped!.above).toBeGreaterThanOrEqual(0);
        if (v.minimalBudgetStopped!.atMost !== undefined) expect(v.minimalBudgetStopped!.atMost).toBeGreaterThan(v.minimalBudgetStopped!.above);
    });

    it('the interval of a stopped interface search contains the answer of the finished search', () => {
        const full = analyzeSystem(lateSystem(), { searchBudget: UNLIMITED_SEARCH }).vcpus.find((x) => x.name === 'v')!;
        expect(full.minimalBudget).toBe(2 * MS); // the interface computed by hand in published.test.ts
        let stops = 0;
        for (const steps of [20, 60, 200]) {
            const stopped = analyzeSystem(lateSystem(), { searchBudget: new SearchBudget(steps, steps) }).vcpus.find((x) => x.name === 'v')!;
            if (stopped.minimalBudgetStopped === undefined) { expect(stopped.minimalBudget).toBe(2 * MS); continue; }
            stops++;
            expect(stopped.minimalBudgetStopped.above).toBeLessThan(2 * MS);
            if (stopped.minimalBudgetStopped.atMost !== undefined) expect(stopped.minimalBudgetStopped.atMost).toBeGreaterThanOrEqual(2 * MS);
        }
        expect(stops).toBeGreaterThan(0); // some budget did stop the search, so the interval was checked
    });

    it('counts work, not time: the same budget gives the same result', () => {
        const a = analyzeSystem(lateSystem(), { searchBudget: new SearchBudget(300, 120) });
        const b = analyzeSystem(lateSystem(), { searchBudget: new SearchBudget(300, 120) });
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    });

    it('the default budget finishes small searches: the same fixes as an unlimited one', () => {
        expect(JSON.stringify(analyzeSystem(lateSystem()))).toBe(JSON.stringify(analyzeSystem(lateSystem(), { searchBudget: UNLIMITED_SEARCH })));
    });
});

describe('broker long-run test', () => {
    const job = (period: number, cost: number, bytes: number): BrokerJob => ({
        period, deadline: period, priority: 1, jitter: 0, cost, bytes, last: cost, lastBytes: bytes, maxUnit: cost, maxUnitBytes: bytes,
    });

    it('is exact at the edge: slope 1 does not diverge, just above does', () => {
        // Unregulated: C/T sums to exactly 1, then to 1 + 1/3000.
        expect(levelDiverges([job(3, 1, 0), job(3, 2, 0)], undefined)).toBe(false);
        expect(levelDiverges([job(3000, 1000, 0), job(3, 2, 0), job(1000, 0, 0)].concat([job(3000, 1, 0)]), undefined)).toBe(true);
        // Regulated: time 1/2 plus stalls σ·(S/T)/Q = 100·(5/10)/100 = 1/2: exactly 1; one more byte per job: above.
        expect(levelDiverges([job(10, 5, 5)], { budget: 100, stall: 100 })).toBe(false);
        expect(levelDiverges([job(10, 5, 6)], { budget: 100, stall: 100 })).toBe(true);
    });

    it('an EDF broker whose stalls push its demand above 1 has no busy period, found without iterating to the horizon', () => {
        // Bytes per period fit the budget (0.6 of it) and transfers take 0.5 of the time, but each budget's worth of
        // bytes stalls for 0.835 of a MemGuard period: slope 0.5 + 0.06·8.35 = 1.001. Iterating would grow the window
        // by 0.1 % a step (about 16,000 steps to the horizon); the long-run test ends it within a 1,000-step budget.
        const jobs = [job(1 * MS, 400_000, 60_000), job(2 * MS, 200_000, 0)];
        const run = new SearchBudget(1000, 1000).run(() => brokerEdf(jobs, 0, everyFlowLevel(jobs), { budget: 100_000, stall: 835_000 }, 0, 10_000_000_000_000));
        expect(run.stopped).toBe(false);
        expect(run.value?.unbounded).toBe(true);
        expect(run.value?.response).toBeUndefined();
    });
});

describe('copy-on-write overrides', () => {
    it('leave the input untouched and share what they do not change', () => {
        const m = lateSystem();
        const before = JSON.stringify(m);
        const changed = applyOverrides(m, {
            vcpuBudgets: [{ cell: 'g', vcpu: 'v', budget: 2 * MS }],
            priorities: [{ kind: 'task', name: 'a', owner: 'c', value: 9 }],
            deadlines: [{ kind: 'task', name: 'b', owner: 'c', value: 5 * MS }],
        });
        expect(JSON.stringify(m)).toBe(before);
        const cellOf = (model: typeof m, name: string) => model.cells.find((c) => c.name === name)!;
        expect(cellOf(changed, 'g').vcpus[0].budget).toBe(2 * MS);
        expect(cellOf(changed, 'c').tasks[0].priority).toBe(9);
        expect(cellOf(changed, 'c').tasks[1].deadline).toBe(5 * MS);
        expect(cellOf(changed, 'c').tasks[2]).toBe(cellOf(m, 'c').tasks[2]); // untouched task shared
        expect(cellOf(changed, 'g').tasks[0]).toBe(cellOf(m, 'g').tasks[0]);
        expect(changed.platform).toBe(m.platform);
    });
});
