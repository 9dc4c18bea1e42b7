/**
 * Blocking on shared resources in the analysis (docs/analysis.md §10): the EDF demand test with Baker's B(t), MPCP's
 * waits by hand, and the deadline assumption of the MPCP counts.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import { simulate } from '../../simulator/engine/index.js';
import type { CriticalSection } from '../../simulator/model/types.js';
import { cell, MS, system, task } from '../simulator/model-builder.js';
import { termsAddUp } from './builder.js';

const local = (resource: string, length: number): CriticalSection => ({ resource, scope: 'local', length });
const global = (resource: string, length: number): CriticalSection => ({ resource, scope: 'global', length });

describe('SRP under EDF', () => {
    // a: C = 2, D = T = 4 ms; b: C = 3, D = T = 100 ms, holds R for 3 ms. Baker (1991): at t = 4 the demand is
    // 2 + B(4) = 2 + 3 > 4, so the demand test fails and the bound is not capped at the deadline: Spuri's w = 2 + 3 = 5.
    // Without B(t) in the demand test it would pass and cap a's bound at 4 ms, below what the simulator shows.
    it('the demand test charges B(t), so a blocked task is not capped at its deadline', () => {
        const model = system({
            cells: [cell('c', {
                cores: [0], scheduler: 'edf', resources: [{ name: 'R', scope: 'local', cells: ['c'] }],
                tasks: [
                    task('a', { period: 4 * MS, wcet: 2 * MS, core: 0, sections: [local('R', 1 * MS)] }),
                    task('b', { period: 100 * MS, wcet: 3 * MS, core: 0, sections: [local('R', 3 * MS)] }),
                ],
            })],
        });
        const a = analyzeSystem(model).tasks[0];
        expect(a.wcrt).toBe(5 * MS);
        expect(a.verdict).toBe('unschedulable');
        expect(a.terms.some((t) => t.id === 'demand-cap')).toBe(false);
        expect(termsAddUp(a)).toBe(true);
        expect(simulate(model, { durationNs: 200 * MS, scenario: 'adversarial' }).tasks[0].max).toBe(5 * MS - 1);
    });
});

describe('MPCP by hand', () => {
    // Core 0: a (p3, C 2, T 10, bus 1), b (p1, C 3, T 20, bus 0.5). Core 1: c (p2, C 4, T 15, bus 2), d (p1, C 5, T 30).
    // ceil(bus) = 3. Hold times: L'_a = 1 + 0.5 (b's section, boosted while a holds) = 1.5; L'_b = 0.5 + 1 = 1.5; L'_c = 2.
    // Per-request waits S: a: the longest less urgent hold elsewhere (c: 2) = 2; c: L'_b + (⌊(W + 10)/10⌋ + 1)·L'_a = 4.5;
    // b: W = (⌊(W+10)/10⌋+1)·1.5 + (⌊(W+15)/15⌋+1)·2 = 7. Per job: b's section boosted once per suspension of a (0.5).
    // a: w = 2 + 0.5 (b boosted once) + 0.5 (once more per suspension) + min(S_a = 2, window) = 5: the window bound is
    //    the holds of core 1 in the window: c (less urgent than a: at most one per request of a, L'_c = 2) → 2, a tie.
    // c: w = 4 + min(4.5, window). Window: core 0's holds of bus, a (more urgent) ⌈(w + 10)/10⌉·1.5 plus b (less urgent:
    //    at most one per request of c, ⌈w/15⌉) 1.5, capped by core 0's global sections in the window,
    //    ⌈(w + 10)/10⌉·1 + ⌈(w + 20)/20⌉·0.5. At w = 4: min(3 + 1.5, 2 + 1) = 3 → 7; at 7: min(4.5, 2 + 1) = 3 → 7.
    // b: w = 3 + ⌈w/10⌉·(2 + 0.5) + min(⌈w/10⌉·S_a + ⌈w/20⌉·S_b, window: c ⌈(w + 15)/15⌉·L'_c) → w = 3: 3 + 2.5 + min(9, 4)
    //    = 9.5; at 9.5: 3 + 2.5 + min(9, ⌈24.5/15⌉·2 = 4) = 9.5. The per-job charge alone gave 3 + 2·(2.5 + 2) + 7 = 19.
    // d: w = 5 + ⌈w/15⌉·4 + min(⌈w/15⌉·4.5, core 0's holds capped by its sections ⌈(w + 10)/10⌉·1 + ⌈(w + 20)/20⌉·0.5)
    //    → 9: 5 + 4 + min(4.5, 3) = 12 → 5 + 4 + min(4.5, 3 + 1) = 13 → 13.
    const model = system({
        cells: [
            cell('c0', { cores: [0], tasks: [
                task('a', { period: 10 * MS, wcet: 2 * MS, priority: 3, core: 0, sections: [global('bus', 1 * MS)] }),
                task('b', { period: 20 * MS, wcet: 3 * MS, priority: 1, core: 0, sections: [global('bus', MS / 2)] }),
            ] }),
            cell('c1', { cores: [1], tasks: [
                task('c', { period: 15 * MS, wcet: 4 * MS, priority: 2, core: 1, sections: [global('bus', 2 * MS)] }),
                task('d', { period: 30 * MS, wcet: 5 * MS, priority: 1, core: 1 }),
            ] }),
        ],
    });
    model.resources = [{ name: 'bus', scope: 'global', cells: ['c0', 'c1'] }];

    it('gives 5, 9.5, 7 and 13 ms with the waits as blocking', () => {
        const r = analyzeSystem(model);
        expect(r.tasks.map((t) => t.wcrt)).toEqual([5 * MS, 9.5 * MS, 7 * MS, 13 * MS]);
        // b's blocking: its window's waits, capped by core 1's holds (4 ms), not S_a + S_b = 9 ms.
        expect(r.tasks[1].terms.find((t) => t.id === 'blocking')!.value).toBe(4 * MS);
        expect(r.tasks.every((t) => termsAddUp(t))).toBe(true);
        const c = r.tasks[2];
        expect(c.terms.find((t) => t.id === 'blocking')!.value).toBe(3 * MS);
        // The cause names the per-request wait (4.5 ms) and the less urgent holder that sets it.
        expect(c.blockedBy).toEqual([expect.objectContaining({ kind: 'remote', resource: 'bus', task: 'b', value: 4.5 * MS })]);
        for (const scenario of ['synchronous', 'random', 'adversarial'] as const) {
            const sim = simulate(model, { durationNs: 300 * MS, scenario });
            sim.tasks.forEach((s, k) => expect(s.max, `${scenario} ${s.name}`).toBeLessThanOrEqual(r.tasks[k].wcrt!));
        }
    });

    it('makes inconclusive the bounds that counted a user which may miss its deadline, and only those', () => {
        const late = structuredClone(model);
        late.cells[1].tasks[0].deadline = 6 * MS; // c's bound is 7 ms
        const r = analyzeSystem(late);
        const of = (name: string) => r.tasks.find((x) => x.name === name)!;
        // c's window counted a's and b's jobs, b's counted c's, d's counted a's and b's: b and c may miss, so none stands.
        for (const name of ['b', 'c', 'd']) {
            expect(of(name).verdict, name).toBe('inconclusive');
            expect(of(name).reason).toMatch(/assumes every user of a global resource meets its deadline, and task '[bc]' may not/);
        }
        // a counted nobody's jobs (one less urgent hold per request): its bound stands.
        expect(of('a')).toMatchObject({ verdict: 'schedulable', wcrt: 5 * MS });
        for (const scenario of ['synchronous', 'random', 'adversarial'] as const) {
            expect(simulate(late, { durationNs: 300 * MS, scenario }).tasks[0].max, scenario).toBeLessThanOrEqual(5 * MS);
        }
    });
});
