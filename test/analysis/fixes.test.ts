/** Each suggested fix, applied to the model, makes the item schedulable, and the next value in the search direction does not. */
import { describe, expect, it } from 'vitest';
import { analyzeSystem, isFeasibleWith } from '../../simulator/analysis/index.js';
import { cell, flow, system, task } from './builder.js';

const US = 1_000;
const MS = 1_000_000;
const O = { notify: 1500, dispatch: 2000, dmaSetup: 800, ipi: 1000, irqEntry: 500, nonPreemptible: 6000 };

describe('fixes', () => {
    it('smallest DMA budget', () => {
        const m = system({ overheads: O, dmaBudget: 20_000_000, cells: [cell('s', { cores: [0] }), cell('r', { cores: [1] })], flows: [flow('f', 's', 'r', 65536, 10 * MS, { deadline: 2 * MS })] });
        const f = analyzeSystem(m).flows[0];
        expect(f.verdict).toBe('unschedulable');
        const fix = f.fixes!.dmaBudget!;
        const ref = { kind: 'flow' as const, name: 'f' };
        expect(isFeasibleWith(m, ref, { dmaBudgetBytesPerSecond: fix.bytesPerSecond })).toBe(true);
        expect(isFeasibleWith(m, ref, { dmaBudgetBytesPerSecond: fix.bytesPerSecond - 1 })).toBe(false);
    });

    it('smallest deadline and a priority order (Audsley)', () => {
        // Priorities inverted against rate-monotonic: a (C=3, T=7) below c (C=5, T=20) and b (C=3, T=12).
        const m = system({ broker: null, cells: [cell('c', { cores: [0], tasks: [task('a', 3 * US, 7 * US, { priority: 1 }), task('b', 3 * US, 12 * US, { priority: 2 }), task('c', 5 * US, 20 * US, { priority: 3 })] })] });
        const r = analyzeSystem(m);
        const a = r.tasks[0];
        expect(a.verdict).toBe('unschedulable');
        const ref = { kind: 'task' as const, name: 'a', owner: 'c' };
        const d = a.fixes!.deadline!;
        expect(d).toBe(a.wcrt); // fixed priorities: the bound does not depend on the own deadline
        expect(isFeasibleWith(m, ref, { deadlines: [{ kind: 'task', name: 'a', owner: 'c', value: d }] })).toBe(true);
        expect(isFeasibleWith(m, ref, { deadlines: [{ kind: 'task', name: 'a', owner: 'c', value: d - 1 }] })).toBe(false);
        const order = a.fixes!.priorityOrder!;
        const priorities = order.order.map((name, k) => ({ kind: 'task' as const, name, owner: 'c', value: order.priorities[k] }));
        for (const name of ['a', 'b', 'c']) expect(isFeasibleWith(m, { kind: 'task', name, owner: 'c' }, { priorities })).toBe(true);
    });

    it('smallest MemGuard budget', () => {
        const m = system({ broker: null, cells: [cell('c', { cores: [0], budgetEvents: 500, tasks: [task('t', 500 * US, 10 * MS, { memoryRefills: 8000, deadline: 5 * MS })] })] });
        const t = analyzeSystem(m).tasks[0];
        expect(t.verdict).toBe('unschedulable');
        const fix = t.fixes!.memguardBudget!;
        const ref = { kind: 'task' as const, name: 't', owner: 'c' };
        expect(isFeasibleWith(m, ref, { coreBudgetEvents: [{ core: 0, eventsPerPeriod: fix.eventsPerPeriod }] })).toBe(true);
        expect(isFeasibleWith(m, ref, { coreBudgetEvents: [{ core: 0, eventsPerPeriod: fix.eventsPerPeriod - 1 }] })).toBe(false);
    });

    // The only VCPU of its core gets its budget at the start of each period (front-loaded supply, docs/analysis.md §5):
    // tbf(2 ms) = 2 + ⌈2/Θ⌉(5 − Θ) ≤ 10 ms holds at Θ = 1 ms (10 ms) and fails below (⌈2/Θ⌉ = 3: over 14 ms).
    it('smallest VCPU budget', () => {
        const m = system({ broker: null, cells: [cell('g', { vcpus: [{ name: 'v', core: 2, budget: 0.9 * MS, period: 5 * MS }], tasks: [task('t', 2 * MS, 10 * MS, { placement: { core: 2, vcpu: 'v' } })] })] });
        const t = analyzeSystem(m).tasks[0];
        expect(t.verdict).toBe('unschedulable');
        const fix = t.fixes!.vcpuBudget!;
        expect(fix.budget).toBe(1 * MS);
        const ref = { kind: 'task' as const, name: 't', owner: 'g' };
        expect(isFeasibleWith(m, ref, { vcpuBudgets: [{ cell: 'g', vcpu: 'v', budget: fix.budget - 1 }] })).toBe(false);
    });

    // The language server's case (test/language/helpers.ts BASE): EDF task loop (C = 1 ms, T = D = 5 ms) on VCPU v0
    // (Θ = 6 ms, Π = 10 ms) of a core that also takes a flow's chunk IRQs. v0 is the only VCPU of core 2, so it gets its
    // budget at the start of each period: blackout Π − Θ = 4 ms, plus 1 ms + H: late.
    // Θ = Π is NOT admissible (the VCPU's response Θ + IRQ work exceeds Π), so the search must stop at the largest
    // admissible budget. By hand: tbf(1 ms + H) = 1 ms + H + (Π − Θ) ≤ 5 ms ⇔ Θ ≥ 6 ms + H, H = 16 chunk IRQs of 500 ns.
    it('smallest VCPU budget below the largest admissible one (a core with flow IRQs)', () => {
        const m = system({
            overheads: O,
            cells: [
                cell('sensor', { cores: [1] }),
                cell('control', { scheduler: 'edf', vcpus: [{ name: 'v0', core: 2, budget: 6 * MS, period: 10 * MS }], tasks: [task('loop', 1 * MS, 5 * MS, { placement: { core: 2, vcpu: 'v0' } })] }),
            ],
            flows: [flow('camera', 'sensor', 'control', 65536, 10 * MS, { deadline: 4 * MS })],
        });
        const loop = analyzeSystem(m).tasks[0];
        expect(loop.verdict).toBe('unschedulable');
        const ref = { kind: 'task' as const, name: 'loop', owner: 'control' };
        const at = (budget: number) => ({ vcpuBudgets: [{ cell: 'control', vcpu: 'v0', budget }] });
        expect(isFeasibleWith(m, ref, at(10 * MS))).toBe(false); // Θ = Π: not admissible with the IRQ work
        const fix = loop.fixes!.vcpuBudget!;
        expect(fix.budget).toBe(6 * MS + 16 * 500);
        expect(isFeasibleWith(m, ref, at(fix.budget))).toBe(true);
        expect(isFeasibleWith(m, ref, at(fix.budget - 1))).toBe(false);
    });

    // Fixes for an inconclusive item: v2 (Θ = 5 ms, Π = 10 ms) under v1 (Θ = 3 ms, Π = 5 ms) is not admissible
    // (R = 5 + 2·3 = 11 ms > 10 ms), so its task is inconclusive. Θ ≤ 4 ms is admissible; the task (C = 1 ms,
    // T = D = 20 ms) needs tbf(1 ms) = 1 + (⌈1/Θ⌉ + 1)(10 − Θ) ≤ 20 ms: Θ = 1 ms gives 19 ms, Θ = 1 ms − 1 ns gives 28 ms.
    it('a VCPU budget for an inconclusive task (a reservation that is not admissible)', () => {
        const m = system({
            broker: null,
            cells: [
                cell('a', { vcpus: [{ name: 'v1', core: 2, budget: 3 * MS, period: 5 * MS }] }),
                cell('b', { vcpus: [{ name: 'v2', core: 2, budget: 5 * MS, period: 10 * MS }], tasks: [task('t', 1 * MS, 20 * MS, { placement: { core: 2, vcpu: 'v2' } })] }),
            ],
        });
        const t = analyzeSystem(m).tasks[0];
        expect(t.verdict).toBe('inconclusive');
        expect(t.fixes?.vcpuBudget).toEqual({ vcpu: 'v2', budget: 1 * MS });
        const ref = { kind: 'task' as const, name: 't', owner: 'b' };
        expect(isFeasibleWith(m, ref, { vcpuBudgets: [{ cell: 'b', vcpu: 'v2', budget: 1 * MS - 1 }] })).toBe(false);
    });

    it('no fixes field on an inconclusive item that no value rescues', () => {
        // No broker: the flow cannot be carried, whatever the budgets.
        const m = system({ broker: null, cells: [cell('s', { cores: [0] }), cell('r', { cores: [1] })], flows: [flow('f', 's', 'r', 1000, 10 * MS)] });
        const f = analyzeSystem(m).flows[0];
        expect(f.verdict).toBe('inconclusive');
        expect(f.fixes).toBeUndefined();
    });

    it('largest chunk size', () => {
        // A big low-priority flow blocks an urgent small one by one whole chunk.
        const m = system({
            overheads: O, broker: { chunkSize: 65536 },
            cells: [cell('s', { cores: [0] }), cell('r', { cores: [1] })],
            flows: [flow('urgent', 's', 'r', 256, 1 * MS, { priority: 2, deadline: 30 * US, chunkSize: 65536 }), flow('bulk', 's', 'r', 262144, 50 * MS, { priority: 1, chunkSize: 65536 })],
        });
        const u = analyzeSystem(m).flows[0];
        expect(u.verdict).toBe('unschedulable');
        expect(u.dominant).toBe('blocking');
        const c = u.fixes!.chunkSize!;
        const ref = { kind: 'flow' as const, name: 'urgent' };
        expect(isFeasibleWith(m, ref, { chunkSize: c })).toBe(true);
        expect(isFeasibleWith(m, ref, { chunkSize: c + 1 })).toBe(false);
    });

    it('no fixes on schedulable items', () => {
        const m = system({ broker: null, cells: [cell('c', { cores: [0], tasks: [task('t', 1 * US, 10 * US)] })] });
        expect(analyzeSystem(m).tasks[0].fixes).toBeUndefined();
    });
});
