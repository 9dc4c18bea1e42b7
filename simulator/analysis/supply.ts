/**
 * CPU supply seen by a guest: a whole core (supply = time) or a VCPU reservation, lower-bounded by the periodic
 * resource model of Shin & Lee (RTSS 2003). Under rtcell's semantics an admissible VCPU receives exactly its budget
 * Θ in each period [kΠ, (k+1)Π) (docs/semantics.md §1), which is the pattern this model covers.
 */
import { ceilDivInt, floorDivInt, mulCapped } from './arith.js';
import { chargeStep } from './search-budget.js';

export type Supply =
    | { kind: 'dedicated' }
    /**
     * `front`: the budget is always given at the start of each period [kΠ, kΠ + Θ): the most urgent VCPU of its core
     * (rate-monotonic polling servers, docs/semantics.md §1: it takes the core at each release and consumes its budget
     * without a break). Its worst window starts as a budget ends and sees one blackout of Π − Θ, not two.
     */
    | { kind: 'periodic'; budget: number; period: number; front?: boolean };

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
    if (supply.front) {
        // Window starting as a budget ends: ⌊t/Π⌋Θ + max(0, (t mod Π) − (Π − Θ)).
        const k = floorDivInt(t, period);
        return k * budget + Math.max(0, t - k * period - gap);
    }
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
    // Front-loaded: x + ⌈x/Θ⌉(Π − Θ) (one gap before each budget the window needs).
    const gaps = ceilDivInt(x, budget) + (supply.front ? 0 : 1);
    const extra = mulCapped(gaps, period - budget);
    return x + extra;
}

/** Longest interval without supply: 2(Π − Θ) for a reservation (Π − Θ when front-loaded), 0 for a whole core. */
export function blackout(supply: Supply): number {
    if (supply.kind === 'dedicated' || supply.budget >= supply.period) return 0;
    return (supply.front ? 1 : 2) * (supply.period - supply.budget);
}

/**
 * The supply of a VCPU with budget Θ on its core: front-loaded when it is the core's most urgent VCPU (shortest
 * period, the first declared among equal periods: the order the simulator schedules them in). Not with vMPCP VCPU
 * boosting (`boosting`): a less urgent VCPU holding a global resource is then scheduled first and can push the most
 * urgent one's budget away from the start of its period, so the general model (2(Π − Θ)) applies.
 */
export function vcpuSupply(vcpusOfCore: readonly { vcpu: { period: number } }[], vcpu: { period: number }, budget: number, boosting = false): Supply {
    if (budget >= vcpu.period) return DEDICATED;
    let top: { period: number } | undefined;
    for (const v of vcpusOfCore) if (!top || v.vcpu.period < top.period) top = v.vcpu;
    return { kind: 'periodic', budget, period: vcpu.period, front: !boosting && top === vcpu };
}

/** Largest supply any window of length t can receive (used to bound a co-runner's activity). */
export function supplyUpperBound(supply: Supply, t: number): number {
    if (supply.kind === 'dedicated' || supply.budget >= supply.period) return t;
    const bound = mulCapped(ceilDivInt(t, supply.period) + 1, supply.budget);
    return Math.min(t, bound);
}
