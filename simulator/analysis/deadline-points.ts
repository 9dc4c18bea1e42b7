/**
 * The absolute deadlines an EDF processor-demand test checks in [0, L] (docs/analysis.md §4), kept as one arithmetic
 * progression per task instead of a list: t = D_j − J_j + kT_j ≥ 0, and t = 0 when some J_j > D_j (the deadlines
 * before the window, whose demand is due at 0). The test needs two things from them: whether there are more than a
 * limit of distinct points (usually settled by bounds, without listing them), and the largest point below a time.
 */
import { ceilDivInt, floorDivInt } from './arith.js';
import type { RtaTask } from './fp-rta.js';

interface Progression {
    /** First point (≥ 0). */
    first: number;
    period: number;
    /** Points in [0, L]. */
    count: number;
}

/** Above this many tasks the pairwise bound is not tried (quadratic): the points are listed instead. */
const PAIRWISE_TASKS = 64;

export class DeadlinePoints {
    private readonly progressions: Progression[] = [];

    constructor(tasks: readonly RtaTask[], private readonly L: number) {
        let zero = false;
        for (const j of tasks) {
            const start = j.deadline - j.jitter;
            if (start < 0) zero = true;
            // The points below 0 add nothing beyond t = 0: skip them arithmetically.
            const first = start < 0 ? start + ceilDivInt(-start, j.period) * j.period : start;
            const count = first <= L ? floorDivInt(L - first, j.period) + 1 : 0;
            if (count > 0) this.progressions.push({ first, period: j.period, count });
        }
        // t = 0 as a progression of one point (a period beyond L).
        if (zero) this.progressions.push({ first: 0, period: L + 1, count: 1 });
    }

    /**
     * Whether there are more than `limit` distinct points. Σ counts bounds the number from above; the inclusion–
     * exclusion bound Σ counts − Σ_{j<k} |A_j ∩ A_k| (Bonferroni) from below; only when neither settles it are the
     * points listed (stopping as soon as the limit is passed, as the test always did).
     */
    countAbove(limit: number): boolean {
        let sum = 0;
        for (const p of this.progressions) {
            if (p.count > limit) return true; // the points of one progression are distinct
            sum += p.count;
        }
        if (sum <= limit) return false;
        if (this.progressions.length <= PAIRWISE_TASKS) {
            let lower = sum;
            for (let a = 0; a < this.progressions.length && lower > limit; a++) {
                for (let b = a + 1; b < this.progressions.length && lower > limit; b++) lower -= commonPoints(this.progressions[a], this.progressions[b], this.L);
            }
            if (lower > limit) return true;
        }
        const seen = new Set<number>();
        for (const p of this.progressions) {
            for (let k = 0, t = p.first; k < p.count; k++, t += p.period) {
                seen.add(t);
                if (seen.size > limit) return true;
            }
        }
        return false;
    }

    /** The largest point strictly below x (x ≤ L + 1), or undefined when none. */
    largestBelow(x: number): number | undefined {
        let best: number | undefined;
        for (const p of this.progressions) {
            if (p.first >= x) continue;
            const t = p.first + floorDivInt(Math.min(x - 1, this.L) - p.first, p.period) * p.period;
            if (best === undefined || t > best) best = t;
        }
        return best;
    }
}

/**
 * Points common to two progressions in [0, L]: t ≡ a (mod T), t ≡ b (mod U), t ≥ max(a, b). Solvable iff
 * gcd(T, U) divides b − a; the solutions then form one progression of period lcm(T, U) (Chinese remainder theorem).
 * In BigInt: the products leave the exact range of doubles.
 */
export function commonPoints(x: Progression, y: Progression, L: number): number {
    const a = BigInt(x.first);
    const b = BigInt(y.first);
    const T = BigInt(x.period);
    const U = BigInt(y.period);
    const g = gcd(T, U);
    const diff = b - a;
    if (diff % g !== 0n) return 0;
    const Tg = T / g;
    const Ug = U / g;
    const lcm = Tg * U;
    // a + T·k ≡ b (mod U)  ⇔  (T/g)·k ≡ (b − a)/g (mod U/g)
    const k = Ug === 1n ? 0n : mod((diff / g) * inverse(mod(Tg, Ug), Ug), Ug);
    let t = a + T * k;
    const from = a > b ? a : b;
    if (t < from) t += ((from - t + lcm - 1n) / lcm) * lcm;
    const end = BigInt(L);
    if (t > end) return 0;
    return Number((end - t) / lcm) + 1;
}

function gcd(a: bigint, b: bigint): bigint {
    while (b !== 0n) [a, b] = [b, a % b];
    return a;
}

function mod(a: bigint, m: bigint): bigint {
    const r = a % m;
    return r < 0n ? r + m : r;
}

/** Inverse of a modulo m (gcd(a, m) = 1), by the extended Euclidean algorithm. */
function inverse(a: bigint, m: bigint): bigint {
    let [r0, r1] = [a, m];
    let [s0, s1] = [1n, 0n];
    while (r1 !== 0n) {
        const q = r0 / r1;
        [r0, r1] = [r1, r0 - q * r1];
        [s0, s1] = [s1, s0 - q * s1];
    }
    return mod(s0, m);
}
