/**
 * An estimate of a guest's interface: the smallest VCPU budget Θ (at the VCPU's period Π) keeping its tasks
 * schedulable, computed from the supply bound function instead of searched (docs/analysis.md §5, "Interface").
 * The interface search (index.ts) and the VCPU-budget fix (fixes.ts) start from it and confirm it with the exact
 * analysis (budgeted-search.ts `smallestTrueFrom`), so the estimate decides how many probes they make, never their
 * answer.
 *
 * sbf_Θ(t) is non-decreasing in Θ (Shin & Lee 2003: more budget per period never supplies less in any window), so
 * for a window t and a demand x the smallest Θ with sbf_Θ(t) ≥ x is found by bisection on sbf alone (`budgetFor`).
 * - Fixed priority (first job, Lehoczky, Sha, Ding 1989 scheduling points, with the supply of Shin & Lee 2003):
 *   task i meets D_i when some t in (0, D_i − J_i] has W_i(t) = C_i + Σ_hp ⌈(t + J_j)/T_j⌉C_j + X(t) ≤ sbf_Θ(t);
 *   W_i is constant between the points kT_j − J_j, so only those (and D_i − J_i) are tried. Θ_i = min over them,
 *   the group's Θ = max over tasks (with the long-run bound below).
 * - Long-run: Σ C/T (+ the hypervisor work rate) ≤ Θ/Π, else the reservation is overloaded: Θ ≥ ⌈Π·U⌉ (exact).
 * - EDF, the group: the smallest Θ passing the processor-demand test, narrowed by evaluations of G(Θ), the smallest Θ'
 *   meeting every deadline of L(Θ)'s test (see `edfEstimate`).
 * - EDF, one task (a fix probe tests its response time alone): the fixed-priority inversion for its job released at
 *   −J_i, the others counted up to their jobs due by its deadline (a lower bound: one candidate of Spuri's search).
 * Groups with critical sections (blocking, MPCP) get no estimate: their searches bisect as before.
 * Equations and sources: docs/analysis.md §5, "Interface, computed".
 */
import { arrivalsBefore, arrivalsUpTo, compareRateSum, DEFAULT_HORIZON, mulCapped, smallestTrue, type Rate } from './arith.js';
import type { Task } from '../model/types.js';
import type { SystemContext, TaskGroup } from './context.js';
import { DeadlinePoints } from './deadline-points.js';
import { demandAt, edfBusyPeriod, MAX_DEMAND_POINTS } from './edf.js';
import type { ExtraDemand, RtaTask } from './fp-rta.js';
import { DEDICATED, sbf, tbf, type Supply } from './supply.js';
import { groupSupply, hypervisorDemand, memguardModel, memguardStall, type CoreLoad } from './tasks.js';

/** Scheduling points (fixed priority) or deadlines (EDF) an estimate may try; beyond, no estimate. */
const MAX_POINTS = 20_000;

/** Hypervisor-stream points a group's fixed-priority estimate adds to a task's scheduling points; beyond, none. */
const STREAM_POINTS = 256;

/** Demand terms a fixed-priority estimate may evaluate (points × tasks, over the group); beyond, no estimate. */
const MAX_WORK = 2_000_000;

/**
 * The estimate for the whole group (its interface), or with `only` for one of its tasks (the VCPU-budget fix of that
 * task: under fixed priorities its own level; under EDF the group's demand test, a guess for a response-time test).
 */
export function interfaceEstimate(ctx: SystemContext, group: TaskGroup, load: CoreLoad | undefined, only?: Task): number | undefined {
    const vcpu = group.vcpu;
    const core = ctx.cores.get(group.core);
    if (!vcpu || !core || group.tasks.length === 0) return undefined;
    if (group.tasks.some((t) => (t.sections?.length ?? 0) > 0)) return undefined;
    if (load && load.unbounded.length > 0) return undefined;
    const period = vcpu.period;
    const mg = memguardModel(ctx, core, group);
    const extra: ExtraDemand = (t, refills) => hypervisorDemand(load, t) + memguardStall(mg, t, refills);
    // The supply at any Θ: that of the group with Θ in place of its budget (the whole core from Θ = Π on).
    const shape = groupSupply(ctx, group, Math.max(1, period - 1));
    const supplyOf = (theta: number): Supply => (theta >= period || shape.kind === 'dedicated' ? DEDICATED : { ...shape, budget: theta });
    const tasks: RtaTask[] = group.tasks.map((t) => ({ wcet: t.wcet, period: t.period, deadline: t.deadline, jitter: t.jitter, refills: t.memoryRefills }));
    const edf = group.cell.scheduler === 'edf';
    const onlyIndex = only ? group.tasks.indexOf(only) : -1;
    // Long-run: the whole group, or under fixed priorities the level of `only` (the tasks at least as urgent).
    const inLevel = (k: number) => edf || onlyIndex < 0 || group.tasks[k].priority >= group.tasks[onlyIndex].priority;
    const rates: Rate[] = [...(load?.streams ?? []).map((s) => ({ c: s.cost, t: s.period })), ...tasks.filter((_, k) => inLevel(k)).map((t) => ({ c: t.wcet, t: t.period }))];
    // Over the whole core's rate: no Θ ≤ Π passes, nothing to estimate (Π + 1).
    const longRun = smallestTrue(1, period, (theta) => compareRateSum(rates, theta, period) <= 0);
    if (longRun === undefined) return period + 1;
    const budgetFor = (t: number, demand: number, from: number) => budgetAtLeast(supplyOf, t, demand, from, period);
    if (edf && onlyIndex < 0) return edfEstimate(tasks, extra, supplyOf, budgetFor, longRun, period);
    // Fixed priority: the more urgent tasks interfere. EDF, one task (a fix probe tests its response time alone): its
    // job released at −J_i, which the others interfere with up to their jobs due by its deadline (Spuri's count at
    // r = −J_i), one candidate of its search: a lower bound.
    const interferers = (i: number): Interferer[] => (edf
        ? tasks.flatMap((j, k) => {
            const cap = k === i ? 0 : arrivalsUpTo(tasks[i].deadline - tasks[i].jitter - j.deadline, j.period, j.jitter);
            return cap > 0 ? [{ ...j, cap }] : [];
        })
        : tasks.filter((_, k) => k !== i && group.tasks[k].priority >= group.tasks[i].priority).map((j) => ({ ...j, cap: Infinity })));
    return firstJobEstimate(tasks, interferers, load, extra, supplyOf, budgetFor, longRun, period, onlyIndex);
}

/** The smallest Θ in [from, Π] with sbf_Θ(t) ≥ demand, or Π + 1 when even Π is not enough. */
function budgetAtLeast(supplyOf: (theta: number) => Supply, t: number, demand: number, from: number, period: number): number {
    return smallestTrue(from, period, (theta) => sbf(supplyOf(theta), t) >= demand) ?? period + 1;
}

type BudgetFor = (t: number, demand: number, from: number) => number;

type Interferer = RtaTask & { cap: number };

/** max over the tasks (or `only`) of the smallest Θ letting the first job's window end by D_i − J_i. */
function firstJobEstimate(
    tasks: readonly RtaTask[], interferers: (i: number) => Interferer[], load: CoreLoad | undefined, extra: ExtraDemand,
    supplyOf: (theta: number) => Supply, budgetFor: BudgetFor, longRun: number, period: number, onlyIndex: number,
): number | undefined {
    let estimate = longRun;
    let work = 0;
    for (let i = 0; i < tasks.length; i++) {
        if (onlyIndex >= 0 && i !== onlyIndex) continue;
        const me = tasks[i];
        const hp = interferers(i);
        const end = me.deadline - me.jitter;
        if (end <= 0) continue; // never met: the exact probe says so
        const points: number[] = [end];
        const addPoints = (j: { period: number; jitter: number }, limit: number) => {
            for (let t = j.period - j.jitter; t < end; t += j.period) {
                if (t > 0) points.push(t);
                if (points.length > limit) return false;
            }
            return true;
        };
        for (const j of hp) if (!addPoints(j, MAX_POINTS)) return undefined;
        // The hypervisor work H(t) = Σ (⌊(t − 1 + R_s)/T_s⌋ + 1)·cost_s is constant up to t = kT_s − R_s too. For a
        // group's interface, whose probes are cheap, many streams' points cost more than they save: then only the
        // tasks' are tried (the estimate may be a little high). A fix probe rebuilds the core's context: all of them.
        const taskPoints = points.length;
        const streamLimit = onlyIndex >= 0 ? MAX_POINTS : taskPoints + STREAM_POINTS;
        for (const j of load?.streams ?? []) {
            if (!addPoints(j, streamLimit)) { if (onlyIndex >= 0) return undefined; points.length = taskPoints; break; }
        }
        work += points.length * (hp.length + 1);
        if (work > MAX_WORK) return undefined;
        const demandAt = (t: number) => {
            let d = me.wcet;
            let refills = me.refills ?? 0;
            for (const j of hp) {
                const n = Math.min(j.cap, arrivalsBefore(t, j.period, j.jitter));
                d += mulCapped(n, j.wcet);
                refills += n * (j.refills ?? 0);
            }
            return d + extra(t, refills);
        };
        // Θ_i = min over the points; only points that can beat the estimate so far are inverted. First: is the
        // estimate so far already enough at some point (D_i − J_i first, the likeliest)?
        const demands: number[] = new Array(points.length);
        const current = supplyOf(estimate);
        let enough = false;
        for (let k = 0; k < points.length && !enough; k++) enough = sbf(current, points[k]) >= (demands[k] = demandAt(points[k]));
        if (enough) continue;
        let best = Infinity;
        for (let k = 0; k < points.length; k++) {
            const limit = Math.min(best - 1, period);
            if (limit <= estimate || sbf(supplyOf(limit), points[k]) < demands[k]) continue;
            best = budgetFor(points[k], demands[k], estimate + 1);
        }
        estimate = Math.max(estimate, Math.min(best, period + 1)); // Π + 1: not even the whole core
    }
    return estimate;
}

function edfEstimate(
    tasks: readonly RtaTask[], extra: ExtraDemand, supplyOf: (theta: number) => Supply, budgetFor: BudgetFor, longRun: number, period: number,
): number {
    // G(P, from): max(from, the smallest Θ meeting every deadline of the set P), by the descent of edfDemandViolation
    // (a point that holds at Θ covers every deadline down to tbf_Θ(demand)).
    const demandBudget = (L: number, from: number): number | undefined => {
        const points = new DeadlinePoints(tasks, L);
        if (points.countAbove(MAX_DEMAND_POINTS)) return undefined;
        let theta = from;
        for (let t = points.largestBelow(L + 1); t !== undefined;) {
            const demand = demandAt(tasks, extra, t);
            if (sbf(supplyOf(theta), t) < demand) theta = budgetFor(t, demand, theta);
            if (theta > period) return theta;
            t = points.largestBelow(Math.min(t, tbf(supplyOf(theta), demand)));
        }
        return theta;
    };
    // The deadlines checked at Θ are those of its busy period L(Θ), which only grows as Θ shrinks. With Θ_d the
    // smallest Θ passing the demand test, one evaluation g = G(deadlines of L(Θ)) bounds it from both sides: g ≤ Θ
    // means Θ passes (Θ_d ≤ Θ) and g ≤ Θ_d (Θ's deadlines are among Θ_d's); g > Θ means Θ fails and g passes (g's
    // deadlines are among Θ's, each met at g). A busy period that does not end, or too many deadlines: Θ fails.
    let lb = longRun;
    let ub: number | undefined;
    let theta = period;
    // Busy periods found so far, by Θ: L(Θ') ≤ L(Θ) for Θ' > Θ, so the nearest larger one is a valid start (§1).
    const found: { theta: number; L: number }[] = [];
    for (let round = 0; round < 32; round++) {
        let from = 0;
        for (const f of found) if (f.theta > theta && f.L > from) from = f.L;
        const L = edfBusyPeriod(tasks, supplyOf(theta), extra, DEFAULT_HORIZON, from);
        if (L !== undefined) found.push({ theta, L });
        const g = L === undefined ? undefined : demandBudget(L, longRun);
        const passes = g !== undefined && g <= theta;
        const raised = g !== undefined && g > lb;
        if (passes) {
            ub = theta;
            lb = Math.max(lb, g);
        } else {
            lb = Math.max(lb, theta + 1);
            if (g !== undefined && g <= period) ub = Math.min(ub ?? g, g);
        }
        if (lb > period) return period + 1;
        if (ub !== undefined && lb >= ub) return ub;
        // Next: just below a new upper bound (often exact), the new lower bound, or the middle.
        if (!passes && g !== undefined && g === ub) theta = ub - 1;
        else if (passes && raised) theta = lb;
        else theta = lb + Math.floor(((ub ?? period) - lb) / 2);
    }
    return ub ?? lb;
}
