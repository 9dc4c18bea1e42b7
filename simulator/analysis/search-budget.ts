/**
 * Work budgets for the fix and interface searches (issue 17: "bounded, with a stated 'search stopped' result").
 *
 * A search probes the analysis many times; near a feasibility threshold one probe can iterate a busy period for
 * seconds (utilisation a hair below 1). The budget is counted in analysis work, not wall time, so the same system
 * gives the same result on every machine and under any load: every step of a fixed-point iteration
 * (`leastFixedPoint`) costs 1, and every probe costs the size of what it rebuilds. When a search's budget runs out the
 * probe in progress is abandoned (`SearchStopped` is thrown from the iteration and caught by `runBudgeted`) and the
 * search reports that it stopped, with the interval it had narrowed the answer to.
 *
 * Only one search runs at a time (the analysis is synchronous), so the budget in force is module state, set and
 * restored around each search.
 */

/**
 * Work units one search may spend by default. 250,000 stopped the interface search of a one-task EDF guest whose
 * threshold sits where the task's utilisation equals the VCPU's bandwidth (about 500,000 units, 30 ms; published.test.ts,
 * "the most urgent VCPU of its core"): a search that small must finish.
 */
export const DEFAULT_SEARCH_STEPS = 1_000_000;

/** Work units all searches of one analysis may spend together by default. */
export const DEFAULT_TOTAL_SEARCH_STEPS = 5_000_000;

/** Thrown inside an analysis run when the search that started it has spent its budget. */
export class SearchStopped extends Error {
    constructor() {
        super('search stopped: work budget spent');
    }
}

let remaining = Infinity;

/** Charges `units` of work to the search in progress (none outside searches); throws SearchStopped when spent. */
export function chargeSearch(units: number): void {
    if (remaining === Infinity) return;
    remaining -= units;
    if (remaining < 0) throw new SearchStopped();
}

/** Whether a budgeted search is in progress (its steps are counted). */
export function searching(): boolean {
    return remaining !== Infinity;
}

/** One fixed-point step (called by `leastFixedPoint`): the hot path, kept to a comparison outside searches. */
export function chargeStep(): void {
    if (remaining !== Infinity && --remaining < 0) throw new SearchStopped();
}

/** The budget shared by the searches of one analysis; each search takes at most `perSearch` of what is left. */
export class SearchBudget {
    private left: number;

    constructor(total = DEFAULT_TOTAL_SEARCH_STEPS, private readonly perSearch = DEFAULT_SEARCH_STEPS) {
        this.left = total;
    }

    /** Whether any budget is left for another search. */
    get exhausted(): boolean {
        return this.left <= 0;
    }

    /**
     * Runs `search` with at most `perSearch` units (or what is left of the total). Returns its value, or `stopped`
     * when the budget ran out first. Searches nest (a fix search calling a helper search): the inner one runs inside
     * the outer one's budget.
     */
    run<T>(search: () => T): { value?: T; stopped: boolean } {
        if (remaining !== Infinity) return { value: search(), stopped: false }; // nested: spends the outer search's budget
        const allowance = Math.min(this.perSearch, this.left);
        if (allowance <= 0) return { stopped: true };
        remaining = allowance;
        try {
            return { value: search(), stopped: false };
        } catch (e) {
            if (e instanceof SearchStopped) return { stopped: true };
            throw e;
        } finally {
            this.left -= allowance - Math.max(0, remaining);
            remaining = Infinity;
        }
    }
}

/** A budget without limits (searches always complete): the behaviour before budgets, for tests and callers that ask. */
export const UNLIMITED_SEARCH = new SearchBudget(Infinity, Infinity);
