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
        const sorted = this.samples.slice(0, this.count).sort();
        return ps.map((p) => sorted[Math.max(0, Math.ceil((p / 100) * this.count) - 1)]);
    }
}
