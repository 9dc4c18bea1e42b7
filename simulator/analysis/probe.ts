/**
 * Fast single-item analysis: "is this item schedulable in this model?" Used by the fix searches and by
 * quick-fixes through `isFeasibleWith`. It analyses only what the item depends on (the flows whose hypervisor work
 * reaches the item's core, the item's VCPU admission, the memory budget check), so each probe is cheap.
 */
import type { SystemModel } from '../model/types.js';
import { buildContext, type SystemContext, type TaskGroup } from './context.js';
import { analyzeEvents } from './events.js';
import { analyzeFlowsTwoPass } from './flows-two-pass.js';
import { analyzeMemory } from './memory.js';
import { admitVcpus, largestAdmissibleBudget } from './reservations.js';
import { analyzeCore, hypervisorLoads } from './tasks.js';
import type { ItemKind, ItemResult } from './types.js';

export interface ItemRef {
    kind: ItemKind;
    name: string;
    /** Cell name for tasks and events. */
    owner?: string;
}

export function findGroup(ctx: SystemContext, ref: ItemRef): TaskGroup | undefined {
    return ctx.groups.find((g) => (ref.owner === undefined || g.cell.name === ref.owner)
        && (ref.kind === 'task' ? g.tasks.some((t) => t.name === ref.name) : g.events.some((e) => e.name === ref.name)));
}

/** The item's result in `model` (terms included), or undefined when the item does not exist. */
export function analyzeItem(model: SystemModel, ref: ItemRef, verdictOnly = true): ItemResult | undefined {
    const ctx = buildContext(model);
    if (analyzeMemory(ctx).verdict !== 'schedulable') {
        return { kind: ref.kind, name: ref.name, verdict: 'inconclusive', reason: 'memory bandwidth over-subscribed', terms: [], interferers: [] };
    }
    if (ref.kind === 'flow') {
        const idx = ctx.flows.findIndex((f) => f.flow.name === ref.name);
        if (idx < 0) return undefined;
        return analyzeFlowsTwoPass(ctx, [idx])[0];
    }
    const group = findGroup(ctx, ref);
    if (!group) return undefined;
    const touching = ctx.flows.filter((f) => f.senderCore === group.core || f.receiverCore === group.core).map((f) => f.index);
    const flowResults = touching.length > 0 ? analyzeFlowsTwoPass(ctx, touching) : [];
    const loads = hypervisorLoads(ctx, new Map(flowResults.map((r) => [r.name, r.wcrt])));
    let admissible = true;
    if (group.vcpu) admissible = admitVcpus(ctx, loads).get(group.vcpu)?.admissible ?? false;
    if (ref.kind === 'event') return analyzeEvents(ctx, group, admissible).find((e) => e.name === ref.name);
    const task = group.tasks.find((t) => t.name === ref.name)!;
    const admission = group.vcpu ? admitVcpus(ctx, loads) : undefined;
    const admissibleOf = (g: TaskGroup) => (g.vcpu ? admission?.get(g.vcpu)?.admissible ?? false : true);
    void admissible;
    const core = ctx.cores.get(group.core)!;
    return analyzeCore(ctx, core, loads.get(group.core), admissibleOf, { only: task, verdictOnly }, [group]).get(group)?.[0];
}

export function isSchedulable(model: SystemModel, ref: ItemRef): boolean {
    return analyzeItem(model, ref)?.verdict === 'schedulable';
}

/**
 * The largest admissible budget of VCPU `vcpuName` of `cellName` at its period, other VCPUs unchanged (rate-monotonic
 * test with the hypervisor work of the flows touching its core; flow bounds do not depend on VCPU budgets).
 */
export function largestAdmissibleVcpuBudget(model: SystemModel, cellName: string, vcpuName: string): number | undefined {
    const ctx = buildContext(model);
    const vcpu = ctx.cellsByName.get(cellName)?.vcpus.find((v) => v.name === vcpuName);
    if (!vcpu) return undefined;
    const touching = ctx.flows.filter((f) => f.senderCore === vcpu.core || f.receiverCore === vcpu.core).map((f) => f.index);
    const flowResults = touching.length > 0 ? analyzeFlowsTwoPass(ctx, touching) : [];
    const loads = hypervisorLoads(ctx, new Map(flowResults.map((r) => [r.name, r.wcrt])));
    return largestAdmissibleBudget(ctx, loads, vcpu);
}
