/**
 * The non-preemptive job analysis (fp-nonpreemptive.ts) bounds what the simulator shows: random task sets on one
 * whole core where some tasks hold one local resource for their whole WCET (its ceiling the highest priority, so their
 * jobs are not preemptible once started), others hold it for part of their WCET or not at all, with jitter and
 * priorities in any order. Every scenario's observed maximum must stay at or below the bound (a simulated latency
 * above its bound is a bug in one of them), and the published example's tightness is asserted elsewhere
 * (published-blocking.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import { simulate } from '../../simulator/engine/index.js';
import { rng } from '../../bench/analysis-shapes.js';
import type { Task } from '../../simulator/model/types.js';
import { cell, system, task } from './builder.js';

const US = 1_000;

// Periods and WCETs on a 0.5 ms grid, as in the published example: releases coincide with job starts and ends, the
// instants where a non-preemptive analysis is easiest to get wrong (a more urgent release at the start instant).
const GRID = 500 * US;

function randomSet(seed: number) {
    const rand = rng(seed);
    const n = 2 + Math.floor(rand() * 4);
    const tasks: Task[] = [];
    let utilisation = 0;
    for (let k = 0; k < n; k++) {
        const period = (4 + Math.floor(rand() * 12)) * GRID;
        const wcet = (1 + Math.floor(rand() * 3)) * GRID;
        utilisation += wcet / period;
        const kind = rand();
        const sections = kind < 0.7 ? [{ resource: 'bus', scope: 'local' as const, length: wcet }]
            : kind < 0.85 ? [{ resource: 'bus', scope: 'local' as const, length: GRID }] : undefined;
        tasks.push(task(`t${k}`, wcet, period, {
            priority: 1 + Math.floor(rand() * n), jitter: rand() < 0.2 ? Math.floor(rand() * 4) * GRID : 0,
            ...(sections ? { sections } : {}),
        }));
    }
    const model = system({
        broker: null,
        cells: [cell('c', { root: true, cores: [0], resources: [{ name: 'bus', scope: 'local', cells: ['c'] }], tasks })],
    });
    return { model, utilisation };
}

describe('non-preemptive jobs: simulation within the bound', () => {
    it('holds on 150 random sets on a 0.5 ms grid in every scenario', () => {
        let checked = 0;
        let nonPreemptive = 0;
        for (let seed = 1; checked < 150; seed++) {
            const { model, utilisation } = randomSet(seed);
            if (utilisation > 0.95) continue;
            const analysis = analyzeSystem(model, { fixes: false });
            const t = model.cells[0].tasks;
            nonPreemptive += t.filter((x) => x.sections?.[0]?.length === x.wcet).length;
            const longest = Math.max(...t.map((x) => x.period));
            for (const [scenario, runSeed] of [['adversarial', 1], ['synchronous', 1], ['random', seed], ['random', seed + 7919]] as const) {
                const run = simulate(model, { durationNs: 60 * longest, scenario, seed: runSeed });
                for (const s of run.tasks) {
                    const bound = analysis.tasks.find((r) => `c.${r.name}` === s.qualifiedName)!;
                    if (bound.wcrt === undefined) continue;
                    expect(s.max, `seed ${seed} ${scenario} ${s.qualifiedName}: ${JSON.stringify(t)}`).toBeLessThanOrEqual(bound.wcrt);
                }
            }
            checked++;
        }
        // The generator does reach the analysis under test.
        expect(nonPreemptive).toBeGreaterThan(150);
    });
});
