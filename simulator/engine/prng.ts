/**
 * A small seeded pseudo-random generator (splitmix32 mixing of a Weyl sequence). The simulator must be byte-for-byte
 * reproducible from its seed, so it never touches Math.random; every random choice goes through one of these.
 */
export class Prng {
    private state: number;

    constructor(seed: number) {
        // Fold a seed of up to 53 bits into 32 bits so that large seeds still differ.
        const lo = seed >>> 0;
        const hi = Math.floor(seed / 4294967296) >>> 0;
        this.state = (lo ^ Math.imul(hi, 0x27d4eb2d) ^ 0x6a09e667) | 0;
    }

    /** Uniform 32-bit unsigned integer. */
    nextU32(): number {
        this.state = (this.state + 0x9e3779b9) | 0;
        let z = this.state;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
        return (z ^ (z >>> 16)) >>> 0;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    nextFloat(): number {
        const a = this.nextU32() >>> 5; // 27 bits
        const b = this.nextU32() >>> 6; // 26 bits
        return (a * 67108864 + b) / 9007199254740992;
    }

    /** Uniform integer in [lo, hi] (inclusive); returns lo when hi <= lo. */
    intBetween(lo: number, hi: number): number {
        if (hi <= lo) return lo;
        return lo + Math.floor(this.nextFloat() * (hi - lo + 1));
    }

    /** True with probability p. */
    chance(p: number): boolean {
        return this.nextFloat() < p;
    }
}
