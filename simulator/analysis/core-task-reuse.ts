/**
 * Reuse of one core's task results between two analyses of successive versions of one system.
 *
 * A keystroke in one task changes one core's task set, yet the analysis ran the response-time fixed points of every
 * core again. A core's task results (analyzeCore) read: the cells on the core and the task groups placed on it, which
 * VCPU groups are admitted, the hypervisor (overheads, MemGuard period, broker mode), and the core's flow load (each
 * stream's flow, period, jitter = the flow's bound, cost and description, and the flows without a bound). The key holds
 * these by identity: the language server's lowering keeps the model objects of untouched declarations (language/
 * lowering/declaration-reuse.ts), and model objects are not changed after lowering, so the same object means the same
 * values at the same source positions, and reused results point at the right lines as they are. A new object, even
 * an equal one, just means the core is analysed again.
 * test/analysis/core-task-reuse.test.ts checks on random systems and edits that reuse gives what a fresh analysis gives.
 */
import type { CoreFacts, TaskGroup } from './context.js';
import type { CoreLoad } from './tasks.js';
import type { ItemResult } from './types.js';

interface KeptCore {
    key: unknown[];
    /** Results per group, in the order of the core's groups. */
    results: ItemResult[][];
}

export class CoreTaskReuse {
    private readonly kept = new Map<number, KeptCore>();
    /** How many times a core's results were reused (for tests). */
    reusedCores = 0;

    /**
     * The task results of `core`: the kept ones when nothing they read changed, else `compute()`'s. `hypervisor` is
     * the model's hypervisor as a string (computed once per analysis).
     */
    results(
        core: CoreFacts, load: CoreLoad | undefined, admissibleOf: (g: TaskGroup) => boolean, hypervisor: string,
        compute: () => Map<TaskGroup, ItemResult[]>,
    ): Map<TaskGroup, ItemResult[]> {
        const key = coreKey(core, load, admissibleOf, hypervisor);
        const kept = this.kept.get(core.core);
        if (kept && sameKey(kept.key, key)) {
            this.reusedCores++;
            return new Map(core.groups.map((g, k) => [g, kept.results[k]]));
        }
        const fresh = compute();
        this.kept.set(core.core, { key, results: core.groups.map((g) => fresh.get(g) ?? []) });
        return fresh;
    }
}

function coreKey(core: CoreFacts, load: CoreLoad | undefined, admissibleOf: (g: TaskGroup) => boolean, hypervisor: string): unknown[] {
    const key: unknown[] = [hypervisor, core.cells.length];
    key.push(...core.cells);
    for (const g of core.groups) key.push(g.key, g.cell, g.vcpu, admissibleOf(g));
    for (const s of load?.streams ?? []) key.push(s.flow, s.period, s.jitter, s.cost, s.what);
    // Separates the streams from the unbounded flows (else a stream's fields could line up with them).
    key.push(undefined, load?.streams.length ?? 0);
    key.push(...(load?.unbounded ?? []));
    return key;
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
}
