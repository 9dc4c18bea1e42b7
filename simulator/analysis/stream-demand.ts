/**
 * Σ_j ⌈(t + J_j)/T_j⌉⁺·C_j over many job streams, in O(P·log n) per query instead of O(n), P the number of distinct
 * periods. The hypervisor work of every flow touching a core is such a sum, evaluated at each step of each task's
 * fixed point, so with hundreds of flows it dominated the task analysis.
 *
 * Exact integer rewrite: for a period T write t = kT + s and J_j = a_jT + b_j (0 ≤ s, b_j < T). Then
 * ⌈(t + J_j)/T⌉ = k + a_j + ⌈(s + b_j)/T⌉, and ⌈(s + b_j)/T⌉ is 0 when s + b_j = 0, 2 when s + b_j > T, else 1.
 * With the streams of one period sorted by b_j and suffix sums of C_j, the sum is
 * k·ΣC + Σa_jC_j + (ΣC − [s = 0]·Σ_{b_j=0}C_j) + Σ_{b_j > T−s}C_j. Every partial sum is an integer below 2^53 as long
 * as the result is below MAX_TIME; a larger result is reported as Infinity, as the per-stream `mulCapped` sum does for
 * any use that matters (every caller compares it with a horizon far below MAX_TIME).
 */
import { arrivalsBefore, floorDivInt, MAX_TIME, mulCapped } from './arith.js';

export interface Stream {
    period: number;
    jitter: number;
    cost: number;
}

interface PeriodGroup {
    period: number;
    totalCost: number;
    /** Σ a_j·C_j. */
    base: number;
    /** Σ C_j over streams with b_j = 0. */
    zeroRemainderCost: number;
    /** Remainders b_j, ascending, and suffixCost[i] = Σ C over remainders[i..]. */
    remainders: number[];
    suffixCost: number[];
}

export class StreamDemand {
    private readonly groups: PeriodGroup[] = [];
    /** Streams the closed form does not cover (non-positive period, negative jitter): summed one by one. */
    private readonly plain: Stream[] = [];
    private readonly all: readonly Stream[];

    constructor(streams: readonly Stream[]) {
        this.all = streams;
        const byPeriod = new Map<number, Stream[]>();
        for (const s of streams) {
            if (s.cost <= 0) continue;
            if (s.period <= 0 || s.jitter < 0 || !Number.isSafeInteger(s.jitter)) { this.plain.push(s); continue; }
            let list = byPeriod.get(s.period);
            if (!list) { list = []; byPeriod.set(s.period, list); }
            list.push(s);
        }
        for (const [period, list] of byPeriod) {
            let totalCost = 0;
            let base = 0;
            let zeroRemainderCost = 0;
            const parts = list.map((s) => {
                const a = floorDivInt(s.jitter, period);
                return { b: s.jitter - a * period, a, c: s.cost };
            }).sort((x, y) => x.b - y.b);
            for (const p of parts) {
                totalCost += p.c;
                base += mulCapped(p.a, p.c);
                if (p.b === 0) zeroRemainderCost += p.c;
            }
            const suffixCost = new Array<number>(parts.length + 1).fill(0);
            for (let i = parts.length - 1; i >= 0; i--) suffixCost[i] = suffixCost[i + 1] + parts[i].c;
            this.groups.push({ period, totalCost, base, zeroRemainderCost, remainders: parts.map((p) => p.b), suffixCost });
        }
    }

    /** Σ_j ⌈(t + J_j)/T_j⌉⁺·C_j. */
    at(t: number): number {
        let d = 0;
        if (t < 0) {
            // Not a window length (never asked by the analysis): the definition, stream by stream.
            for (const x of this.all) d += mulCapped(arrivalsBefore(t, x.period, x.jitter), x.cost);
            return d;
        }
        for (const g of this.groups) {
            const k = floorDivInt(t, g.period);
            const s = t - k * g.period;
            d += mulCapped(k, g.totalCost) + g.base + g.totalCost - (s === 0 ? g.zeroRemainderCost : 0);
            // Streams with b_j > T − s: first index whose remainder exceeds T − s.
            const limit = g.period - s;
            let lo = 0;
            let hi = g.remainders.length;
            while (lo < hi) {
                const mid = (lo + hi) >> 1;
                if (g.remainders[mid] > limit) hi = mid; else lo = mid + 1;
            }
            d += g.suffixCost[lo];
            if (!(d <= MAX_TIME)) return Infinity;
        }
        for (const x of this.plain) d += mulCapped(arrivalsBefore(t, x.period, x.jitter), x.cost);
        return d <= MAX_TIME ? d : Infinity;
    }

}
