/**
 * The simulator's event queue: events come out in time order, simultaneous ones first-in first-out, which makes the
 * order deterministic. Events are four numbers (time, type, argument, version) in typed arrays: no object per event,
 * so a run of millions of events does not churn the garbage collector.
 *
 * Simulation time never goes back (every event is scheduled at or after the instant being processed), which allows a
 * radix heap instead of a comparison heap: bucket 0 holds the events at exactly the current time `now`, bucket b > 0
 * those whose time first differs from `now` in bit b-1 (counting from the least significant). When bucket 0 runs dry,
 * the lowest non-empty bucket holds the earliest events; its earliest time (kept per bucket as events are added)
 * becomes `now` and its events move to lower buckets. Each bucket keeps its events in the order they were queued (a
 * bucket only receives moved events while every lower bucket is empty, and events queued later come later), so
 * bucket 0 is FIFO among simultaneous events. Compared with a binary heap this replaces a dozen or more
 * hard-to-predict comparisons per event by a few bit operations; an event moves down a few buckets on average before
 * it comes out (2.7 on the 8-cell bench system).
 *
 * Times are non-negative integers below 2^53 (ns). Records live in one pool and each bucket is a linked list of pool
 * slots (head, tail, next), so moving an event to another bucket relinks one slot instead of copying its four numbers,
 * and the pool stays as small as the number of queued events (about 200 on the bench system: a few KiB, in cache).
 */
const W = 4; // numbers per record: time, type, argument, version
const TWO32 = 4294967296;
const BUCKETS = 54; // 0, then one per bit of a time below 2^53
const NONE = -1;

export class EventQueue {
    /** Record of pool slot i at [i * W, i * W + W). */
    private records: Float64Array;
    /** The next slot in the same bucket (or, for a free slot, the next free one); NONE at the end. */
    private next: Int32Array;
    private freeHead: number;
    private readonly heads = new Int32Array(BUCKETS).fill(NONE);
    private readonly tails = new Int32Array(BUCKETS).fill(NONE);
    /** Earliest time in each non-empty bucket, kept as events are linked, so that advancing needs no search. */
    private readonly earliest = new Float64Array(BUCKETS);
    /** Non-empty buckets 1-31 (bit b) and 32-53 (bit b - 32). Bit 0 means nothing: bucket 0 is non-empty when its head is. */
    private lowMask = 0;
    private highMask = 0;
    private count = 0;
    /** The current time; `nowHigh` and `nowLow` are its upper and lower 32 bits, `nowBase` = nowHigh * 2^32. */
    private now = 0;
    private nowHigh = 0;
    private nowLow = 0;
    private nowBase = 0;

    constructor(initialCapacity = 256) {
        this.records = new Float64Array(initialCapacity * W);
        this.next = new Int32Array(initialCapacity);
        this.freeHead = this.chainFree(0, initialCapacity);
    }

    get size(): number {
        return this.count;
    }

    /**
     * Time of the earliest event (only valid when size > 0). It becomes the current time: later events may be queued
     * at it but not before it.
     */
    peekTime(): number {
        if (this.heads[0] === NONE) this.advance();
        return this.records[this.heads[0] * W];
    }

    /** Whether another event is queued at the current time (the one peekTime returned last). */
    hasMoreNow(): boolean {
        return this.heads[0] !== NONE;
    }

    push(time: number, type: number, arg: number, version = 0): void {
        if (time < this.now) throw new Error(`internal: event at ${time} queued after time ${this.now}`);
        if (this.freeHead === NONE) this.grow();
        const slot = this.freeHead;
        this.freeHead = this.next[slot];
        const r = this.records;
        const o = slot * W;
        r[o] = time;
        r[o + 1] = type;
        r[o + 2] = arg;
        r[o + 3] = version;
        this.link(this.bucketOf(time), slot, time);
        this.count++;
    }

    /** Removes the earliest event; its fields are then in popped*. */
    poppedTime = 0;
    poppedType = 0;
    poppedArg = 0;
    poppedVersion = 0;

    pop(): void {
        if (this.heads[0] === NONE) this.advance();
        const slot = this.heads[0];
        const after = this.next[slot];
        this.heads[0] = after;
        if (after === NONE) this.tails[0] = NONE;
        const r = this.records;
        const o = slot * W;
        this.poppedTime = r[o];
        this.poppedType = r[o + 1];
        this.poppedArg = r[o + 2];
        this.poppedVersion = r[o + 3];
        this.next[slot] = this.freeHead;
        this.freeHead = slot;
        this.count--;
    }

    /** The bucket of an event at `time` (>= now): 0 if equal, else 1 + the highest bit in which it differs from now. */
    private bucketOf(time: number): number {
        const low = time - this.nowBase;
        if (low < TWO32) return 32 - Math.clz32((low >>> 0) ^ this.nowLow);
        return 64 - Math.clz32(Math.floor(time / TWO32) ^ this.nowHigh);
    }

    /** Appends the slot, whose event is at `time`, at the end of bucket b (which keeps the bucket in queueing order). */
    private link(b: number, slot: number, time: number): void {
        this.next[slot] = NONE;
        const tail = this.tails[b];
        if (tail === NONE) {
            this.heads[b] = slot;
            this.earliest[b] = time;
            if (b < 32) this.lowMask |= 1 << b;
            else this.highMask |= 1 << (b - 32);
        } else {
            this.next[tail] = slot;
            if (time < this.earliest[b]) this.earliest[b] = time;
        }
        this.tails[b] = slot;
    }

    /** Doubles the pool; the new slots become the free list. */
    private grow(): void {
        const capacity = this.next.length;
        const records = new Float64Array(capacity * 2 * W);
        records.set(this.records);
        const next = new Int32Array(capacity * 2);
        next.set(this.next);
        this.records = records;
        this.next = next;
        this.freeHead = this.chainFree(capacity, capacity * 2);
    }

    /** Links slots [from, to) into a free list; returns its head. */
    private chainFree(from: number, to: number): number {
        for (let i = from; i < to - 1; i++) this.next[i] = i + 1;
        this.next[to - 1] = NONE;
        return from;
    }

    /** Bucket 0 is used up: the lowest non-empty bucket's earliest time becomes now, and its events move down. */
    private advance(): void {
        this.lowMask &= ~1;
        const b = this.lowMask !== 0 ? 31 - Math.clz32(this.lowMask & -this.lowMask) : 63 - Math.clz32(this.highMask & -this.highMask);
        const first = this.heads[b];
        this.heads[b] = NONE;
        this.tails[b] = NONE;
        if (b < 32) this.lowMask &= ~(1 << b);
        else this.highMask &= ~(1 << (b - 32));
        const r = this.records;
        const next = this.next;
        this.setNow(this.earliest[b]);
        if (next[first] === NONE) {
            // A single event (the usual case): it is the next one.
            this.link(0, first, this.now);
            return;
        }
        // Every event of bucket b lands in a lower bucket (b is never 0 here: bucket 0 was empty), in list order, so
        // each bucket stays in queueing order.
        for (let slot = first; slot !== NONE; ) {
            const after = next[slot];
            const time = r[slot * W];
            this.link(this.bucketOf(time), slot, time);
            slot = after;
        }
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
