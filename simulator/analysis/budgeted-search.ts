/**
 * Binary searches under a work budget (search-budget.ts): the same probes as `smallestTrue`, and when the budget runs
 * out, the interval the search had narrowed the answer to instead of an answer.
 */
import type { SearchBudget } from './search-budget.js';

export interface BudgetedSmallest {
    /** Smallest x in [lo, hi] with ok(x) (ok monotone), undefined when none; absent when stopped. */
    value?: number;
    /** Set when the budget ran out: the answer is above `above` and at most `atMost` (when a working x was seen). */
    stopped?: { above: number; atMost?: number };
}

/** `smallestTrue(lo, hi, ok)` (arith.ts) run under `budget`, probing the same values in the same order. */
export function smallestTrueBudgeted(budget: SearchBudget, lo: number, hi: number, ok: (x: number) => boolean): BudgetedSmallest {
    return smallestTrueFrom(budget, lo, hi, ok, () => undefined);
}

/**
 * The same answer as `smallestTrueBudgeted` when ok is monotone, found from an estimate of it (`smallestTrueNear`;
 * without one, the bisection of `smallestTrue`). The estimate is computed inside the budget: its work counts.
 * Stopped: the interval narrowed so far.
 */
export function smallestTrueFrom(budget: SearchBudget, lo: number, hi: number, ok: (x: number) => boolean, estimate: () => number | undefined): BudgetedSmallest {
    const seen: Narrowed = { above: lo - 1 };
    const run = budget.run(() => {
        const guess = estimate();
        return guess === undefined ? bisect(lo, hi, ok, seen) : smallestTrueNear(lo, hi, ok, guess, seen);
    });
    if (run.stopped) return { stopped: seen.atMost === undefined ? { above: seen.above } : { above: seen.above, atMost: seen.atMost } };
    return run.value === undefined ? {} : { value: run.value };
}

/** `smallestTrue` (arith.ts), the same probes in the same order, noting what it learns in `seen`. */
function bisect(lo: number, hi: number, ok: (x: number) => boolean, seen: Narrowed): number | undefined {
    if (lo > hi || !ok(hi)) return undefined;
    seen.atMost = hi;
    let a = lo;
    let b = hi;
    while (a < b) {
        const mid = a + Math.floor((b - a) / 2);
        if (ok(mid)) { b = mid; seen.atMost = mid; } else { a = mid + 1; seen.above = mid; }
    }
    return a;
}

/** What a search has learnt so far: the answer is above `above` and at most `atMost`. */
export interface Narrowed {
    above: number;
    atMost?: number;
}

/**
 * `smallestTrue(lo, hi, ok)` (arith.ts: the smallest x in [lo, hi] with ok(x), ok monotone) from an estimate of the
 * answer: after ok(hi) (none works without it), ok(estimate) and ok(estimate − 1) settle an exact estimate. An estimate that works but is too
 * high: the search gallops down from it (steps 1, 2, 4, ...) until a probe fails, then bisects the bracket. One that
 * fails: it bisects (estimate, hi]. Near a feasibility threshold each probe can be long (a busy period of utilisation
 * close to 1), so a good estimate saves the probes a bisection over [lo, hi] spends next to the answer, and a bad one
 * costs at most about as many as that bisection. The answer does not depend on the estimate.
 */
export function smallestTrueNear(
    lo: number, hi: number, ok: (x: number) => boolean, estimate: number, seen: Narrowed = { above: lo - 1 }, topFirst = true,
): number | undefined {
    if (lo > hi) return undefined;
    const yes = (x: number) => { if (ok(x)) { seen.atMost = x; return true; } seen.above = Math.max(seen.above, x); return false; };
    const start = Math.min(hi, Math.max(lo, estimate));
    // hi first, as the bisection does: the cheapest probe (the most budget, the shortest busy periods), and when it
    // fails there is no answer, whatever the estimate. `topFirst` false: a caller whose probes all cost the same
    // and whose estimate is seldom below a failing top saves that probe.
    if (topFirst && start < hi && !yes(hi)) return undefined;
    // Once bracketed: ok(b), and a = lo − 1 or !ok(a); the answer is in (a, b].
    let a: number;
    let b: number;
    if (yes(start)) {
        b = start;
        for (let step = 1; ; step *= 2) {
            const x = b - step;
            if (x < lo) { a = lo - 1; break; }
            if (!yes(x)) { a = x; break; }
            b = x;
        }
    } else {
        // Below the answer, probes near it are the long ones (busy periods of utilisation close to 1): no gallop up
        // from there, bisect (start, hi] instead, whose first probes are far above the answer.
        if (start >= hi || (!topFirst && !yes(hi))) return undefined;
        a = start;
        b = hi;
    }
    while (b - a > 1) {
        const mid = a + Math.floor((b - a) / 2);
        if (yes(mid)) b = mid; else a = mid;
    }
    return b;
}
