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

    it('smallest VCPU budget', () => {
        const m = system({ broker: null, cells: [cell('g', { vcpus: [{ name: 'v', core: 2, budget: 1.5 * MS, period: 5 * MS }], tasks: [task('t', 2 * MS, 10 * MS, { placement: { core: 2, vcpu: 'v' } })] })] });
        const t = analyzeSystem(m).tasks[0];
        expect(t.verdict).toBe('unschedulable');
        const fix = t.fixes!.vcpuBudget!;
        expect(fix.budget).toBe(2 * MS); // the interface computed by hand in published.test.ts
        const ref = { kind: 'task' as const, name: 't', owner: 'g' };
        expect(isFeasibleWith(m, ref, { vcpuBudgets: [{ cell: 'g', vcpu: 'v', budget: fix.budget - 1 }] })).toBe(false);
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
