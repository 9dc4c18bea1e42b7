/**
 * The adversarial scenario's VCPU placement (simulator/engine/vcpu-phases.ts, docs/trace-format.md "Scenarios"): a
 * task on a VCPU is released as the budget before the VCPU's *longest* blackout runs out, not its first one.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import { simulate } from '../../simulator/engine/index.js';
import { adversarialVcpuPhases } from '../../simulator/engine/vcpu-phases.js';
import { cell, event, MS, system, task, vcpu } from './model-builder.js';

describe('adversarial VCPU phases', () => {
    // v1 (Θ = 3, Π = 5) above v2 (Θ = 2, Π = 7), in ms. v1 runs [5k, 5k + 3]; v2 takes the first free time of each of
    // its periods: [3, 5], [8, 10], [14, 15] + [18, 19], [23, 25], [28, 30], [38, 40]... Its blackouts: 3, 4, 3, 4, 3, 8
    // (from 30 to 38: the free time [33, 35] falls in its period [28, 35) after it has had its budget). The longest is
    // 8 ms from 30 ms (the model's 2(Π − Θ) = 10 ms does not happen here). v1, the most urgent, keeps phase 0.
    const v1 = { index: 0, budget: 3 * MS, period: 5 * MS };
    const v2 = { index: 1, budget: 2 * MS, period: 7 * MS };

    it('finds the longest blackout of the less urgent VCPU, not its first', () => {
        const plan = adversarialVcpuPhases([v1, v2]);
        expect(plan.phase.get(0)).toBe(0);
        expect(plan.blackoutStart.get(1)).toBe(30 * MS);
        expect(plan.blackoutStart.get(0)).toBe(3 * MS);
    });

    // A task on v2 (C = 0.5 ms, T = 70 ms) released at 30 ms runs at 38 ms: 8.5 ms. Released at v2's first exhaustion
    // (5 ms, as before), it ran at 8 ms: 3.5 ms. The bound (general periodic resource, v2 is not the most urgent):
    // tbf(0.5 ms) = 0.5 + (⌈0.5/2⌉ + 1)(7 − 2) = 10.5 ms.
    it('releases the task there, and the bound still holds', () => {
        const m = system({
            cells: [
                cell('a', { root: true, vcpus: [vcpu('v1', 1, 3 * MS, 5 * MS)] }),
                cell('b', { vcpus: [vcpu('v2', 1, 2 * MS, 7 * MS)], tasks: [task('t', { period: 70 * MS, wcet: MS / 2, core: 1, vcpu: 'v2' })] }),
            ],
        });
        const sim = simulate(m, { durationNs: 140 * MS, scenario: 'adversarial' }).tasks[0];
        expect(sim.max).toBe(8.5 * MS);
        expect(analyzeSystem(m).tasks[0].wcrt).toBe(10.5 * MS);
    });

    // An event on v2 is placed so that a full non-preemptible section (6 µs) ends as the budget before the 8 ms
    // blackout runs out (at 30 ms): 6000 + 8 ms + irqEntry 500 = 8,006,500 ns. Bound: 6000 + 2(7 − 2) ms + 500.
    it('aims an event at that blackout too', () => {
        const m = system({
            cells: [
                cell('a', { root: true, vcpus: [vcpu('v1', 1, 3 * MS, 5 * MS)] }),
                cell('b', { vcpus: [vcpu('v2', 1, 2 * MS, 7 * MS)], events: [event('e', 1, 'v2')] }),
            ],
        });
        expect(simulate(m, { durationNs: 140 * MS, scenario: 'adversarial' }).events[0].max).toBe(8_006_500);
        expect(analyzeSystem(m).events[0].wcrt).toBe(10_006_500);
    });
});
