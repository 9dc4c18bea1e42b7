/**
 * Moving a reused analysis result to a new version's source positions without copying it. A result refers to the
 * `source` objects of the model it was computed from; when the next model is equal up to positions, each of those
 * objects takes the new model's values and the new model's element adopts it, so the result points at the right
 * lines as it is. Used by the server's analysis memo and by the analysis's flow-result reuse.
 */
import type { SourceRange } from './types.js';

export interface SourceMove {
    /** The element of the new model whose `source` is replaced by the kept object. */
    owner: { source?: SourceRange };
    /** The source object the reused result refers to. */
    kept: SourceRange;
    /** The new model's source of the same element. */
    current: SourceRange;
}

export function adoptSources(moves: Iterable<SourceMove>): void {
    for (const { owner, kept, current } of moves) {
        if (kept === current) continue;
        for (const field of Object.keys(kept)) if (!(field in current)) delete (kept as unknown as Record<string, unknown>)[field];
        Object.assign(kept, current);
        owner.source = kept;
    }
}
