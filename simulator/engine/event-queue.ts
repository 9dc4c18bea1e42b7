/**
 * The simulator's event queue: events come out in time order, simultaneous ones first-in first-out, which makes the
 * order deterministic. Events are four numbers (time, type, argument, version) in one typed array — no object per
 * event, so a run of millions of events does not churn the garbage collector.
 *
 * Simulation time never goes back (every event is scheduled at or after the instant being processed), which allows a
 * radix heap instead of a comparison heap: bucket 0 holds the events at exactly the current time `now`, bucket b > 0
 * those whose time first differs from `now` in bit b-1 (counting from the least significant). When bucket 0 runs dry,
 * the lowest non-empty bucket holds the earliest events; its earliest time becomes `now` and its events move to
 * lower buckets. Each bucket keeps its events in the order they were queued (a bucket only receives moved events while
 * every lower bucket is empty, and events queued later come later), so bucket 0 is FIFO among simultaneous events.
 * Compared with a binary heap this replaces a dozen or more hard-to-predict comparisons per event by a few bit
 * operations; an event moves down a few buckets on average before it comes out.
 *
 * Times are non-negative integers below 2^53 (ns). All buckets live in one array and grow together, to the largest
 * bucket's size.
 */
const W = 4; // numbers per record: time, type, argument, version
const PAD = 8; // numbers (one 64-byte cache line) between buckets
const TWO32 = 4294967296;
const BUCKETS = 54; // 0, then one per bit of a time below 2^53

export class EventQueue {
    /**
     * Bucket b's records are at [b * stride, b * stride + lengths[b] * W). The stride is the capacity of a bucket plus
     * one 64-byte line, so that bucket starts do not all fall into the same few sets of the CPU's cache, as a
     * power-of-two stride would make them.
     */
    private store: Float64Array;
    private capacity: number;
    private stride: number;
    /** Records in each bucket; bucket 0 is consumed from `head0`. */
    private readonly lengths = new Int32Array(BUCKETS);
    private head0 = 0;
    /** Non-empty buckets 1-31 (bit b) and 32-53 (bit b - 32). Bit 0 means nothing: bucket 0 has head0 < lengths[0]. */
    private lowMask = 0;
    private highMask = 0;
    private count = 0;
    /** The current time; `nowHigh` and `nowLow` are its upper and lower 32 bits, `nowBase` = nowHigh * 2^32. */
    private now = 0;
    private nowHigh = 0;
    private nowLow = 0;
    private nowBase = 0;

    constructor(initialBucketCapacity = 64) {
        this.capacity = initialBucketCapacity;
        this.stride = this.capacity * W + PAD;
        this.store = new Float64Array(BUCKETS * this.stride);
    }

    get size(): number {
        return this.count;
    }

    /**
     * Time of the earliest event (only valid when size > 0). It becomes the current time: later events may be queued
     * at it but not before it.
     */
    peekTime(): number {
        if (this.head0 === this.lengths[0]) this.advance();
        return this.store[this.head0 * W];
    }

    /** Whether another event is queued at the current time (the one peekTime returned last). */
    hasMoreNow(): boolean {
        return this.head0 < this.lengths[0];
    }

    push(time: number, type: number, arg: number, version = 0): void {
        if (time < this.now) throw new Error(`internal: event at ${time} queued after time ${this.now}`);
        this.append(this.bucketOf(time), time, type, arg, version);
        this.count++;
    }

    /** Removes the earliest event; its fields are then in popped*. */
    poppedTime = 0;
    poppedType = 0;
    poppedArg = 0;
    poppedVersion = 0;

    pop(): void {
        if (this.head0 === this.lengths[0]) this.advance();
        const s = this.store;
        const o = this.head0++ * W;
        this.poppedTime = s[o];
        this.poppedType = s[o + 1];
        this.poppedArg = s[o + 2];
        this.poppedVersion = s[o + 3];
        this.count--;
    }

    /** The bucket of an event at `time` (>= now): 0 if equal, else 1 + the highest bit in which it differs from now. */
    private bucketOf(time: number): number {
        const low = time - this.nowBase;
        if (low < TWO32) return 32 - Math.clz32((low >>> 0) ^ this.nowLow);
        return 64 - Math.clz32(Math.floor(time / TWO32) ^ this.nowHigh);
    }

    private append(b: number, time: number, type: number, arg: number, version: number): void {
        const n = this.lengths[b];
        if (n === this.capacity) this.grow();
        const s = this.store;
        const o = b * this.stride + n * W;
        s[o] = time;
        s[o + 1] = type;
        s[o + 2] = arg;
        s[o + 3] = version;
        this.lengths[b] = n + 1;
        if (b < 32) this.lowMask |= 1 << b;
        else this.highMask |= 1 << (b - 32);
    }

    /** Doubles every bucket's capacity. */
    private grow(): void {
        this.capacity *= 2;
        const stride = this.capacity * W + PAD;
        const next = new Float64Array(BUCKETS * stride);
        for (let b = 0; b < BUCKETS; b++) next.set(this.store.subarray(b * this.stride, b * this.stride + this.lengths[b] * W), b * stride);
        this.store = next;
        this.stride = stride;
    }

    /** Bucket 0 is used up: the lowest non-empty bucket's earliest time becomes now, and its events move down. */
    private advance(): void {
        this.lengths[0] = 0;
        this.head0 = 0;
        this.lowMask &= ~1;
        const b = this.lowMask !== 0 ? 31 - Math.clz32(this.lowMask & -this.lowMask) : 63 - Math.clz32(this.highMask & -this.highMask);
        const n = this.lengths[b];
        const s = this.store;
        const from = b * this.stride;
        if (n === 1) {
            // A single event (the usual case): it is the next one.
            this.empty(b);
            this.setNow(s[from]);
            this.append(0, s[from], s[from + 1], s[from + 2], s[from + 3]);
            return;
        }
        let earliest = s[from];
        for (let o = from + W; o < from + n * W; o += W) if (s[o] < earliest) earliest = s[o];
        this.setNow(earliest);
        // Every event of bucket b lands in a lower bucket (b is never 0 here: bucket 0 was empty). Bucket b is emptied
        // only afterwards, so that a growth of the store while appending moves it too.
        for (let i = 0; i < n; i++) {
            const at = b * this.stride + i * W;
            const time = this.store[at];
            this.append(this.bucketOf(time), time, this.store[at + 1], this.store[at + 2], this.store[at + 3]);
        }
        this.empty(b);
    }

    private empty(b: number): void {
        this.lengths[b] = 0;
        if (b < 32) this.lowMask &= ~(1 << b);
        else this.highMask &= ~(1 << (b - 32));
    }

    private setNow(time: number): void {
        this.now = time;
        let low = time - this.nowBase;
        if (low >= TWO32) {
            this.nowHigh = Math.floor(time / TWO32);
            this.nowBase = this.nowHigh * TWO32;
            low = time - this.nowBase;
        }
        this.nowLow = low >>> 0;
    }
}
