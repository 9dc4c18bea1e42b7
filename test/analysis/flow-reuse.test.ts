// Flow results reused between successive analyses (simulator/analysis/flow-reuse.ts) must equal a fresh analysis,
// whatever was edited in between; and they must actually be reused when only tasks or budgets changed.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AnalysisReuse, analyzeSystem } from '../../simulator/analysis/index.js';
import type { SystemModel } from '../../simulator/model/types.js';
import { systemArbitrary } from '../simulator/system-arbitrary.js';

const QUICK = { fixes: false, interfaces: false } as const;

/** Edits a user makes between two versions: some touch what the flow analysis reads, most do not. */
const editArbitrary = fc.constantFrom('task wcet', 'task period', 'memguard budget', 'task refills', 'flow size', 'flow priority', 'nonpreemptible', 'nothing', 'memory overcommit');

function edited(model: SystemModel, edit: string): SystemModel {
    const m = structuredClone(model);
    const tasks = m.cells.flatMap((c) => c.tasks);
    if (edit === 'task wcet' && tasks[0]) tasks[0].wcet = tasks[0].wcet * 2 + 1;
    if (edit === 'task period' && tasks[0]) tasks[0].period += 1000;
    if (edit === 'task refills' && tasks[0]) tasks[0].memoryRefills += 50;
    if (edit === 'memguard budget' && m.cells[0]) m.cells[0].budget = { eventsPerPeriod: 100, bytesPerSecond: 100 * 64 * 1000 };
    if (edit === 'flow size' && m.flows[0]) m.flows[0].size += 4096;
    if (edit === 'flow priority' && m.flows[0]) m.flows[0].priority += 3;
    if (edit === 'nonpreemptible') m.hypervisor.overheads.nonPreemptible += 500;
    // Budgets beyond the guaranteed bandwidth: every item becomes inconclusive (the reused results must not be).
    if (edit === 'memory overcommit') for (const c of m.cells) c.budget = { eventsPerPeriod: 10_000_000, bytesPerSecond: 10_000_000 * 64 * 1000 };
    return m;
}

describe('flow result reuse', () => {
    it('gives the fresh analysis after any edit, and reuses the flows when the edit does not touch them', () => {
        let reusedWhenPossible = 0;
        let overcommitted = 0;
        fc.assert(fc.property(systemArbitrary, fc.array(editArbitrary, { minLength: 1, maxLength: 4 }), (model, edits) => {
            const reuse = new AnalysisReuse();
            let previous = analyzeSystem(model, { ...QUICK, reuse });
            let current = model;
            for (const edit of edits) {
                current = edited(current, edit);
                const withReuse = analyzeSystem(current, { ...QUICK, reuse });
                expect(withReuse).toEqual(analyzeSystem(structuredClone(current), QUICK));
                if (withReuse.memory.verdict !== 'schedulable') overcommitted++;
                const flowsUntouched = !['flow size', 'flow priority', 'nonpreemptible'].includes(edit);
                if (flowsUntouched && current.flows.length > 0 && withReuse.memory.verdict === 'schedulable' && previous.memory.verdict === 'schedulable') {
                    expect(withReuse.flows[0]).toBe(previous.flows[0]);
                    reusedWhenPossible++;
                }
                previous = withReuse;
            }
        }), { numRuns: 150, seed: 7 });
        expect(reusedWhenPossible).toBeGreaterThan(20);
        expect(overcommitted).toBeGreaterThan(5);
    });

    it('moves the reused results to the new source positions', () => {
        const model = fc.sample(systemArbitrary.filter((m) => m.flows.length > 0), { numRuns: 1, seed: 3 })[0];
        const at = (line: number) => ({ uri: 'file:///s.rtcell', start: { line, character: 0 }, end: { line, character: 9 } });
        model.flows.forEach((f, i) => (f.source = at(100 + i)));
        const reuse = new AnalysisReuse();
        const first = analyzeSystem(model, { ...QUICK, reuse });
        const moved = structuredClone(model);
        moved.flows.forEach((f, i) => (f.source = at(200 + i)));
        moved.cells[0].tasks.forEach((t) => (t.wcet += 1));
        const second = analyzeSystem(moved, { ...QUICK, reuse });
        expect(second.flows[0]).toBe(first.flows[0]);
        expect(second.flows.map((f) => f.source?.start.line)).toEqual(moved.flows.map((_, i) => 200 + i));
        expect(moved.flows[0].source?.start.line).toBe(200);
    });
});
