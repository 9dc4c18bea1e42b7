/**
 * The simulator's event queue: a binary min-heap over parallel typed arrays ordered by (time, sequence number).
 * Events are three numbers (type, argument, version) — no object per event, so a run of millions of events does not
 * churn the garbage collector. The sequence number makes the order of simultaneous events deterministic (FIFO).
 */
export class EventQueue {
    private time: Float64Array;
    private seq: Float64Array;
    private type: Int32Array;
    private arg: Int32Array;
    private ver: Float64Array;
    private count = 0;
    private nextSeq = 0;

    constructor(initialCapacity = 1024) {
        this.time = new Float64Array(initialCapacity);
        this.seq = new Float64Array(initialCapacity);
        this.type = new Int32Array(initialCapacity);
        this.arg = new Int32Array(initialCapacity);
        this.ver = new Float64Array(initialCapacity);
    }

    get size(): number {
        return this.count;
    }

    /** Time of the earliest event; only valid when size > 0. */
    peekTime(): number {
        return this.time[0];
    }

    push(time: number, type: number, arg: number, version = 0): void {
        if (this.count === this.time.length) this.grow();
        let i = this.count++;
        const s = this.nextSeq++;
        // Sift up, moving parents down until the new entry's place is found.
        while (i > 0) {
            const p = (i - 1) >> 1;
            const pt = this.time[p];
            if (pt < time || (pt === time && this.seq[p] < s)) break;
            this.move(p, i);
            i = p;
        }
        this.time[i] = time;
        this.seq[i] = s;
        this.type[i] = type;
        this.arg[i] = arg;
        this.ver[i] = version;
    }

    /** Removes the earliest event; its fields are then in popped*. */
    poppedTime = 0;
    poppedType = 0;
    poppedArg = 0;
    poppedVersion = 0;

    pop(): void {
        this.poppedTime = this.time[0];
        this.poppedType = this.type[0];
        this.poppedArg = this.arg[0];
        this.poppedVersion = this.ver[0];
        const last = --this.count;
        if (last === 0) return;
        const t = this.time[last];
        const s = this.seq[last];
        const ty = this.type[last];
        const a = this.arg[last];
        const v = this.ver[last];
        let i = 0;
        for (;;) {
            const l = 2 * i + 1;
            if (l >= last) break;
            const r = l + 1;
            let c = l;
            if (r < last && (this.time[r] < this.time[l] || (this.time[r] === this.time[l] && this.seq[r] < this.seq[l]))) c = r;
            const ct = this.time[c];
            if (t < ct || (t === ct && s < this.seq[c])) break;
            this.move(c, i);
            i = c;
        }
        this.time[i] = t;
        this.seq[i] = s;
        this.type[i] = ty;
        this.arg[i] = a;
        this.ver[i] = v;
    }

    private move(from: number, to: number): void {
        this.time[to] = this.time[from];
        this.seq[to] = this.seq[from];
        this.type[to] = this.type[from];
        this.arg[to] = this.arg[from];
        this.ver[to] = this.ver[from];
    }

    private grow(): void {
        const n = this.time.length * 2;
        const t = new Float64Array(n); t.set(this.time); this.time = t;
        const s = new Float64Array(n); s.set(this.seq); this.seq = s;
        const ty = new Int32Array(n); ty.set(this.type); this.type = ty;
        const a = new Int32Array(n); a.set(this.arg); this.arg = a;
        const v = new Float64Array(n); v.set(this.ver); this.ver = v;
    }
}
