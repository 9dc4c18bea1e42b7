/**
 * The section-length fix (docs/analysis.md §8, §10): the longest length of the critical section that blocks a task
 * most (the cause with the largest share of its blocking) at which the task becomes schedulable, found by binary
 * search on single-item re-analyses. Shorter sections only shrink blocking terms, so feasibility is monotone in it.
 */
import type { SystemModel } from '../model/types.js';
import { largestTrue } from './arith.js';
import { isFeasibleWith, type ItemRef } from './probe.js';
import type { Fixes, ItemResult } from './types.js';

export function sectionLengthFix(model: SystemModel, ref: ItemRef, item: ItemResult): Fixes['sectionLength'] {
    const cause = [...(item.blockedBy ?? [])].filter((c) => c.index !== undefined && c.index >= 0 && c.length > 1).sort((a, b) => b.value - a.value)[0];
    if (!cause) return undefined;
    const index = cause.index!;
    const length = largestTrue(1, cause.length - 1, (len) => isFeasibleWith(model, ref, { sectionLengths: [{ cell: cause.owner, task: cause.task, index, length: len }] }));
    return length === undefined ? undefined : { task: cause.task, owner: cause.owner, resource: cause.resource, index, length };
}
