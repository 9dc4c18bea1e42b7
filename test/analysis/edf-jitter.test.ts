/**
 * EDF with release jitter at or above the deadline (issue 16, item 1). The demand bound function with release jitter,
 * dbf(t) = Σ_i (⌊(t + J_i − D_i)/T_i⌋ + 1)⁺·C_i (Spuri 1996, INRIA RR-2772, §3 with jitter; Baruah, Mok, Rosier 1990
 * for the test dbf(t) ≤ sbf(t)), puts the deadlines of a task with J_i > D_i before the window starts: at t = 0 it is
 * already C_i > 0 = sbf(0), so the set is infeasible. A job released J_i after its nominal release completes at
 * J_i + C_i at the earliest, the bound Spuri's response time gives (w(−J_i) = C_i, R = w + J_i).
 */
import { describe, expect, it } from 'vitest';
import { analyzeSystem, edfDemandViolation } from '../../simulator/analysis/index.js';
import { simulate } from '../../simulator/engine/index.js';
import { cell, system, task, termsAddUp } from './builder.js';

const US = 1_000;
const MS = 1_000_000;
const C = 276_076;
const D = 3_952_868;

function edfTask(jitter: number, vcpu?: { budget: number; period: number }) {
    const placement = vcpu ? { core: 1, vcpu: 'v' } : { core: 0 };
    return system({
        broker: null,
        cells: [cell('c0', {
            root: true, scheduler: 'edf', ...(vcpu ? { vcpus: [{ name: 'v', core: 1, ...vcpu }] } : { cores: [0] }),
            tasks: [task('t5', C, 6 * MS, { deadline: D, jitter, placement })],
        })],
    });
}

describe('EDF with release jitter at or above the deadline', () => {
    it('the demand test fails at t = 0 when a jitter exceeds its deadline', () => {
        const tasks = [{ wcet: C, period: 6 * MS, deadline: D, jitter: 9 * MS }];
        expect(edfDemandViolation(tasks, { kind: 'dedicated' }, undefined, 1e13)).toEqual({ ok: false, at: 0 });
        // J < D: the first deadline point D − J > 0 is checked as before, and the demand C fits there.
        expect(edfDemandViolation([{ ...tasks[0], jitter: 3 * MS }], { kind: 'dedicated' }, undefined, 1e13).ok).toBe(true);
    });

    // The example: J = 9 ms > D. Bound J + C = 9.276076 ms (was capped at D = 3.952868 ms: unsound).
    it('a whole core: unschedulable at J + C, as every scenario simulates', () => {
        const m = edfTask(9 * MS);
        const r = analyzeSystem(m).tasks[0];
        expect(r.verdict).toBe('unschedulable');
        expect(r.wcrt).toBe(9 * MS + C);
        expect(r.terms.some((t) => t.id === 'demand-cap')).toBe(false);
        expect(termsAddUp(r)).toBe(true);
        for (const scenario of ['synchronous', 'adversarial'] as const) {
            expect(simulate(m, { durationNs: 20 * MS, scenario }).tasks[0].max).toBe(9 * MS + C);
        }
    });

    // J = D exactly: the point t = 0 was already checked, and still is. The job released D late cannot finish by D.
    it('a jitter equal to the deadline is unschedulable at D + C', () => {
        const r = analyzeSystem(edfTask(D)).tasks[0];
        expect(r.verdict).toBe('unschedulable');
        expect(r.wcrt).toBe(D + C);
    });

    // The control: J = 3.9 ms < D: the job released 3.9 ms late needs 276 µs more, past D (3.952868 ms).
    it('a jitter just below the deadline stays right (unschedulable, J + C)', () => {
        const r = analyzeSystem(edfTask(3_900 * US)).tasks[0];
        expect(r.verdict).toBe('unschedulable');
        expect(r.wcrt).toBe(3_900 * US + C);
    });

    // On a VCPU (Θ = 3.9 ms, Π = 4 ms, the only one of its core, so its budget comes at the start of each period):
    // sbf(0) = 0 too, so the same t = 0 check fails; the bound adds the supply delay of tbf(C) = C + ⌈C/Θ⌉(Π − Θ)
    // = C + 100 µs: 9.376076 ms (was capped at D). The regression file's second cell, where the adversarial scenario
    // reaches it, checks the simulator side.
    it('a VCPU: unschedulable at J + tbf(C)', () => {
        const r = analyzeSystem(edfTask(9 * MS, { budget: 3_900 * US, period: 4 * MS })).tasks[0];
        expect(r.verdict).toBe('unschedulable');
        expect(r.wcrt).toBe(9 * MS + C + 100 * US);
    });
});
