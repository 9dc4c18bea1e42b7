/**
 * Weighted arrival counts of many job streams, switched on and off one stream at a time:
 *   cost(t)  = Σ_k n_k(t)·C_k     bytes(t) = Σ_k n_k(t)·S_k     over the streams switched on,
 * with n_k(t) = ⌊(t + J_k)/T_k⌋ + 1 the arrivals of stream k in the closed window [0, t] (0 when t + J_k < 0).
 * A fixed-priority analysis asks these sums at every step of every fixed point, over a set of streams that only grows
 * from one priority level to the next; summing stream by stream made the broker analysis quadratic in the flows.
 *
 * Exact integer rewrite (docs/analysis.md §2): for a period T write t = kT + s and J_k = a_kT + b_k (0 ≤ s, b_k < T).
 * Then ⌊(t + J_k)/T⌋ = k + a_k + [s + b_k ≥ T], so over the streams of one period
 *   Σ n_k·w_k = (k + 1)·W + Σ a_k·w_k + Σ_{b_k ≥ T − s} w_k,
 * W the total weight. The last sum is a suffix over the remainders b_k in ascending order, kept in a Fenwick tree so a
 * stream is switched in O(log m) and a query costs O(log m) per distinct period (m distinct remainders).
 * Every partial sum is an integer; costs above MAX_TIME are answered as Infinity, like the per-stream `mulCapped`
 * sum for any use that matters (callers compare them with a horizon far below MAX_TIME). Bytes are plain sums, as
 * the per-stream definition has them.
 */
import { arrivalsUpTo, floorDivInt, MAX_TIME, mulCapped } from './arith.js';
import { chargeSearch } from './search-budget.js';

export interface ArrivalStream {
    period: number;
    jitter: number;
    cost: number;
    /** Bytes per arrival (none when only time is summed). */
    bytes?: number;
}

/** Prefix sums over ranks 0..size-1 with point updates (Fenwick 1994). */
class FenwickSums {
    private readonly tree: Float64Array;

    constructor(size: number) {
        this.tree = new Float64Array(size + 1);
    }

    add(rank: number, delta: number): void {
        for (let i = rank + 1; i < this.tree.length; i += i & -i) this.tree[i] += delta;
    }

    /** Σ over ranks < rank. */
    below(rank: number): number {
        let sum = 0;
        for (let i = rank; i > 0; i -= i & -i) sum += this.tree[i];
        return sum;
    }
}

/** The two weights summed: time per arrival and bytes per arrival. */
const COST = 0;
const BYTES = 1;
type Weight = typeof COST | typeof BYTES;

interface PeriodGroup {
    period: number;
    /** Distinct remainders b_k of the group's streams, ascending. */
    remainders: number[];
    on: number;
    /** Per weight: Σ w_k, Σ a_k·w_k and the suffix sums by remainder, over the streams switched on. */
    total: [number, number];
    base: [number, number];
    byRemainder: [FenwickSums, FenwickSums];
}

/** Where a stream lives: in a period group at a remainder rank, or (group −1) summed on its own. */
interface Placement {
    group: number;
    rank: number;
    wholePeriods: number;
}

export class ArrivalSums {
    private readonly groups: PeriodGroup[] = [];
    private readonly placements: Placement[];
    private readonly on: Uint8Array;
    /** Streams outside the closed form (non-positive period, negative or huge jitter): summed one by one. */
    private readonly plainOn = new Set<number>();
    private costOfStreamsOn = 0;

    constructor(private readonly streams: readonly ArrivalStream[]) {
        this.on = new Uint8Array(streams.length);
        const byPeriod = new Map<number, number[]>();
        this.placements = streams.map((s, k) => {
            const inClosedForm = s.period > 0 && Number.isSafeInteger(s.period) && Number.isSafeInteger(s.jitter) && s.jitter >= 0
                && mulCapped(floorDivInt(s.jitter, s.period), Math.max(s.cost, s.bytes ?? 0)) <= MAX_TIME;
            if (inClosedForm) {
                let members = byPeriod.get(s.period);
                if (!members) { members = []; byPeriod.set(s.period, members); }
                members.push(k);
            }
            return { group: -1, rank: 0, wholePeriods: 0 };
        });
        for (const [period, members] of byPeriod) {
            const remainders = [...new Set(members.map((k) => this.streams[k].jitter % period))].sort((x, y) => x - y);
            const rankOf = new Map(remainders.map((b, rank) => [b, rank]));
            const group = this.groups.length;
            this.groups.push({
                period, remainders, on: 0, total: [0, 0], base: [0, 0],
                byRemainder: [new FenwickSums(remainders.length), new FenwickSums(remainders.length)],
            });
            for (const k of members) {
                const j = this.streams[k].jitter;
                this.placements[k] = { group, rank: rankOf.get(j % period)!, wholePeriods: floorDivInt(j, period) };
            }
        }
    }

    switchOn(k: number): void {
        if (this.on[k]) return;
        this.on[k] = 1;
        this.update(k, 1);
    }

    switchOff(k: number): void {
        if (!this.on[k]) return;
        this.on[k] = 0;
        this.update(k, -1);
    }

    /** Σ C_k over the streams switched on (one arrival each). */
    costOfOneArrivalEach(): number {
        return this.costOfStreamsOn;
    }

    /** Σ n_k(t)·C_k over the streams switched on; Infinity above MAX_TIME. */
    cost(t: number): number {
        chargeSearch(this.groups.length); // a search pays per period group summed (search-budget.ts)
        const sum = this.sum(t, COST);
        return sum <= MAX_TIME ? sum : Infinity;
    }

    /** Σ n_k(t)·S_k over the streams switched on. */
    bytes(t: number): number {
        return this.sum(t, BYTES);
    }

    private sum(t: number, w: Weight): number {
        if (t < 0) return this.plainSum(t, w, this.allOn());
        let sum = 0;
        for (const g of this.groups) {
            if (g.on === 0) continue;
            const k = floorDivInt(t, g.period);
            const s = t - k * g.period;
            const total = g.total[w];
            const late = s === 0 ? 0 : total - g.byRemainder[w].below(firstAtLeast(g.remainders, g.period - s));
            sum += (w === COST ? mulCapped(k + 1, total) : (k + 1) * total) + g.base[w] + late;
            if (w === COST && !(sum <= MAX_TIME)) return Infinity;
        }
        // (The size test spares an iterator per query: this runs at every step of every fixed point.)
        return this.plainOn.size === 0 ? sum : sum + this.plainSum(t, w, this.plainOn);
    }

    private update(k: number, sign: 1 | -1): void {
        const s = this.streams[k];
        this.costOfStreamsOn += sign * s.cost;
        const p = this.placements[k];
        if (p.group < 0) {
            if (sign > 0) this.plainOn.add(k); else this.plainOn.delete(k);
            return;
        }
        const g = this.groups[p.group];
        g.on += sign;
        const weights = [s.cost, s.bytes ?? 0];
        for (const w of [COST, BYTES] as const) {
            g.total[w] += sign * weights[w];
            g.base[w] += sign * p.wholePeriods * weights[w];
            g.byRemainder[w].add(p.rank, sign * weights[w]);
        }
    }

    private plainSum(t: number, w: Weight, members: Iterable<number>): number {
        let sum = 0;
        for (const k of members) {
            const s = this.streams[k];
            const n = arrivalsUpTo(t, s.period, s.jitter);
            sum += w === COST ? mulCapped(n, s.cost) : n * (s.bytes ?? 0);
        }
        return sum;
    }

    private *allOn(): Iterable<number> {
        for (let k = 0; k < this.on.length; k++) if (this.on[k]) yield k;
    }
}

/** First index whose value is ≥ bound in an ascending array (its length when none is). */
function firstAtLeast(sorted: readonly number[], bound: number): number {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid] >= bound) hi = mid; else lo = mid + 1;
    }
    return lo;
}
