/**
 * Exact integer helpers for the analysis. Every bound is an integer number of nanoseconds kept below
 * `MAX_TIME`, so plain JS numbers stay exact (far below 2^53); products that could leave that range go through
 * `mulCapped`, which answers `Infinity` instead of a rounded number. Fractions go through BigInt.
 */

import { chargeStep } from './search-budget.js';

/** Largest time the analysis represents: 10^15 ns (about 11.6 days). Beyond it a bound is "unbounded". */
export const MAX_TIME = 1_000_000_000_000_000;

/** Busy periods and fixed points longer than this are abandoned (verdict inconclusive): 10^13 ns, about 2.8 hours. */
export const DEFAULT_HORIZON = 10_000_000_000_000;

/** Iteration guard for one fixed point (each step adds at least one job, so this is generous). */
export const MAX_ITERATIONS = 100_000;

/** a * b for non-negative integers, or Infinity when the product exceeds MAX_TIME. */
export function mulCapped(a: number, b: number): number {
    if (a === 0 || b === 0) return 0;
    if (a > MAX_TIME / b) return Infinity;
    return a * b;
}

/** ceil(a / b) for integers a (any sign) and b > 0, exact in the safe-integer range. */
export function ceilDivInt(a: number, b: number): number {
    const q = Math.floor(a / b);
    // Math.floor on a double quotient can be off by one near integers: correct it exactly.
    let r = a - q * b;
    let qq = q;
    while (r < 0) { qq -= 1; r += b; }
    while (r >= b) { qq += 1; r -= b; }
    return r === 0 ? qq : qq + 1;
}

/** floor(a / b) for integers a (any sign) and b > 0. */
export function floorDivInt(a: number, b: number): number {
    let q = Math.floor(a / b);
    let r = a - q * b;
    while (r < 0) { q -= 1; r += b; }
    while (r >= b) { q += 1; r -= b; }
    return q;
}

/** Number of arrivals of a (period, jitter) stream in a half-open window [0, t): ceil((t + J) / T), at least 0. */
export function arrivalsBefore(t: number, period: number, jitter: number): number {
    const n = ceilDivInt(t + jitter, period);
    return n > 0 ? n : 0;
}

/** Arrivals in the closed window [0, t]: floor((t + J) / T) + 1, at least 0. */
export function arrivalsUpTo(t: number, period: number, jitter: number): number {
    if (t + jitter < 0) return 0;
    return floorDivInt(t + jitter, period) + 1;
}

/** Exact comparison of a/b and c/d (b, d > 0): negative, zero or positive. */
export function compareFractions(a: number, b: number, c: number, d: number): number {
    const l = BigInt(a) * BigInt(d);
    const r = BigInt(c) * BigInt(b);
    return l < r ? -1 : l > r ? 1 : 0;
}

function gcd(a: bigint, b: bigint): bigint {
    let x = a < 0n ? -a : a;
    let y = b;
    while (y !== 0n) { const t = x % y; x = y; y = t; }
    return x === 0n ? 1n : x;
}

/** Iterations after which `leastFixedPoint` asks the caller's long-run test whether the iteration can converge at all. */
const SLOW_ITERATIONS = 64;

/**
 * Least fixed point of a non-decreasing step function: t_{n+1} = f(t_n) from `start`.
 * Returns undefined when the iteration passes `horizon` or does not settle, or (asked once the iteration is slow) when
 * `diverges` proves that no fixed point exists (f(t) > t for every t). Inside a budgeted search, throws
 * SearchStopped when the search's budget is spent.
 */
export function leastFixedPoint(f: (t: number) => number, start: number, horizon: number, diverges?: () => boolean): number | undefined {
    // A start beyond every time (a supply bound capped at Infinity, e.g. a period above MAX_TIME) has no fixed point:
    // stepping from it would only feed Infinity to the step function (found by bench:soak: BigInt(Infinity) threw).
    if (!Number.isFinite(start)) return undefined;
    let t = start;
    for (let i = 0; i < MAX_ITERATIONS; i++) {
        // A slow iteration may be one that cannot converge: the caller's long-run test (exact) ends it.
        if (i === SLOW_ITERATIONS && diverges?.()) return undefined;
        chargeStep(); // a fix or interface search in progress pays for every step (search-budget.ts)
        const next = f(t);
        if (!(next <= horizon)) return undefined; // also catches NaN and Infinity
        if (next <= t) return t;
        t = next;
    }
    return undefined;
}

/** Smallest x in [lo, hi] with ok(x), assuming ok is monotone (false…false true…true); undefined if !ok(hi). */
export function smallestTrue(lo: number, hi: number, ok: (x: number) => boolean): number | undefined {
    if (lo > hi || !ok(hi)) return undefined;
    while (lo < hi) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (ok(mid)) hi = mid; else lo = mid + 1;
    }
    return lo;
}

/** Largest x in [lo, hi] with ok(x), assuming ok is monotone (true…true false…false); undefined if !ok(lo). */
export function largestTrue(lo: number, hi: number, ok: (x: number) => boolean): number | undefined {
    if (lo > hi || !ok(lo)) return undefined;
    while (lo < hi) {
        const mid = lo + Math.ceil((hi - lo) / 2);
        if (ok(mid)) lo = mid; else hi = mid - 1;
    }
    return lo;
}

/** A rate c/t (t > 0): execution per period, refills per period, bytes per period. */
export interface Rate {
    c: number;
    t: number;
}

/**
 * Exact sign of Σ c_i/t_i − num/den (den > 0), for non-negative integers, over the first `count` rates. A double
 * estimate decides when it is farther from the threshold than its rounding error can reach: each quotient is within a
 * relative 2⁻⁵³ of the true value and n additions add at most n·2⁻⁵³ of the sum, so (n + 4)·2⁻⁵² · (sum + threshold)
 * is a safe margin. Only a sum that close to the threshold is decided with BigInt fractions (reduced as they go).
 * A rate with t ≤ 0 and c > 0 is infinite. O(n) doubles in the common case, instead of O(n²) BigInt digits.
 */
export function compareRateSum(rates: readonly Rate[], num: number, den: number, count = rates.length): number {
    let sum = 0;
    let n = 0;
    for (let k = 0; k < count; k++) {
        const { c, t } = rates[k];
        if (c === 0) continue;
        if (t <= 0) return 1;
        sum += c / t;
        n++;
    }
    const threshold = num / den;
    const margin = (n + 4) * 2 ** -52 * (sum + threshold);
    if (sum - threshold > margin) return 1;
    if (threshold - sum > margin) return -1;
    let fn = 0n;
    let fd = 1n;
    for (let k = 0; k < count; k++) {
        const { c, t } = rates[k];
        if (c === 0) continue;
        const T = BigInt(t);
        fn = fn * T + BigInt(c) * fd;
        fd *= T;
        const g = gcd(fn, fd);
        fn /= g;
        fd /= g;
    }
    const l = fn * BigInt(den);
    const r = BigInt(num) * fd;
    return l > r ? 1 : l < r ? -1 : 0;
}

/**
 * `compareRateSum` over the prefixes of one list of rates, asked for many prefix lengths (a fixed-priority group asks it
 * once per priority level: summing each prefix anew was quadratic in the tasks). The double partial sums are those
 * `compareRateSum` forms, in the same order, so the sign is the same; a sum too close to its threshold for doubles to
 * decide goes to `compareRateSum` itself (exact).
 */
export class PrefixRateSums {
    /** sums[k], counted[k]: the double sum and the number of non-zero rates over the first k rates. */
    private readonly sums: Float64Array;
    private readonly counted: Int32Array;
    /** The first prefix length that holds an infinite rate (c > 0, t ≤ 0); Infinity when none does. */
    private readonly infiniteAt: number;

    constructor(private readonly rates: readonly Rate[]) {
        this.sums = new Float64Array(rates.length + 1);
        this.counted = new Int32Array(rates.length + 1);
        let infiniteAt = Infinity;
        let sum = 0;
        let n = 0;
        for (let k = 0; k < rates.length; k++) {
            const { c, t } = rates[k];
            if (c !== 0) {
                if (t <= 0 && infiniteAt === Infinity) infiniteAt = k + 1;
                sum += c / t;
                n++;
            }
            this.sums[k + 1] = sum;
            this.counted[k + 1] = n;
        }
        this.infiniteAt = infiniteAt;
    }

    /** compareRateSum(rates, num, den, count). */
    compare(num: number, den: number, count: number): number {
        if (count >= this.infiniteAt) return 1;
        const sum = this.sums[count];
        const threshold = num / den;
        const margin = (this.counted[count] + 4) * 2 ** -52 * (sum + threshold);
        if (sum - threshold > margin) return 1;
        if (threshold - sum > margin) return -1;
        return compareRateSum(this.rates, num, den, count);
    }
}
