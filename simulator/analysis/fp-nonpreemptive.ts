/**
 * Response time of a job that no task of its level can preempt once it has started: a fixed-priority task whose whole
 * WCET is one critical section on a local resource with a ceiling at or above every more urgent task of its core
 * (the stack resource policy then lets nothing of its level or above run until the section ends). This is the
 * non-preemptive analysis of Davis, Burns, Bril & Lukkien 2007 ("Controller Area Network (CAN) schedulability
 * analysis: Refuted, revisited and revised", Real-Time Systems 35(3), §3–4), with time in integer ns so that the
 * smallest time unit τ is 1 ns. docs/analysis.md §10.1 has the equations and their assumptions.
 *
 * For job q (q = 0 … Q−1) of the level-i busy period of length t_i:
 *   w_q = B_i + q·C_i + Σ_{j ∈ hp(i)} (⌊(w_q + J_j)/T_j⌋ + 1)·C_j     (the job's latest start: every more urgent job
 *                                                                     released up to and including w_q runs first)
 *   R_q = J_i + w_q + C_i − q·T_i,  R_i = max_q R_q
 *   t_i = B_i + Σ_{j ∈ hp(i) ∪ {i}} ⌈(t_i + J_j)/T_j⌉·C_j,  Q = ⌈(t_i + J_i)/T_i⌉
 * Only on a whole core without hypervisor work or MemGuard stalls (the caller checks): nothing else can then delay a
 * job that has started.
 */
import { arrivalsBefore, arrivalsUpTo, ceilDivInt, leastFixedPoint, mulCapped } from './arith.js';
import type { Task } from '../model/types.js';
import type { RtaResult, RtaTask } from './fp-rta.js';
import { usesGlobalResource } from './mpcp.js';

/** w ↦ B + q·C + Σ_hp arrivals in [0, w]·C_j (the latest start of job q); `per` receives each interferer's share. */
function startDemand(w: number, task: RtaTask, ownBefore: number, hp: readonly RtaTask[], count: number, per?: number[]): number {
    let sum = (task.blocking ?? 0) + ownBefore;
    for (let k = 0; k < count; k++) {
        const j = hp[k];
        const c = mulCapped(arrivalsUpTo(w, j.period, j.jitter), j.wcet);
        if (per) per[k] = c;
        sum += c;
    }
    return sum;
}

/** Worst-case response time of a non-preemptive job of `task` under `hp[0..hpCount)` (see the file comment). */
export function fpNonPreemptiveResponseTime(task: RtaTask, hp: readonly RtaTask[], horizon: number, hpCount = hp.length): RtaResult {
    const blocking = task.blocking ?? 0;
    const busyPeriod = leastFixedPoint((t) => {
        let sum = blocking + mulCapped(arrivalsBefore(t, task.period, task.jitter), task.wcet);
        for (let k = 0; k < hpCount; k++) sum += mulCapped(arrivalsBefore(t, hp[k].period, hp[k].jitter), hp[k].wcet);
        return sum;
    }, Math.max(1, blocking + task.wcet), horizon);
    if (busyPeriod === undefined) {
        return { criticalJob: 0, reason: `no level-i busy period below the horizon of ${horizon} ns (the level is overloaded)`, unbounded: true };
    }
    const jobs = Math.max(1, ceilDivInt(busyPeriod + task.jitter, task.period));
    let best: RtaResult | undefined;
    let previousStart = 0;
    for (let q = 0; q < jobs; q++) {
        const ownBefore = mulCapped(q, task.wcet);
        // Job q starts no earlier than job q−1 ended (it waits for it): a valid start below the least fixed point.
        const start = leastFixedPoint((w) => startDemand(w, task, ownBefore, hp, hpCount), Math.max(blocking + ownBefore, previousStart + task.wcet), horizon);
        if (start === undefined || start + task.wcet > horizon) return { criticalJob: q, busyPeriod, reason: `no fixed point below the horizon for job ${q}`, unbounded: true };
        previousStart = start;
        const response = start + task.wcet - q * task.period + task.jitter;
        if (!best || response > best.wcrt!) {
            const per = new Array<number>(hpCount).fill(0);
            const interference = startDemand(start, task, ownBefore, hp, hpCount, per) - blocking - ownBefore;
            best = {
                wcrt: response, criticalJob: q, busyPeriod,
                breakdown: {
                    own: ownBefore + task.wcet, interference, perInterferer: per, blocking, extra: 0, supplyDelay: 0,
                    backlogShift: -q * task.period, jitter: task.jitter,
                },
            };
        }
        // No early end when job q completes before job q+1 arrives: more urgent jobs released while it ran are still
        // pending then, so the level-i busy period goes on (the case Davis et al. 2007 found the original CAN analysis
        // to miss). Every job of the busy period is examined.
    }
    return best ?? { criticalJob: 0, reason: 'empty busy period' };
}

/**
 * Which tasks of a fixed-priority group run their jobs non-preemptively: one section on a local resource covering
 * the whole WCET, whose ceiling (the highest priority among the resource's users in the group) is at least the
 * priority of every other task of the same or a more urgent level — under the stack resource policy nothing of
 * those levels can start while the job holds it (docs/semantics.md §9). Groups with a global resource are left to
 * the general analysis (suspensions). Undefined when no task qualifies (the common case).
 * The caller adds the conditions on the core: a whole core, no hypervisor work, no MemGuard stalls.
 */
export function nonPreemptiveTasks(tasks: readonly Task[]): boolean[] | undefined {
    if (!tasks.some(holdsWholeJob) || tasks.some(usesGlobalResource)) return undefined;
    const ceiling = new Map<string, number>();
    let top = -Infinity;
    for (const t of tasks) {
        top = Math.max(top, t.priority);
        for (const s of t.sections ?? []) ceiling.set(s.resource, Math.max(ceiling.get(s.resource) ?? -Infinity, t.priority));
    }
    // The ceiling is at least the holder's own priority, so "at or above every task of the same or a more urgent
    // level" is "at or above the highest priority of the group".
    const flags = tasks.map((t) => holdsWholeJob(t) && ceiling.get(t.sections![0].resource)! >= top);
    return flags.some((f) => f) ? flags : undefined;
}

/** One local section covering the whole (positive) WCET. */
function holdsWholeJob(t: Task): boolean {
    return t.wcet > 0 && t.sections?.length === 1 && t.sections[0].scope === 'local' && t.sections[0].length === t.wcet;
}
