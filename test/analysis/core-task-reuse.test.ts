// Task results reused per core between successive analyses (simulator/analysis/core-task-reuse.ts) must equal a fresh
// analysis whatever was edited; and they must be reused for the cores an edit did not touch. Edits are copy-on-write,
// as the language server's lowering makes them: the edited declaration gets new objects, the rest keep theirs.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AnalysisReuse, analyzeSystem } from '../../simulator/analysis/index.js';
import { buildContext, type TaskGroup } from '../../simulator/analysis/context.js';
import { CoreTaskReuse } from '../../simulator/analysis/core-task-reuse.js';
import type { CoreLoad } from '../../simulator/analysis/tasks.js';
import type { ItemResult } from '../../simulator/analysis/types.js';
import type { Cell, SystemModel } from '../../simulator/model/types.js';
import { systemArbitrary } from '../simulator/system-arbitrary.js';

const QUICK = { fixes: false, interfaces: false } as const;

const EDITS = ['task wcet', 'task refills', 'memguard budget', 'vcpu budget', 'flow size', 'overheads', 'memguard period', 'nothing', 'memory overcommit'] as const;
type Edit = typeof EDITS[number];

/** The model with cell `i` replaced by `change(cell)`: every other object is kept. */
function withCell(model: SystemModel, i: number, change: (cell: Cell) => Cell): SystemModel {
    return { ...model, cells: model.cells.map((c, k) => (k === i ? change(c) : c)) };
}

function edited(model: SystemModel, edit: Edit, n: number): SystemModel {
    const cells = model.cells;
    const withTasks = cells.map((c, i) => ({ c, i })).filter(({ c }) => c.tasks.length > 0);
    const pick = <T>(xs: readonly T[]): T | undefined => xs[n % Math.max(1, xs.length)];
    switch (edit) {
        case 'task wcet':
        case 'task refills': {
            const at = pick(withTasks);
            if (!at) return model;
            const t = n % at.c.tasks.length;
            return withCell(model, at.i, (c) => ({
                ...c, tasks: c.tasks.map((task, k) => (k !== t ? task : edit === 'task wcet' ? { ...task, wcet: task.wcet * 2 + 1 } : { ...task, memoryRefills: task.memoryRefills + 40 })),
            }));
        }
        case 'memguard budget': {
            const i = n % Math.max(1, cells.length);
            return cells.length === 0 ? model : withCell(model, i, (c) => ({ ...c, budget: { eventsPerPeriod: 150, bytesPerSecond: 150 * 64 * 1000 } }));
        }
        case 'vcpu budget': {
            const at = pick(cells.map((c, i) => ({ c, i })).filter(({ c }) => c.vcpus.length > 0));
            return !at ? model : withCell(model, at.i, (c) => ({ ...c, vcpus: c.vcpus.map((v, k) => (k === 0 ? { ...v, budget: Math.max(1, Math.floor(v.budget * 0.7)) } : v)) }));
        }
        case 'flow size': {
            const f = n % Math.max(1, model.flows.length);
            return { ...model, flows: model.flows.map((flow, k) => (k === f ? { ...flow, size: flow.size + 4096 } : flow)) };
        }
        case 'overheads':
            return { ...model, hypervisor: { ...model.hypervisor, overheads: { ...model.hypervisor.overheads, irqEntry: model.hypervisor.overheads.irqEntry + 300 } } };
        case 'memguard period':
            return { ...model, hypervisor: { ...model.hypervisor, memguardPeriod: model.hypervisor.memguardPeriod * 2 } };
        case 'memory overcommit':
            return { ...model, cells: cells.map((c) => ({ ...c, budget: { eventsPerPeriod: 10_000_000, bytesPerSecond: 10_000_000 * 64 * 1000 } })) };
        case 'nothing':
            return { ...model };
    }
}

describe('task result reuse per core', () => {
    it('gives the fresh analysis after any copy-on-write edit, and reuses the untouched cores', () => {
        let analysed = 0;
        let reusedCores = 0;
        fc.assert(fc.property(systemArbitrary, fc.array(fc.tuple(fc.constantFrom(...EDITS), fc.nat(100)), { minLength: 1, maxLength: 5 }), (model, edits) => {
            const perSystem = new AnalysisReuse();
            analyzeSystem(model, { ...QUICK, reuse: perSystem });
            let current = model;
            for (const [edit, n] of edits) {
                current = edited(current, edit, n);
                const withReuse = analyzeSystem(current, { ...QUICK, reuse: perSystem });
                expect(withReuse).toEqual(analyzeSystem(structuredClone(current), QUICK));
                analysed++;
            }
            reusedCores += perSystem.cores.reusedCores;
        }), { numRuns: 200, seed: 9 });
        expect(analysed).toBeGreaterThan(400);
        expect(reusedCores).toBeGreaterThan(300);
    });

    it('re-analyses only the core whose task changed', () => {
        // Without global resources: they tie the cores together (MPCP), and then no core's results are reused.
        const model = fc.sample(systemArbitrary.filter((m) => !m.resources?.length && m.cells.filter((c) => c.tasks.length > 0 && c.cores.length > 0).length >= 2), { numRuns: 1, seed: 4 })[0];
        const reuse = new AnalysisReuse();
        const first = analyzeSystem(model, { ...QUICK, reuse });
        const cores = new Set(model.cells.flatMap((c) => [...c.cores, ...c.vcpus.map((v) => v.core)])).size;
        const i = model.cells.findIndex((c) => c.tasks.length > 0 && c.cores.length > 0);
        const next = withCell(model, i, (c) => ({ ...c, tasks: c.tasks.map((t, k) => (k === 0 ? { ...t, wcet: t.wcet + 1000 } : t)) }));
        const second = analyzeSystem(next, { ...QUICK, reuse });
        expect(reuse.cores.reusedCores).toBe(cores - 1);
        const untouched = second.tasks.filter((t) => t.owner !== model.cells[i].name);
        expect(untouched.length).toBeGreaterThan(0);
        for (const t of untouched) expect(t).toBe(first.tasks.find((x) => x.owner === t.owner && x.name === t.name));
        expect(second.tasks.find((t) => t.owner === model.cells[i].name)).not.toBe(first.tasks.find((t) => t.owner === model.cells[i].name));
    });

    it('analyses a core again when anything its key holds changes, and only then', () => {
        const model = fc.sample(systemArbitrary.filter((m) => m.cells.some((c) => c.tasks.length > 0 && c.cores.length > 0) && m.flows.length > 0), { numRuns: 1, seed: 8 })[0];
        const ctx = buildContext(model);
        const core = [...ctx.cores.values()].find((c) => c.groups.some((g) => g.tasks.length > 0))!;
        const flow = model.flows[0];
        const stream = { flow, period: 10_000_000, jitter: 30_000, cost: 900, what: 'chunk IPIs' };
        const load: CoreLoad = { streams: [stream], unbounded: [] };
        const admitted = (_g: TaskGroup) => true;
        const reuse = new CoreTaskReuse();
        let computed = 0;
        const compute = () => { computed++; return new Map<TaskGroup, ItemResult[]>(core.groups.map((g) => [g, []])); };
        const ask = (l: CoreLoad, admissible = admitted, hypervisor = 'hv') => { const before = computed; reuse.results(core, l, admissible, hypervisor, compute); return computed > before; };
        expect(ask(load)).toBe(true);
        expect(ask({ streams: [{ ...stream }], unbounded: [] })).toBe(false);
        for (const change of [{ jitter: 30_001 }, { period: 10_000_001 }, { cost: 901 }, { what: 'other' }, { flow: { ...flow } }]) {
            expect(ask({ streams: [{ ...stream, ...change }], unbounded: [] }), JSON.stringify(Object.keys(change))).toBe(true);
            expect(ask(load)).toBe(true);
        }
        expect(ask({ streams: [stream], unbounded: [flow] })).toBe(true);
        expect(ask(load)).toBe(true);
        expect(ask(load)).toBe(false);
        expect(ask(load, () => false)).toBe(true);
        expect(ask(load)).toBe(true);
        expect(ask(load, admitted, 'hv2')).toBe(true);
        expect(ask(load, admitted, 'hv2')).toBe(false);
    });
});
