/**
 * Long-run overload of a broker priority level, for cutting off busy-period iterations that cannot converge
 * (issue 17: a floating EDF broker probe iterated towards the 10¹³ ns horizon for seconds).
 *
 * The level's busy-period step is f(t) = B + Σ n_k(t−1)·C_k + σ·⌈(B_bytes + Σ n_k(t−1)·S_k)/Q⌉ (broker-kernel.ts), with
 * n_k(t−1) = ⌊(t − 1 + J_k)/T_k⌋ + 1 ≥ t/T_k for every integer t ≥ 1, and ⌈X/Q⌉ ≥ X/Q. So f(t) ≥ t·s with the slope
 *   s = Σ C_k/T_k + (σ/Q)·Σ S_k/T_k        (σ/Q counted only when the DMA is regulated),
 * and when s > 1, f(t) > t for every t ≥ 1: there is no fixed point, and the iteration could only end at the horizon
 * or the iteration limit, answering "no busy period" either way. Deciding it up front gives the same answer.
 * Exact: the comparison is made in BigInt fractions.
 */
export interface LevelStream {
    period: number;
    cost: number;
    bytes: number;
}

/** Whether the streams' slope s (above) exceeds 1: then the level's busy period has no fixed point. */
export function levelDiverges(streams: Iterable<LevelStream>, regulation: { budget: number; stall: number } | undefined): boolean {
    // Σ (C_k·Q + σ·S_k)/T_k > Q, with Q = 1 and σ = 0 when unregulated.
    const Q = BigInt(regulation ? Math.max(0, regulation.budget) : 1);
    const sigma = BigInt(regulation ? regulation.stall : 0);
    if (Q === 0n) return false; // budget 0: caught by the broker's own overload test
    let num = 0n;
    let den = 1n;
    for (const s of streams) {
        if (!(s.period > 0) || !Number.isSafeInteger(s.period) || !Number.isSafeInteger(s.cost) || !Number.isSafeInteger(s.bytes)) return false;
        const c = BigInt(s.cost) * Q + sigma * BigInt(Math.max(0, s.bytes));
        if (c === 0n) continue;
        const T = BigInt(s.period);
        num = num * T + c * den;
        den *= T;
        const g = gcd(num, den);
        num /= g;
        den /= g;
    }
    return num > Q * den;
}

function gcd(a: bigint, b: bigint): bigint {
    let x = a < 0n ? -a : a;
    let y = b;
    while (y !== 0n) { const t = x % y; x = y; y = t; }
    return x === 0n ? 1n : x;
}
