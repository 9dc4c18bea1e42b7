/**
 * Reuse of the flow results between two analyses of successive versions of one system.
 *
 * The flow analysis is quadratic in the number of flows (each flow's bound, and the list of flows that interfere with
 * it), so on a large system it dominates an analysis, while most edits (a task's WCET, a VCPU budget, a MemGuard
 * budget) do not touch what it reads. It reads the flows, the hypervisor (broker, overheads, MemGuard period), the
 * platform (DMA engines) and, of each cell, only its name, cores and VCPUs (which core sends and receives). When
 * those are equal up to source positions, the previous flow results are reused: the stored model's source objects
 * take the new positions and the new model adopts them, so the reused results point at the right lines.
 * test/analysis/flow-reuse.test.ts checks on random systems and random edits that reuse gives what a fresh analysis
 * gives.
 */
import { positionFreeFingerprint } from '../model/fingerprint.js';
import { adoptSources, type SourceMove } from '../model/source-adoption.js';
import type { SourceRange, SystemModel } from '../model/types.js';
import type { ItemResult } from './types.js';

/** What the flow analysis reads, as a string without source positions. */
export function flowInputsFingerprint(model: SystemModel): string {
    const inputs = {
        flows: model.flows, hypervisor: model.hypervisor, platform: model.platform,
        cells: model.cells.map((c) => ({ name: c.name, cores: c.cores, vcpus: c.vcpus })),
    };
    return positionFreeFingerprint(inputs);
}

export class FlowResultReuse {
    private last?: { fingerprint: string; model: SystemModel; results: ItemResult[] };

    /** The flow results for `model`: the stored ones when its flow inputs are unchanged, else `compute()`'s. */
    results(model: SystemModel, compute: () => ItemResult[]): ItemResult[] {
        const fingerprint = flowInputsFingerprint(model);
        const last = this.last;
        if (last && last.fingerprint === fingerprint && adoptFlowSources(last.model, model)) {
            last.model = model;
            return last.results;
        }
        const results = compute();
        this.last = { fingerprint, model, results };
        return results;
    }
}

/** Gives `next` the stored model's flow and DMA-budget source objects, set to `next`'s positions. */
function adoptFlowSources(stored: SystemModel, next: SystemModel): boolean {
    if (stored === next) return true;
    // Equal fingerprints: the same flows in the same order, and a DMA budget in both or in neither.
    const pairs: { owner: { source?: SourceRange }; kept?: SourceRange; current?: SourceRange }[] = stored.flows.map((f, i) => ({ owner: next.flows[i], kept: f.source, current: next.flows[i].source }));
    const keptBudget = stored.hypervisor.broker?.dmaBudget;
    const nextBudget = next.hypervisor.broker?.dmaBudget;
    if (keptBudget && nextBudget) pairs.push({ owner: nextBudget, kept: keptBudget.source, current: nextBudget.source });
    if (pairs.some((p) => !p.kept !== !p.current)) return false;
    adoptSources(pairs.filter((p): p is SourceMove => p.kept !== undefined && p.current !== undefined));
    return true;
}
