/**
 * What the background simulation runs and how its results fold into one observation per item: the adversarial
 * scenario and a few random seeds, each over two hyperperiods of the tasks and flows (capped), then per item the worst
 * latency, the run and the job where it was first seen. No Langium, no threads: the worker and the in-process runner
 * share it.
 */
import { simulate } from '../simulator/engine/index.js';
import type { Scenario, SimulationResult } from '../simulator/engine/types.js';
import type { SystemModel } from '../simulator/model/types.js';
import type { ObservedItem, SensitivityItem } from './protocol.js';
import { sensitivities } from './sensitivity.js';

export interface ObservationPlan {
    durationNs: number;
    runs: Array<{ scenario: Scenario; seed: number }>;
}

export interface ObservationSettings {
    randomSeeds: number;
    maxDurationNs: number;
}

export const DEFAULT_OBSERVATION: ObservationSettings = { randomSeeds: 2, maxDurationNs: 1_000_000_000 };
/** At most this many random runs, whatever the setting says. */
export const MAX_RANDOM_SEEDS = 16;
/** Jobs released over one run, summed over every task and flow: the run is shortened to stay under it. */
const MAX_JOBS_PER_RUN = 200_000;
/** Shortest run: long enough for a few jobs of anything with a period under a millisecond. */
const MIN_DURATION_NS = 1_000_000;

function gcd(a: bigint, b: bigint): bigint {
    while (b !== 0n) [a, b] = [b, a % b];
    return a;
}

/** Two hyperperiods of the periodic tasks and flows, capped at `maxDurationNs` and by the job budget. */
export function planObservation(model: SystemModel, settings: ObservationSettings = DEFAULT_OBSERVATION): ObservationPlan {
    const periods = [...model.cells.flatMap((c) => c.tasks.map((t) => t.period)), ...model.flows.map((f) => f.period)].filter((p) => Number.isSafeInteger(p) && p > 0);
    const cap = BigInt(Math.max(MIN_DURATION_NS, settings.maxDurationNs));
    let hyper = 1n;
    for (const p of periods) {
        hyper = (hyper / gcd(hyper, BigInt(p))) * BigInt(p);
        if (hyper > cap) break;
    }
    let duration = Number(periods.length === 0 ? cap : (2n * hyper < cap ? 2n * hyper : cap));
    const jobsPerNs = periods.reduce((sum, p) => sum + 1 / p, 0);
    if (jobsPerNs * duration > MAX_JOBS_PER_RUN) duration = Math.floor(MAX_JOBS_PER_RUN / jobsPerNs);
    duration = Math.max(MIN_DURATION_NS, Math.min(duration, Number(cap)));
    const seeds = Math.max(0, Math.min(MAX_RANDOM_SEEDS, Math.floor(settings.randomSeeds)));
    const runs: ObservationPlan['runs'] = [{ scenario: 'adversarial', seed: 1 }];
    for (let seed = 1; seed <= seeds; seed++) runs.push({ scenario: 'random', seed });
    return { durationNs: duration, runs };
}

/** Folds the runs into the worst observation per item (ties keep the earlier run). */
export function foldObservations(results: readonly SimulationResult[]): ObservedItem[] {
    const byKey = new Map<string, ObservedItem>();
    for (const result of results) {
        for (const s of [...result.flows, ...result.tasks, ...result.events]) {
            const key = `${s.kind}\u0000${s.cell ?? ''}\u0000${s.name}`;
            const seen = byKey.get(key);
            if (!seen) {
                byKey.set(key, {
                    kind: s.kind, name: s.name, ...(s.cell !== undefined ? { cell: s.cell } : {}),
                    max: s.count > 0 ? s.max : -1, scenario: result.scenario, seed: result.seed, job: s.maxJob, from: s.maxFrom, count: s.count, misses: s.misses,
                });
                continue;
            }
            seen.count += s.count;
            seen.misses += s.misses;
            if (s.count > 0 && s.max > seen.max) Object.assign(seen, { max: s.max, scenario: result.scenario, seed: result.seed, job: s.maxJob, from: s.maxFrom });
        }
    }
    return [...byKey.values()];
}

/** Analysis time the sensitivity searches may take after the runs, ms (items left over get no figure). */
export const SENSITIVITY_BUDGET_MS = 500;

/** Runs a plan and folds it: what the worker does (and the in-process runner). */
export function runPlan(model: SystemModel, plan: ObservationPlan): ObservedItem[] {
    return foldObservations(plan.runs.map((run) => simulate(model, { durationNs: plan.durationNs, seed: run.seed, scenario: run.scenario })));
}

/** A job of the background worker: the runs first (their results are shown at once), then the sensitivity searches. */
export type ObservationJob = { task: 'observe'; plan: ObservationPlan } | { task: 'sensitivity'; budgetMs: number };

export type JobAnswer = { task: 'observe'; items: ObservedItem[] } | { task: 'sensitivity'; sensitivity: SensitivityItem[] };

export function runJob(model: SystemModel, job: ObservationJob): JobAnswer {
    return job.task === 'observe' ? { task: 'observe', items: runPlan(model, job.plan) } : { task: 'sensitivity', sensitivity: sensitivities(model, job.budgetMs) };
}
