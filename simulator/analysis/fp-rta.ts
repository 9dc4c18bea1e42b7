/**
 * Preemptive fixed-priority response-time analysis with release jitter, blocking and arbitrary deadlines, on a
 * whole core or on a periodic resource (Joseph & Pandya 1986; Audsley, Burns, Richardson, Tindell, Wellings 1993;
 * Lehoczky 1990 and Tindell, Burns, Wellings 1994 for the level-i busy period with several jobs; Shin & Lee 2003
 * for the supply). Pure arithmetic on integers: see docs/analysis.md §3 for the equations.
 */
import { arrivalsBefore, ceilDivInt, leastFixedPoint, mulCapped } from './arith.js';
import { EXACT_SUMS, type FpInterference } from './fp-interference.js';
import { chargeSearch } from './search-budget.js';
import { tbf, type Supply } from './supply.js';

export interface RtaTask {
    wcet: number;
    period: number;
    deadline: number;
    jitter: number;
    /** Blocking by lower-priority work (classic B_i); 0 for rtcell tasks (docs/analysis.md §3.1). */
    blocking?: number;
    /** LLC refills one job makes; fed to `extra` as the window's refill count. */
    refills?: number;
}

/**
 * Extra demand in a window of length t that is not a task of the set: hypervisor work and MemGuard stalls.
 * `refills` is the number of LLC refills the counted jobs make in the window. Must be non-decreasing in both.
 */
export type ExtraDemand = (t: number, refills: number) => number;

export interface RtaBreakdown {
    /** (q+1)·C_i. */
    own: number;
    /** Σ_hp ⌈(w+J_j)/T_j⌉·C_j. */
    interference: number;
    /** Per interferer index: its contribution. */
    perInterferer: number[];
    blocking: number;
    extra: number;
    /** tbf(demand) − demand: time the supply withholds (0 on a whole core). */
    supplyDelay: number;
    /** −q·T_i. */
    backlogShift: number;
    jitter: number;
}

export interface RtaResult {
    /** Worst-case response time from nominal release, ns; undefined when no fixed point below the horizon. */
    wcrt?: number;
    criticalJob: number;
    busyPeriod?: number;
    breakdown?: RtaBreakdown;
    reason?: string;
    /** Whether the level's utilisation makes the busy period unbounded (then the latency is unbounded). */
    unbounded?: boolean;
    /** w of the first job of the busy period (a valid start for less urgent tasks, see FpHint). */
    firstWindow?: number;
}

/**
 * Starting points from a strictly more urgent task of the same set, with the same blocking (0 for rtcell tasks):
 * its level is a subset of this task's level, so its busy period is at most this one's; and this task's first-job
 * step function is pointwise at least that task's (that task now counts as interference, ⌈·⌉ ≥ 1 job of it), so its
 * first window is at most this one's. Iterating from any start between the usual start and the least fixed point
 * reaches the same least fixed point, so the result is unchanged; only iterations are saved.
 */
export interface FpHint {
    busyPeriod?: number;
    firstWindow?: number;
}

function demandOf(
    t: number, own: number, ownRefills: number, task: RtaTask, hp: readonly RtaTask[], extra: ExtraDemand | undefined,
    per?: number[], count = hp.length, table?: FpInterference,
): { demand: number; interference: number; extraValue: number } {
    let interference = 0;
    let refills = ownRefills;
    const fast = per ? undefined : table?.sum(t);
    if (fast !== undefined && refills + table!.refills < EXACT_SUMS) {
        interference = fast;
        refills += table!.refills;
    } else {
        for (let k = 0; k < count; k++) {
            const j = hp[k];
            const n = arrivalsBefore(t, j.period, j.jitter);
            const c = mulCapped(n, j.wcet);
            if (per) per[k] = c;
            interference += c;
            if (j.refills) refills += n * j.refills;
        }
    }
    const extraValue = extra ? extra(t, refills) : 0;
    return { demand: (task.blocking ?? 0) + own + interference + extraValue, interference, extraValue };
}

/**
 * The `demand` of `demandOf` without building its breakdown (the fixed-point step: no allocation per iteration), over
 * hp[0..count). `self` also counts the task's own arrivals ⌈(t + J_i)/T_i⌉·C_i (the level-i busy period).
 */
function demandTotal(
    t: number, own: number, ownRefills: number, task: RtaTask, hp: readonly RtaTask[], extra: ExtraDemand | undefined,
    count = hp.length, self = false, table?: FpInterference,
): number {
    chargeSearch(count); // a step costs a search's budget in proportion to the tasks it sums (search-budget.ts)
    let interference = 0;
    let refills = ownRefills;
    if (self) {
        const n = arrivalsBefore(t, task.period, task.jitter);
        interference += mulCapped(n, task.wcet);
        if (task.refills) refills += n * task.refills;
    }
    const fast = table?.sum(t);
    // The sums the table answers are exact, so equal to the task-by-task ones; above 2^52 the loop below keeps its order.
    if (fast !== undefined && interference + fast < EXACT_SUMS && refills + table!.refills < EXACT_SUMS) {
        return (task.blocking ?? 0) + own + (interference + fast) + (extra ? extra(t, refills + table!.refills) : 0);
    }
    for (let k = 0; k < count; k++) {
        const j = hp[k];
        const n = arrivalsBefore(t, j.period, j.jitter);
        interference += mulCapped(n, j.wcet);
        if (j.refills) refills += n * j.refills;
    }
    return (task.blocking ?? 0) + own + interference + (extra ? extra(t, refills) : 0);
}

/**
 * Worst-case response time of `task` under the higher-or-equal-priority tasks `hp[0..hpCount)`, on `supply` (a caller
 * analysing many tasks passes one array sorted by priority and a prefix length, instead of a new array per task; the
 * sums are of integers, so the order of `hp` changes nothing but the order of `perInterferer`). With `table` (holding
 * the same tasks as hp[0..hpCount)) the sums come from it (fp-interference.ts: the same values, faster) and the
 * breakdown's `perInterferer` is left empty (the caller splits the window itself when it needs to).
 * w_q = tbf(B + (q+1)C + Σ_hp ⌈(w_q + J_j)/T_j⌉ C_j + X(w_q)), R_q = w_q − qT + J, for every job q of the level-i busy
 * period L = tbf(B + Σ_{hp ∪ {i}} ⌈(L + J_j)/T_j⌉ C_j + X(L)).
 */
export function fpResponseTime(
    task: RtaTask, hp: readonly RtaTask[], supply: Supply, extra: ExtraDemand | undefined, horizon: number,
    hint: FpHint = {}, hpCount = hp.length, table?: FpInterference,
): RtaResult {
    // The first job's window first: when it ends before the next job can arrive (w₀ ≤ T − J), it is a fixed point of
    // the busy-period step too (one own arrival counted in both), and the least one (the busy-period step is at least
    // the first job's), so L = w₀ without iterating L (half the work for most tasks; the same L otherwise).
    const firstJob = leastFixedPoint(
        (t) => tbf(supply, demandTotal(t, task.wcet, task.refills ?? 0, task, hp, extra, hpCount, false, table)),
        Math.max(tbf(supply, (task.blocking ?? 0) + task.wcet), hint.firstWindow ?? 0), horizon,
    );
    const busyPeriod = firstJob !== undefined && firstJob <= task.period - task.jitter ? firstJob : leastFixedPoint(
        (t) => tbf(supply, demandTotal(t, 0, 0, task, hp, extra, hpCount, true, table)),
        Math.max(1, tbf(supply, (task.blocking ?? 0) + task.wcet), hint.busyPeriod ?? 0), horizon,
    );
    if (busyPeriod === undefined) {
        return { criticalJob: 0, reason: `no level-${'i'} busy period below the horizon of ${horizon} ns (the level is overloaded)`, unbounded: true };
    }
    const jobs = Math.max(1, ceilDivInt(busyPeriod + task.jitter, task.period));
    let best: RtaResult | undefined;
    let previousW = 0;
    let firstWindow: number | undefined;
    for (let q = 0; q < jobs; q++) {
        const own = mulCapped(q + 1, task.wcet);
        const ownRefills = (q + 1) * (task.refills ?? 0);
        // Job q's window is at least job q−1's plus C (its step function is at least the previous one plus C), and the
        // first job's at least the hint: both are valid starts below the least fixed point.
        const w = q === 0 ? firstJob : leastFixedPoint(
            (t) => tbf(supply, demandTotal(t, own, ownRefills, task, hp, extra, hpCount, false, table)),
            Math.max(tbf(supply, (task.blocking ?? 0) + own), previousW + task.wcet), horizon,
        );
        if (w === undefined) return { criticalJob: q, busyPeriod, reason: `no fixed point below the horizon for job ${q}`, unbounded: true };
        if (q === 0) firstWindow = w;
        previousW = w;
        const response = w - q * task.period + task.jitter;
        if (!best || best.wcrt === undefined || response > best.wcrt) {
            const per = table ? [] : new Array<number>(hpCount).fill(0);
            const d = demandOf(w, own, ownRefills, task, hp, extra, table ? undefined : per, hpCount, table);
            best = {
                wcrt: response, criticalJob: q, busyPeriod,
                breakdown: {
                    own, interference: d.interference, perInterferer: per, blocking: task.blocking ?? 0, extra: d.extraValue,
                    supplyDelay: w - d.demand, backlogShift: -q * task.period, jitter: task.jitter,
                },
            };
        }
        // The level-i busy period ends when job q completes before job q+1 can arrive.
        if (w <= (q + 1) * task.period - task.jitter) break;
    }
    if (best) best.firstWindow = firstWindow;
    return best ?? { criticalJob: 0, reason: 'empty busy period' };
}
