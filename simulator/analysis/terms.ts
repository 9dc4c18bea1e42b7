/** Helpers to build the named terms of a bound and to pick the dominant one. */
import type { BoundTerm, ItemResult } from './types.js';

export function term(id: string, label: string, value: number, explanation: string): BoundTerm {
    return { id, label, value, explanation };
}

/** The id of the largest term (first on ties). */
export function dominantTerm(terms: readonly BoundTerm[]): string | undefined {
    let best: BoundTerm | undefined;
    for (const t of terms) if (!best || t.value > best.value) best = t;
    return best?.id;
}

/** Fills slack, verdict and dominant term from wcrt and deadline. */
export function finish(item: ItemResult): ItemResult {
    item.dominant = dominantTerm(item.terms);
    if (item.wcrt !== undefined) {
        if (item.deadline !== undefined) {
            item.slack = item.deadline - item.wcrt;
            item.verdict = item.slack >= 0 ? 'schedulable' : 'unschedulable';
        } else {
            item.verdict = 'schedulable';
        }
    }
    return item;
}
