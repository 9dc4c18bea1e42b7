/**
 * Collects the latencies of one item (task, flow or event) in a growable typed array, so that exact percentiles can be
 * computed at the end without one object per job.
 */
export class LatencyRecorder {
    private samples = new Float64Array(64);
    count = 0;
    sum = 0;
    max = -1;
    min = Number.POSITIVE_INFINITY;
    /** Job index at which `max` was observed (first occurrence). */
    maxJob = -1;
    misses = 0;

    record(latency: number, job: number, missed: boolean): void {
        if (this.count === this.samples.length) {
            const bigger = new Float64Array(this.samples.length * 2);
            bigger.set(this.samples);
            this.samples = bigger;
        }
        this.samples[this.count++] = latency;
        this.sum += latency;
        if (latency > this.max) {
            this.max = latency;
            this.maxJob = job;
        }
        if (latency < this.min) this.min = latency;
        if (missed) this.misses++;
    }

    /** Nearest-rank percentiles (p in (0, 100]) of the recorded latencies; 0 when nothing was recorded. */
    percentiles(ps: readonly number[]): number[] {
        if (this.count === 0) return ps.map(() => 0);
        // Only a few ranks are needed: select them (linear time) instead of sorting every sample. Ranks in increasing
        // order, each selected among the samples above the previous one.
        const values = this.samples.slice(0, this.count);
        const ranks = ps.map((p) => Math.max(0, Math.ceil((p / 100) * this.count) - 1));
        const increasing = ranks.filter((r) => r < this.count).sort((a, b) => a - b);
        let from = 0;
        for (const r of increasing) {
            selectRank(values, r, from, this.count - 1);
            from = r;
        }
        return ranks.map((r) => values[r]);
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
