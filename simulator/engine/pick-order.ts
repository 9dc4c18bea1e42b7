/**
 * The choice of one scheduling policy among its candidates (a server's tasks, the broker's flows): the candidate with
 * pending work of smallest key (fixed priority: minus the priority; EDF: the absolute deadline of its oldest job or
 * message), ties to the smallest tie-break (its release, or the time it became pending at the broker), then to the
 * earlier declaration. The owner offers a candidate with its key and tie-break whenever its oldest job or message
 * changes, and withdraws it when it has none; a choice then reads only these numbers, for pending candidates only.
 *
 * Under fixed priority the candidates are kept most urgent first, ties in declaration order, so the scan may stop at
 * the first candidate less urgent than the best found: the choice is the same as a full scan in declaration order.
 * Under EDF the keys change job by job, so the scan keeps declaration order and visits every pending candidate.
 */
export class PickOrder {
    /** Candidate indices in scan order. */
    readonly order: Int32Array;
    /** The scan may stop at the first key greater than the best one. */
    private readonly stopsEarly: boolean;
    /** Pending candidates: bit p & 31 of word p >> 5 for the candidate at scan position p. */
    private readonly pending: Int32Array;
    /** Key and tie-break of the candidate at each scan position (valid while it is pending). */
    private readonly keys: Float64Array;
    private readonly ties: Float64Array;

    /** `indices` in declaration order; `priority(i)` is larger for more urgent candidates. */
    constructor(indices: readonly number[], byPriority: boolean, priority: (index: number) => number) {
        // A NaN priority compares false with everything, so no ordering can reproduce the full scan: keep it.
        this.stopsEarly = byPriority && !indices.some((i) => Number.isNaN(priority(i)));
        const sorted = !this.stopsEarly
            ? indices
            : indices.slice().sort((a, b) => {
                  const pa = priority(a);
                  const pb = priority(b);
                  return pa > pb ? -1 : pa < pb ? 1 : a - b;
              });
        this.order = Int32Array.from(sorted);
        this.pending = new Int32Array((indices.length + 31) >> 5);
        this.keys = new Float64Array(indices.length);
        this.ties = new Float64Array(indices.length);
    }

    /** The candidate at scan position `position` has pending work with this key and tie-break (again, if it had). */
    offer(position: number, key: number, tie: number): void {
        this.keys[position] = key;
        this.ties[position] = tie;
        this.pending[position >> 5] |= 1 << (position & 31);
    }

    withdraw(position: number): void {
        this.pending[position >> 5] &= ~(1 << (position & 31));
    }

    /** The chosen candidate's index, or -1 when none is pending. */
    pick(): number {
        return this.scan(this.stopsEarly, undefined);
    }

    /**
     * The choice among the pending candidates that `eligible` accepts, scanning all of them (no early stop: the
     * resource protocols give some candidates keys out of the declaration order, resources.ts). -1 when none.
     */
    pickWhere(eligible: (index: number) => boolean): number {
        return this.scan(false, eligible);
    }

    private scan(stopsEarly: boolean, eligible: ((index: number) => boolean) | undefined): number {
        const pending = this.pending;
        const keys = this.keys;
        const ties = this.ties;
        let best = -1;
        let bestKey = 0;
        let bestTie = 0;
        for (let w = 0; w < pending.length; w++) {
            // The pending candidates in scan order: lowest set bit first.
            for (let bits = pending[w]; bits !== 0; bits &= bits - 1) {
                const p = (w << 5) + 31 - Math.clz32(bits & -bits);
                if (eligible !== undefined && !eligible(this.order[p])) continue;
                const key = keys[p];
                if (stopsEarly && best >= 0 && key > bestKey) return this.order[best];
                const tie = ties[p];
                if (best < 0 || key < bestKey || (key === bestKey && tie < bestTie)) {
                    best = p;
                    bestKey = key;
                    bestTie = tie;
                }
            }
        }
        return best < 0 ? -1 : this.order[best];
    }
}
