/**
 * Exact integer helpers for the hot path. Products of two safe integers can exceed 2^53; the fast path uses doubles
 * and corrects the quotient by at most a step, the slow path falls back to BigInt. Simulation time never uses
 * floating-point rounding: every time is an integer number of nanoseconds.
 */
const SAFE = Number.MAX_SAFE_INTEGER;

/** floor(a * b / c) for non-negative integers a, b and positive integer c. */
export function floorMulDiv(a: number, b: number, c: number): number {
    const p = a * b;
    if (p <= SAFE) {
        let q = Math.floor(p / c);
        while (q > 0 && q * c > p) q--;
        while ((q + 1) * c <= p) q++;
        return q;
    }
    return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/** ceil(a * b / c) for non-negative integers a, b and positive integer c. */
export function ceilMulDiv(a: number, b: number, c: number): number {
    const p = a * b;
    if (p <= SAFE) {
        let q = Math.ceil(p / c);
        while (q > 0 && (q - 1) * c >= p) q--;
        while (q * c < p) q++;
        return q;
    }
    const d = BigInt(c);
    return Number((BigInt(a) * BigInt(b) + d - 1n) / d);
}
