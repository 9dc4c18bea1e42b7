/**
 * Soundness of the MPCP bounds (docs/analysis.md §10.2) on random small systems: 2–4 cores, each a fixed-priority cell
 * of 1–3 tasks, 1–3 global resources shared by every cell, sections that cover the whole WCET or part of it (0–2 per
 * task), equal priorities, release jitter and deadlines below the period now and then. Every scenario's observed worst
 * latency must be at most the bound of every item the analysis does not call inconclusive. A failure prints the system
 * as an .rtcell document: a simulated latency above its bound is a bug of the analysis or of the simulator.
 *
 * RTCELL_MPCP_RUNS=N runs more systems, RTCELL_MPCP_SEED=S replays a seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import { SCENARIOS, simulate } from '../../simulator/engine/index.js';
import { printRtcell } from '../../simulator/engine/rtcell-printer.js';
import type { CriticalSection, SystemModel } from '../../simulator/model/types.js';
import { cell, MS, system, task } from '../simulator/model-builder.js';

const RUNS = Number(process.env.RTCELL_MPCP_RUNS ?? 100);
const SEED = process.env.RTCELL_MPCP_SEED !== undefined ? Number(process.env.RTCELL_MPCP_SEED) : undefined;
const DURATION = 60 * MS;
const RESOURCES = ['r0', 'r1', 'r2'];

const sectionPlan = fc.record({ resource: fc.nat(2), percent: fc.integer({ min: 5, max: 60 }) });
const taskPlan = fc.record({
    period: fc.constantFrom(2 * MS, 2.5 * MS, 3.5 * MS, 5 * MS, 10 * MS, 20 * MS),
    loadPercent: fc.integer({ min: 2, max: 25 }),
    priority: fc.integer({ min: 1, max: 4 }),
    // 'whole': one section over the whole WCET; 'part': 0–2 sections over parts of it.
    sections: fc.oneof(fc.constant('whole' as const), fc.array(sectionPlan, { maxLength: 2 })),
    resource: fc.nat(2),
    jitterPercent: fc.constantFrom(0, 0, 0, 10, 30),
    deadlinePercent: fc.constantFrom(100, 100, 100, 80),
});
const planArb = fc.record({
    resources: fc.integer({ min: 1, max: 3 }),
    cores: fc.array(fc.array(taskPlan, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 4 }),
});
type Plan = typeof planArb extends fc.Arbitrary<infer P> ? P : never;

function build(plan: Plan): SystemModel {
    const used = RESOURCES.slice(0, plan.resources);
    const cells = plan.cores.map((tasks, core) => cell(`c${core}`, {
        cores: [core],
        root: core === 0,
        tasks: tasks.map((t, k) => {
            const wcet = Math.max(1000, Math.floor((t.period * t.loadPercent) / 100));
            const sections: CriticalSection[] = t.sections === 'whole'
                ? [{ resource: used[t.resource % used.length], scope: 'global', length: wcet }]
                : [];
            if (t.sections !== 'whole') {
                let left = wcet;
                for (const s of t.sections) {
                    const length = Math.floor((wcet * s.percent) / 100);
                    if (length <= 0 || length > left) continue;
                    left -= length;
                    sections.push({ resource: used[s.resource % used.length], scope: 'global', length });
                }
            }
            return task(`t${k}`, {
                period: t.period, wcet, priority: t.priority, core,
                deadline: Math.floor((t.period * t.deadlinePercent) / 100),
                jitter: Math.floor((t.period * t.jitterPercent) / 1000),
                ...(sections.length > 0 ? { sections } : {}),
            });
        }),
    }));
    const model = system({ cells });
    model.resources = used.map((name) => ({ name, scope: 'global' as const, cells: cells.map((c) => c.name) }));
    return model;
}

interface Excess { scenario: string; item: string; observed: number; bound: number }

const tally = { systems: 0, bounded: 0, inconclusive: 0, schedulable: 0 };
const reasons = new Map<string, number>();
/** Observed ÷ bound per bounded task (the largest over the scenarios): how tight the MPCP bounds are. */
const ratios: number[] = [];

function excesses(model: SystemModel): Excess[] {
    const analysis = analyzeSystem(model);
    expect(analysis.errors).toEqual([]);
    tally.systems++;
    for (const t of analysis.tasks) {
        if (t.verdict === 'inconclusive') {
            tally.inconclusive++;
            const why = (t.reason ?? '').replace(/'[^']*'/g, "'…'").replace(/[0-9][0-9.]* ?(ns|us|ms|s)\b/g, 'T').slice(0, 90);
            reasons.set(why, (reasons.get(why) ?? 0) + 1);
        }
        else if (t.wcrt !== undefined) tally.bounded++;
        if (t.verdict === 'schedulable') tally.schedulable++;
    }
    const found: Excess[] = [];
    const worst = new Map<string, number>();
    for (const scenario of SCENARIOS) {
        const sim = simulate(model, { durationNs: DURATION, seed: 3, scenario });
        for (const s of sim.tasks) {
            const bound = analysis.tasks.find((r) => r.name === s.name && r.owner === s.cell)!;
            if (bound.verdict === 'inconclusive' || bound.wcrt === undefined) continue;
            const observed = Math.max(s.max, s.maxUnfinishedAge);
            if (observed > bound.wcrt) found.push({ scenario, item: s.qualifiedName, observed, bound: bound.wcrt });
            if (bound.wcrt > 0) worst.set(s.qualifiedName, Math.max(worst.get(s.qualifiedName) ?? 0, observed / bound.wcrt));
        }
    }
    ratios.push(...worst.values());
    return found;
}

describe('MPCP bounds hold on random small systems', () => {
    it(`every scenario stays within the bounds of ${RUNS} systems`, () => {
        fc.assert(fc.property(planArb, (plan) => {
            const model = build(plan);
            const found = excesses(model);
            if (found.length > 0) {
                throw new Error(`${found.map((e) => `${e.scenario}: ${e.item} observed ${e.observed} > bound ${e.bound}`).join('\n')}\n${printRtcell(model)}`);
            }
        }), { numRuns: RUNS, seed: SEED });
        console.log(`mpcp property: ${tally.systems} systems, ${tally.bounded} task bounds checked (${tally.schedulable} schedulable), ${tally.inconclusive} inconclusive`);
        const sorted = [...ratios].sort((a, b) => a - b);
        const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.toFixed(3);
        console.log(`observed ÷ bound: median ${at(0.5)}, p10 ${at(0.1)}, p90 ${at(0.9)} over ${sorted.length} tasks`);
        console.log(`why inconclusive:\n  ${[...reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${n} ${r}`).join('\n  ')}`);
        // The generator must reach bounded items, or the property proves nothing.
        expect(tally.bounded).toBeGreaterThan(tally.systems);
    }, 600_000);
});
