/**
 * Preemptive EDF on a whole core or a periodic resource: processor-demand test (Baruah, Mok, Rosier 1990, with the
 * supply bound function of Shin & Lee 2003) and worst-case response times (Spuri 1996), with release jitter.
 * Equations in docs/analysis.md §4.
 */
import { arrivalsBefore, arrivalsUpTo, ceilDivInt, floorDivInt, leastFixedPoint, mulCapped } from './arith.js';
import { DeadlinePoints } from './deadline-points.js';
import { chargeSearch } from './search-budget.js';
import { sbf, tbf, type Supply } from './supply.js';
import type { ExtraDemand, RtaTask } from './fp-rta.js';

/** Candidate release offsets examined per task before falling back to the coarser bound (keeps growth bounded). */
export const MAX_EDF_CANDIDATES = 4000;

export interface EdfBreakdown {
    own: number;
    interference: number;
    perInterferer: number[];
    extra: number;
    supplyDelay: number;
    /** −r: the analysed job's nominal release within the busy period. */
    releaseShift: number;
}

export interface EdfResult {
    wcrt?: number;
    /** Nominal release of the worst job relative to the start of its busy period. */
    criticalOffset?: number;
    busyPeriod?: number;
    breakdown?: EdfBreakdown;
    reason?: string;
    unbounded?: boolean;
    /** True when the candidate set was too large and the coarse bound (all others interfere) was used. */
    coarse?: boolean;
}

/** Synchronous busy period of the whole set with every job at its earliest arrival. */
export function edfBusyPeriod(tasks: readonly RtaTask[], supply: Supply, extra: ExtraDemand | undefined, horizon: number, from = 0): number | undefined {
    const total = (t: number) => {
        let d = 0;
        let refills = 0;
        for (const j of tasks) {
            const n = arrivalsBefore(t, j.period, j.jitter);
            d += mulCapped(n, j.wcet);
            refills += n * (j.refills ?? 0);
        }
        return tbf(supply, d + (extra ? extra(t, refills) : 0));
    };
    let start = 0;
    for (const j of tasks) start += j.wcet;
    // `from`: a start known to be at most the least fixed point (docs/analysis.md §1; the same L, fewer iterations, so
    // an iteration that would have stopped at the iteration guard may end: only for estimates).
    return leastFixedPoint(total, Math.max(1, tbf(supply, start), from), horizon);
}

/** Distinct deadline points beyond which the processor-demand test gives up (verdict: not proven). */
export const MAX_DEMAND_POINTS = 200_000;

/**
 * Processor-demand criterion: for every absolute deadline t in the busy period,
 * Σ_j max(0, ⌊(t + J_j − D_j)/T_j⌋ + 1)·C_j + X(t) ≤ sbf(t), t ≥ 0 (deadlines at t < 0, when J_j > D_j, are checked
 * at t = 0). Returns a violating t (the first the descent below meets), or undefined if none.
 *
 * More than MAX_DEMAND_POINTS distinct deadlines in [0, L]: not proven. The count is decided without listing the
 * points when bounds settle it (deadline-points.ts). The points are then visited from the largest down, skipping
 * every point a checked one already covers (the idea of QPA, Zhang & Burns 2009, "Schedulability analysis for
 * real-time systems with EDF scheduling", IEEE TC 58(9), with the supply bound in place of t): when t passes with
 * demand h = dbf(t) + X(t), every deadline s in [tbf(h), t] passes too, since dbf + X is non-decreasing and
 * sbf(s) ≥ sbf(tbf(h)) ≥ h. So the next point checked is the largest deadline below min(t, tbf(h)). The verdict is
 * that of checking every point (docs/analysis.md §4).
 */
export function edfDemandViolation(
    tasks: readonly RtaTask[], supply: Supply, extra: ExtraDemand | undefined, horizon: number,
    busyPeriod?: number,
): { ok: boolean; at?: number; reason?: string } {
    const L = busyPeriod ?? edfBusyPeriod(tasks, supply, extra, horizon);
    if (L === undefined) return { ok: false, reason: 'the busy period does not end below the horizon (utilisation too high)' };
    const points = new DeadlinePoints(tasks, L);
    if (points.countAbove(MAX_DEMAND_POINTS)) return { ok: false, reason: 'too many deadlines in the busy period to check' };
    let t = points.largestBelow(L + 1);
    while (t !== undefined) {
        const h = demandAt(tasks, extra, t);
        if (h > sbf(supply, t)) return { ok: false, at: t };
        t = points.largestBelow(Math.min(t, tbf(supply, h)));
    }
    return { ok: true };
}

/** The processor demand at a deadline t: dbf(t) + X(t, refills of the counted jobs). */
export function demandAt(tasks: readonly RtaTask[], extra: ExtraDemand | undefined, t: number): number {
    let d = 0;
    let refills = 0;
    for (const j of tasks) {
        const n = arrivalsUpTo(t - j.deadline, j.period, j.jitter);
        d += mulCapped(n, j.wcet);
        refills += n * (j.refills ?? 0);
    }
    return d + (extra ? extra(t, refills) : 0);
}

/**
 * Worst-case response time of tasks[i] under EDF (Spuri 1996, with jitter): for each candidate nominal release r of
 * the analysed job in [−J_i, L): w(r) = tbf(Σ_{j≠i} min(⌈(w+J_j)/T_j⌉, ⌊(r + D_i − D_j + J_j)/T_j⌋ + 1)⁺ C_j
 * + (⌊(r + J_i)/T_i⌋ + 1) C_i + X(w)), R = max_r (w(r) − r).
 *
 * Speed without changing the result (docs/analysis.md §4): the candidates are visited in increasing r. The step
 * function of w(r) is pointwise non-decreasing in r, so w(r) is too, and each fixed point starts from the previous one
 * (any start between the usual start and the least fixed point reaches the same least fixed point). Every w(r) is at
 * most the synchronous busy period L (the same sum with all arrivals counted). So on a range of candidates
 * [r_lo, r_hi], every response is at most w(r_hi) − r_lo: a branch and bound (evaluate the middle, bound both halves)
 * skips every range that cannot beat the best response found. Ties go to the candidate generated first, as in a
 * plain scan in generation order. `busyPeriod` lets the caller compute L once per task set.
 *
 * `exceeds` (a probe that only asks whether the task meets a deadline): stop at the first candidate whose response is
 * above it; the result is then that response, a lower bound of the worst case, and above `exceeds` like it.
 */
export function edfResponseTime(
    tasks: readonly RtaTask[], i: number, supply: Supply, extra: ExtraDemand | undefined, horizon: number,
    maxCandidates = MAX_EDF_CANDIDATES, busyPeriod?: number, exceeds?: number,
): EdfResult {
    const me = tasks[i];
    const L = busyPeriod ?? edfBusyPeriod(tasks, supply, extra, horizon);
    if (L === undefined) return { reason: 'the busy period does not end below the horizon (utilisation too high)', unbounded: true };
    const seen = new Set<number>([-me.jitter]);
    let tooMany = false;
    outer: for (let k = 0; k < tasks.length; k++) {
        const j = tasks[k];
        const first = k === i ? -me.jitter : j.deadline - j.jitter - me.deadline;
        // Skip the step points below −J_i arithmetically (they are never candidates): with a very large D_i
        // (a deadline search) stepping up to −J_i one period at a time would take billions of steps.
        const start = first < -me.jitter ? first + ceilDivInt(-me.jitter - first, j.period) * j.period : first;
        for (let r = start; r < L; r += j.period) {
            if (r >= -me.jitter) seen.add(r);
            if (seen.size > maxCandidates) { tooMany = true; break outer; }
        }
    }
    if (tooMany) return coarse(tasks, i, supply, extra, horizon, L, exceeds);
    // Generation order decides ties (as a plain scan in that order would); the search itself goes by increasing r.
    const generated = Float64Array.from(seen);
    const candidates = Float64Array.from(generated).sort();
    const rankOf = (r: number) => generated.indexOf(r);
    const others = tasks.filter((_, k) => k !== i);
    const m = others.length;
    const periods = others.map((j) => j.period);
    const jitters = others.map((j) => j.jitter);
    const deadlines = others.map((j) => j.deadline);
    const wcets = others.map((j) => j.wcet);
    const refillsOf = others.map((j) => j.refills ?? 0);
    const cap = new Array<number>(m).fill(0);
    const live = new Array<number>(m).fill(0);
    const firstDeadline = others.map((j) => j.deadline - j.jitter);
    const byLatestStart = others.map((_, k) => k).sort((a, b) => firstDeadline[a] - firstDeadline[b]);
    let best: EdfResult | undefined;
    let bestResponse = -Infinity;
    let bestRank = Infinity;
    let failed = false;
    let settled = false; // a response above `exceeds` was found
    /** w(r) for candidate r, its fixed point started at `from` (a w of a smaller candidate, or 0). */
    const evaluate = (r: number, from: number): number | undefined => {
        const ownJobs = floorDivInt(r + me.jitter, me.period) + 1;
        const own = mulCapped(ownJobs, me.wcet);
        const ownRefills = ownJobs * (me.refills ?? 0);
        // Only tasks with D_k − J_k ≤ r + D_i have a job with a deadline ≤ the analysed one (count > 0): a prefix of
        // `byLatestStart`, found by binary search, so a small r does not pay for every task of the set.
        let hi = m;
        let lo = 0;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (firstDeadline[byLatestStart[mid]] <= r + me.deadline) lo = mid + 1; else hi = mid;
        }
        let active = 0;
        for (let a = 0; a < lo; a++) {
            const k = byLatestStart[a];
            cap[k] = Math.max(0, arrivalsUpTo(r + me.deadline - deadlines[k], periods[k], jitters[k]));
            if (cap[k] > 0) live[active++] = k;
        }
        // Allocation-free step function for the fixed point; `demand` below splits the same sum for the breakdown.
        const step = (t: number) => {
            chargeSearch(active); // search-budget.ts
            let interference = 0;
            let refills = ownRefills;
            for (let a = 0; a < active; a++) {
                const k = live[a];
                const byArrival = arrivalsBefore(t, periods[k], jitters[k]);
                const n = byArrival < cap[k] ? byArrival : cap[k];
                interference += mulCapped(n, wcets[k]);
                refills += n * refillsOf[k];
            }
            return tbf(supply, own + interference + (extra ? extra(t, refills) : 0));
        };
        const demand = (t: number, per?: number[]) => {
            let interference = 0;
            let refills = ownRefills;
            // `per` starts all zeros; only the live tasks contribute (integer sums: the order does not matter).
            for (let a = 0; a < active; a++) {
                const k = live[a];
                const c0 = cap[k];
                const byArrival = arrivalsBefore(t, periods[k], jitters[k]);
                const n = byArrival < c0 ? byArrival : c0;
                const c = mulCapped(n, wcets[k]);
                if (per) per[k] = c;
                interference += c;
                refills += n * refillsOf[k];
            }
            const x = extra ? extra(t, refills) : 0;
            return { total: own + interference + x, interference, x };
        };
        const w = leastFixedPoint(step, Math.max(tbf(supply, own), from), horizon);
        if (w === undefined) return undefined;
        const response = w - r;
        if (response > bestResponse || (response === bestResponse && rankOf(r) < bestRank)) {
            bestResponse = response;
            bestRank = rankOf(r);
            const per = new Array<number>(m).fill(0);
            const d = demand(w, per);
            best = {
                wcrt: response, criticalOffset: r, busyPeriod: L,
                breakdown: { own, interference: d.interference, perInterferer: per, extra: d.x, supplyDelay: w - d.total, releaseShift: -r },
            };
        }
        if (exceeds !== undefined && response > exceeds) settled = true;
        return w;
    };
    // Branch and bound over candidates[lo..hi], knowing w ≤ wHi there (w of candidates[hi] or L) and w ≥ wLo (a
    // smaller candidate's w): no candidate of the range can respond more than wHi − candidates[lo].
    const search = (lo: number, hi: number, wLo: number, wHi: number): void => {
        if (failed || settled || lo > hi || wHi - candidates[lo] < bestResponse) return;
        const mid = lo + ((hi - lo) >> 1);
        const w = evaluate(candidates[mid], wLo);
        if (w === undefined) { failed = true; return; }
        search(lo, mid - 1, wLo, w);
        search(mid + 1, hi, w, wHi);
    };
    // Every w(r) is at most L (see above), so L bounds the whole range.
    search(0, candidates.length - 1, 0, L);
    if (failed) return { reason: 'no fixed point below the horizon', unbounded: true, busyPeriod: L };
    return best ?? { reason: 'no candidate release' };
}

/** Sound fallback: every other task interferes as if it had a higher priority (valid for any work-conserving order). */
function coarse(tasks: readonly RtaTask[], i: number, supply: Supply, extra: ExtraDemand | undefined, horizon: number, L: number, exceeds?: number): EdfResult {
    const me = tasks[i];
    const others = tasks.filter((_, k) => k !== i);
    let best: EdfResult | undefined;
    const jobs = Math.max(1, ceilDivInt(L + me.jitter, me.period));
    for (let q = 0; q < jobs; q++) {
        const own = mulCapped(q + 1, me.wcet);
        const demand = (t: number, per?: number[]) => {
            chargeSearch(others.length); // search-budget.ts
            let interference = 0;
            let refills = (q + 1) * (me.refills ?? 0);
            for (let k = 0; k < others.length; k++) {
                const j = others[k];
                const n = arrivalsBefore(t, j.period, j.jitter);
                const c = mulCapped(n, j.wcet);
                if (per) per[k] = c;
                interference += c;
                refills += n * (j.refills ?? 0);
            }
            const x = extra ? extra(t, refills) : 0;
            return { total: own + interference + x, interference, x };
        };
        const w = leastFixedPoint((t) => tbf(supply, demand(t).total), tbf(supply, own), horizon);
        if (w === undefined) return { reason: 'no fixed point below the horizon', unbounded: true, busyPeriod: L };
        const response = w - q * me.period + me.jitter;
        if (!best || best.wcrt === undefined || response > best.wcrt) {
            const per = new Array<number>(others.length).fill(0);
            const d = demand(w, per);
            best = {
                wcrt: response, criticalOffset: q * me.period - me.jitter, busyPeriod: L, coarse: true,
                breakdown: { own, interference: d.interference, perInterferer: per, extra: d.x, supplyDelay: w - d.total, releaseShift: -(q * me.period - me.jitter) },
            };
        }
        if (w <= (q + 1) * me.period - me.jitter) break;
        if (exceeds !== undefined && response > exceeds) break; // the caller asks only whether it is exceeded
    }
    return best ?? { reason: 'empty busy period' };
}
