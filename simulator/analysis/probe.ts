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
import { applyOverrides } from './overrides.js';
import { admitVcpus, largestAdmissibleBudget } from './reservations.js';
import { analyzeCore, hypervisorLoads, type CoreLoad } from './tasks.js';
import type { ItemKind, ItemResult, ModelOverrides } from './types.js';
import { analyzeSystem } from './index.js';

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
    // Global resources tie every core's tasks together and their bounds hold only once every user is checked against
    // its deadline (docs/analysis.md §10.2): a task's probe is then the whole analysis.
    if (ref.kind === 'task' && model.cells.some((c) => c.tasks.some((t) => t.sections?.some((s) => s.scope === 'global')))) {
        return analyzeSystem(model, { fixes: false, interfaces: false }).tasks.find((t) => t.name === ref.name && (ref.owner === undefined || t.owner === ref.owner));
    }
    const loads = loadsFromFlowsTouching(ctx, group.core);
    const admission = group.vcpu ? admitVcpus(ctx, loads) : undefined;
    const admissibleOf = (g: TaskGroup) => (g.vcpu ? admission?.get(g.vcpu)?.admissible ?? false : true);
    if (ref.kind === 'event') return analyzeEvents(ctx, group, admissibleOf(group)).find((e) => e.name === ref.name);
    const task = group.tasks.find((t) => t.name === ref.name)!;
    const core = ctx.cores.get(group.core)!;
    return analyzeCore(ctx, core, loads.get(group.core), admissibleOf, { only: task, verdictOnly }, [group]).get(group)?.[0];
}

/** Whether the item is schedulable once `overrides` are applied to a copy of `model`: the check every fix search makes. */
export function isFeasibleWith(model: SystemModel, ref: ItemRef, overrides: ModelOverrides = {}): boolean {
    return analyzeItem(applyOverrides(model, overrides), ref)?.verdict === 'schedulable';
}

/** Hypervisor loads from the flows that send or receive on `core` (the only flows whose work reaches it). */
function loadsFromFlowsTouching(ctx: SystemContext, core: number): Map<number, CoreLoad> {
    const touching = ctx.flows.filter((f) => f.senderCore === core || f.receiverCore === core).map((f) => f.index);
    const flowResults = touching.length > 0 ? analyzeFlowsTwoPass(ctx, touching) : [];
    return hypervisorLoads(ctx, new Map(flowResults.map((r) => [r.name, r.wcrt])));
}

/**
 * The largest admissible budget of VCPU `vcpuName` of `cellName` at its period, other VCPUs unchanged (rate-monotonic
 * test with the hypervisor work of the flows touching its core; flow bounds do not depend on VCPU budgets).
 */
export function largestAdmissibleVcpuBudget(model: SystemModel, cellName: string, vcpuName: string): number | undefined {
    const ctx = buildContext(model);
    const vcpu = ctx.cellsByName.get(cellName)?.vcpus.find((v) => v.name === vcpuName);
    if (!vcpu) return undefined;
    return largestAdmissibleBudget(ctx, loadsFromFlowsTouching(ctx, vcpu.core), vcpu);
}
