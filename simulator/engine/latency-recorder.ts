/**
 * Collects the latencies of one item (task, flow or event) in bounded memory, whatever the simulated duration.
 *
 * Count, sum, minimum, maximum and the job of the maximum are exact. Percentiles are exact (nearest rank) while at most
 * `EXACT_SAMPLES` jobs have finished: the latencies are kept in a typed array and the ranks selected at the end. Past
 * that, the samples move into a log-bucketed histogram (`LogHistogram`) and each percentile is the upper end of the
 * bucket holding its rank, clamped to the exact maximum: at most 2⁻⁷ (0.79 %) above the exact nearest-rank value and
 * never below it (docs/semantics.md, "Statistics"). Memory: at most 32 KiB of samples, or the histogram's buckets
 * (1 KiB per power of two the latencies span), per item.
 */
export const EXACT_SAMPLES = 4096;

export class LatencyRecorder {
    private samples: Float64Array | undefined = new Float64Array(64);
    private histogram: LogHistogram | undefined;
    count = 0;
    sum = 0;
    max = -1;
    min = Number.POSITIVE_INFINITY;
    /** Job index at which `max` was observed (first occurrence). */
    maxJob = -1;
    /**
     * When that job's latency started (its nominal release, or the interrupt's arrival), ns; meaningful once `maxJob` is
     * set. Negative for a first job released late by its jitter: its latency counts from the nominal release.
     */
    maxFrom = 0;
    misses = 0;

    /** One completed job: its latency, index, whether it missed, and the instant it completed (ns). */
    record(latency: number, job: number, missed: boolean, completedAt: number): void {
        // The common cases first, without a call: room left among the kept samples, or the histogram.
        const samples = this.samples;
        if (samples !== undefined && this.count < samples.length) samples[this.count] = latency;
        else if (this.histogram !== undefined) this.histogram.add(latency);
        else this.keep(latency);
        this.count++;
        this.sum += latency;
        if (latency > this.max) {
            this.max = latency;
            this.maxJob = job;
            this.maxFrom = completedAt - latency;
        }
        if (latency < this.min) this.min = latency;
        if (missed) this.misses++;
    }

    /** Whether the percentiles are exact (few enough samples were kept one by one). */
    get exactPercentiles(): boolean {
        return this.histogram === undefined;
    }

    /** The kept samples are full: grow them, or past EXACT_SAMPLES move them into the histogram. */
    private keep(latency: number): void {
        const samples = this.samples!;
        if (samples.length >= EXACT_SAMPLES) {
            // Enough samples: from now on, a histogram of bounded size.
            const h = new LogHistogram();
            for (let k = 0; k < this.count; k++) h.add(samples[k]);
            h.add(latency);
            this.histogram = h;
            this.samples = undefined;
            return;
        }
        const bigger = new Float64Array(samples.length * 2);
        bigger.set(samples);
        bigger[this.count] = latency;
        this.samples = bigger;
    }

    /**
     * Nearest-rank percentiles (p in (0, 100]) of the recorded latencies; 0 when nothing was recorded. Exact up to
     * `EXACT_SAMPLES` samples, then within the histogram's relative error (above).
     */
    percentiles(ps: readonly number[]): number[] {
        if (this.count === 0) return ps.map(() => 0);
        const ranks = ps.map((p) => Math.max(0, Math.ceil((p / 100) * this.count) - 1));
        if (this.histogram) return ranks.map((r) => Math.min(this.max, this.histogram!.valueAtRank(r)));
        // Only a few ranks are needed: select them (linear time) instead of sorting every sample. Ranks in increasing
        // order, each selected among the samples above the previous one.
        const values = this.samples!.slice(0, this.count);
        const increasing = ranks.filter((r) => r < this.count).sort((a, b) => a - b);
        let from = 0;
        for (const r of increasing) {
            selectRank(values, r, from, this.count - 1);
            from = r;
        }
        return ranks.map((r) => values[r]);
    }
}

/** Sub-buckets per power of two: a bucket spans at most 2⁻⁷ of its lower end. */
const SUB_BITS = 7;
const SUB = 1 << SUB_BITS;

/**
 * Counts of non-negative integer values in log-linear buckets (as in HdrHistogram): values below 2⁷ each have their
 * own bucket (exact); a value v ≥ 2⁷ with 2ᵉ ≤ v < 2ᵉ⁺¹ falls in one of 2⁷ equal buckets of width 2ᵉ⁻⁷ over that
 * range. Buckets are allocated one power of two at a time, when a value first reaches it.
 */
export class LogHistogram {
    /** counts[e] for values in [2^e, 2^(e+1)) (e ≥ 7), and counts[0] for values below 2⁷. */
    private readonly counts: (Float64Array | undefined)[] = [];

    add(value: number): void {
        const v = value > 0 ? Math.floor(value) : 0;
        if (v < SUB) {
            (this.counts[0] ??= new Float64Array(SUB))[v]++;
            return;
        }
        if (v < 2 ** 32) {
            // Latencies below 4.3 s, in integer operations: the top 8 bits give the sub-bucket.
            const e = 31 - Math.clz32(v);
            (this.counts[e] ??= new Float64Array(SUB))[(v >>> (e - SUB_BITS)) - SUB]++;
            return;
        }
        const [e, sub] = LogHistogram.bucketOfLarge(v);
        (this.counts[e] ??= new Float64Array(SUB))[sub]++;
    }

    /** The bucket of a value of at least 2³² (the cases below are handled in `add`, in integer operations). */
    private static bucketOfLarge(v: number): [number, number] {
        const e = Math.floor(Math.log2(v));
        // Correct a rounded log2 near powers of two.
        const exp = 2 ** e > v ? e - 1 : 2 ** (e + 1) <= v ? e + 1 : e;
        const width = 2 ** (exp - SUB_BITS);
        return [exp, Math.floor((v - 2 ** exp) / width)];
    }

    /** The largest value the bucket holding the sample of rank `rank` (0-based, in increasing order) can contain. */
    valueAtRank(rank: number): number {
        let seen = 0;
        for (let e = 0; e < this.counts.length; e++) {
            const row = this.counts[e];
            if (!row) continue;
            for (let sub = 0; sub < SUB; sub++) {
                seen += row[sub];
                if (seen > rank) {
                    if (e === 0) return sub;
                    const width = 2 ** (e - SUB_BITS);
                    return 2 ** e + (sub + 1) * width - 1;
                }
            }
        }
        return 0;
    }
}

/**
 * Rearranges a[lo..hi] so that a[k] holds the value of rank k (what a[k] would be once sorted), smaller or equal values
 * before it and greater or equal ones after (Hoare's selection, median-of-three pivot).
 */
function selectRank(a: Float64Array, k: number, lo: number, hi: number): void {
    while (lo < hi) {
        const x = a[lo];
        const y = a[(lo + hi) >>> 1];
        const z = a[hi];
        const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
        let i = lo;
        let j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) {
                const v = a[i];
                a[i] = a[j];
                a[j] = v;
                i++;
                j--;
            }
        }
        // Now a[lo..j] <= pivot <= a[i..hi], and every element strictly between j and i equals the pivot.
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else return;
    }
}
