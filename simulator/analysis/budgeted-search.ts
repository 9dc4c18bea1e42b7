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
    let above = lo - 1;
    let atMost: number | undefined;
    const run = budget.run(() => {
        if (lo > hi || !ok(hi)) return undefined;
        atMost = hi;
        let a = lo;
        let b = hi;
        while (a < b) {
            const mid = a + Math.floor((b - a) / 2);
            if (ok(mid)) { b = mid; atMost = mid; } else { a = mid + 1; above = mid; }
        }
        return a;
    });
    if (run.stopped) return { stopped: atMost === undefined ? { above } : { above, atMost } };
    return run.value === undefined ? {} : { value: run.value };
}
