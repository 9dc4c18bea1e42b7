/**
 * A FIFO of fixed-width numeric records in one Float64Array ring that doubles when full: the job queue of a task and
 * the message queue of a flow, without allocating per job.
 */
export class RecordRing {
    /** The records; the one `offset` places after the oldest starts at index `at(offset)`. Replaced when it grows. */
    data: Float64Array;
    private capacity: number;
    private head = 0;
    count = 0;

    constructor(private readonly width: number, initialCapacity = 8) {
        this.capacity = initialCapacity;
        this.data = new Float64Array(initialCapacity * width);
    }

    at(offset: number): number {
        return ((this.head + offset) & (this.capacity - 1)) * this.width;
    }

    /** Field `field` of the record `offset` places after the oldest. */
    get(offset: number, field: number): number {
        return this.data[this.at(offset) + field];
    }

    set(offset: number, field: number, value: number): void {
        this.data[this.at(offset) + field] = value;
    }

    /** Appends a record and returns where it starts in `data`; fill its fields there. */
    push(): number {
        if (this.count === this.capacity) this.grow();
        return this.at(this.count++);
    }

    shift(): void {
        this.head = (this.head + 1) & (this.capacity - 1);
        this.count--;
    }

    private grow(): void {
        const next = new Float64Array(this.capacity * 2 * this.width);
        for (let i = 0; i < this.count; i++) {
            const from = ((this.head + i) & (this.capacity - 1)) * this.width;
            next.set(this.data.subarray(from, from + this.width), i * this.width);
        }
        this.data = next;
        this.capacity *= 2;
        this.head = 0;
    }
}
