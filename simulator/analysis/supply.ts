/**
 * CPU supply seen by a guest: a whole core (supply = time) or a VCPU reservation, lower-bounded by the periodic
 * resource model of Shin & Lee (RTSS 2003). Under rtcell's semantics an admissible VCPU receives exactly its budget
 * Θ in each period [kΠ, (k+1)Π) (docs/semantics.md §1), which is the pattern this model covers.
 */
import { ceilDivInt, floorDivInt, mulCapped } from './arith.js';
import { chargeStep } from './search-budget.js';

export type Supply =
    | { kind: 'dedicated' }
    | { kind: 'periodic'; budget: number; period: number };

export const DEDICATED: Supply = { kind: 'dedicated' };

/**
 * Supply bound function: the least CPU time the guest receives in any window of length t.
 * Periodic resource Γ(Π, Θ): with g = Π − Θ, sbf(t) = kΘ + max(0, r − g) where k = ⌊(t − g)/Π⌋, r = t − g − kΠ,
 * and 0 for t < g (the worst window starts right after a budget given at the start of a period and
 * sees a blackout of 2(Π − Θ)).
 */
export function sbf(supply: Supply, t: number): number {
    chargeStep(); // each demand point of an EDF test costs one step of a search's budget (search-budget.ts)
    if (supply.kind === 'dedicated') return t;
    const { budget, period } = supply;
    if (budget >= period) return t;
    if (budget <= 0) return 0;
    const gap = period - budget;
    const shifted = t - gap;
    if (shifted <= 0) return 0;
    const k = floorDivInt(shifted, period);
    const r = shifted - k * period;
    return k * budget + Math.max(0, r - gap);
}

/**
 * Inverse of sbf: the smallest window length t with sbf(t) ≥ x ("time bound function").
 * For Γ(Π, Θ) and x > 0: t = x + (⌈x/Θ⌉ + 1)(Π − Θ). Infinity when the resource supplies nothing.
 */
export function tbf(supply: Supply, x: number): number {
    if (supply.kind === 'dedicated') return x;
    if (x <= 0) return 0;
    const { budget, period } = supply;
    if (budget >= period) return x;
    if (budget <= 0) return Infinity;
    const gaps = ceilDivInt(x, budget) + 1;
    const extra = mulCapped(gaps, period - budget);
    return x + extra;
}

/** Longest interval without supply: 2(Π − Θ) for a reservation, 0 for a whole core. */
export function blackout(supply: Supply): number {
    if (supply.kind === 'dedicated' || supply.budget >= supply.period) return 0;
    return 2 * (supply.period - supply.budget);
}

/** Largest supply any window of length t can receive (used to bound a co-runner's activity). */
export function supplyUpperBound(supply: Supply, t: number): number {
    if (supply.kind === 'dedicated' || supply.budget >= supply.period) return t;
    const bound = mulCapped(ceilDivInt(t, supply.period) + 1, supply.budget);
    return Math.min(t, bound);
}
