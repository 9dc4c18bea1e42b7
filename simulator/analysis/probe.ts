/**
 * Fast single-item analysis: "is this item schedulable in this model?" Used by the fix searches and by
 * quick-fixes through `isFeasibleWith`. It analyses only what the item depends on (the flows whose hypervisor work
 * reaches the item's core, the item's VCPU admission, the memory budget check), so each probe is cheap.
 *
 * Incremental probes (issue 17): a search probes one model with one changed value many times. What the changed value
 * cannot touch is computed once per base model and reused by every probe: the flow bounds and the hypervisor work they
 * put on each core do not depend on task deadlines or priorities, VCPU budgets or MemGuard budgets (the flow analysis
 * reads none of them), and the memory check reads only the MemGuard and DMA budgets. `probeBase` keeps these per base
 * model, while the searches of one analysis run (`withProbeCache`).
 */
import type { SystemModel } from '../model/types.js';
import { buildContext, type SystemContext, type TaskGroup } from './context.js';
import { analyzeEvents } from './events.js';
import { analyzeFlowsTwoPass } from './flows-two-pass.js';
import { analyzeMemory } from './memory.js';
import { applyOverrides } from './overrides.js';
import { largestAdmissibleBudget, lazyAdmission } from './reservations.js';
import { chargeSearch } from './search-budget.js';
import { analyzeCore, hypervisorLoads, type CoreLoad } from './tasks.js';
import type { ItemKind, ItemResult, ModelOverrides } from './types.js';
import { analyzeSystem } from './index.js';
import { usesGlobalResource } from './mpcp.js';

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

/** What probes of one base model share: its hypervisor loads per core and its memory verdict. */
interface ProbeBase {
    ctx: SystemContext;
    loadsByCore: Map<number, Map<number, CoreLoad>>;
    memoryOk?: boolean;
    /** The core of each probed task or event (placements are never overridden). */
    coreOfItem: Map<string, number | undefined>;
    /** Largest admissible budget of each VCPU (`cell/vcpu`): the same for every item of its guest. */
    admissibleBudget: Map<string, number | undefined>;
}

/** The bases of the searches in progress; none outside `withProbeCache` (a caller may change its model between calls). */
let bases: Map<SystemModel, ProbeBase> | undefined;

/** Runs `searches` with probes of one model sharing what the probed values cannot touch; the cache ends with it. */
export function withProbeCache<T>(searches: () => T): T {
    if (bases) return searches();
    bases = new Map();
    try {
        return searches();
    } finally {
        bases = undefined;
    }
}

function probeBase(model: SystemModel): ProbeBase {
    let base = bases?.get(model);
    if (!base) {
        base = { ctx: buildContext(model), loadsByCore: new Map(), coreOfItem: new Map(), admissibleBudget: new Map() };
        bases?.set(model, base);
    }
    return base;
}

/** What a probe can reuse from its base model, by what the overrides change. */
interface Reuse {
    base: ProbeBase;
    flows: boolean;
    memory: boolean;
}

function reuseFor(model: SystemModel, ov: ModelOverrides): Reuse | undefined {
    if (!bases) return undefined;
    const flowsChange = ov.dmaBudgetBytesPerSecond !== undefined || ov.chunkSize !== undefined
        || (ov.deadlines ?? []).some((d) => d.kind === 'flow') || (ov.priorities ?? []).some((p) => p.kind === 'flow');
    const memoryChanges = ov.dmaBudgetBytesPerSecond !== undefined || (ov.cellBudgetEvents?.length ?? 0) > 0 || (ov.coreBudgetEvents?.length ?? 0) > 0;
    return { base: probeBase(model), flows: !flowsChange, memory: !memoryChanges };
}

/**
 * The item's result in `model` (terms included), or undefined when the item does not exist. `verdictsOnly`: only its
 * verdict is read, not its bound (GroupOptions.verdictsOnly).
 */
export function analyzeItem(model: SystemModel, ref: ItemRef, verdictOnly = true, reuse?: Reuse, verdictsOnly = false): ItemResult | undefined {
    // A task or event whose flows are unchanged needs only its core's context (its placement is never overridden).
    const onlyCore = reuse?.flows && ref.kind !== 'flow' ? coreOf(reuse.base, ref) : undefined;
    const ctx = buildContext(model, onlyCore);
    // A probe costs at least the copy and the context it builds, proportional to the model (search-budget.ts).
    let size = model.flows.length + model.cells.length;
    for (const c of model.cells) size += c.tasks.length;
    chargeSearch(size);
    if (!memoryOk(ctx, reuse)) {
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
    if (ref.kind === 'task' && model.cells.some((c) => c.tasks.some(usesGlobalResource))) {
        return analyzeSystem(model, { fixes: false, interfaces: false }).tasks.find((t) => t.name === ref.name && (ref.owner === undefined || t.owner === ref.owner));
    }
    const loads = reuse?.flows ? cachedLoads(reuse.base, group.core) : loadsFromFlowsTouching(ctx, group.core);
    // As in the full analysis, but each VCPU's admission only when asked (lazyAdmission). A probe of a whole-core group
    // computes none: its VCPU co-runners count as not admissible, as they always have in probes.
    const admission = group.vcpu ? lazyAdmission(ctx, loads) : undefined;
    const admissibleOf = (g: TaskGroup) => (g.vcpu ? admission?.(g.vcpu)?.admissible ?? false : true);
    if (ref.kind === 'event') return analyzeEvents(ctx, group, admissibleOf(group)).find((e) => e.name === ref.name);
    const task = group.tasks.find((t) => t.name === ref.name)!;
    const core = ctx.cores.get(group.core)!;
    return analyzeCore(ctx, core, loads.get(group.core), admissibleOf, { only: task, verdictOnly, verdictsOnly }, [group]).get(group)?.[0];
}

function coreOf(base: ProbeBase, ref: ItemRef): number | undefined {
    const key = `${ref.kind} ${ref.owner ?? ''} ${ref.name}`;
    if (!base.coreOfItem.has(key)) base.coreOfItem.set(key, findGroup(base.ctx, ref)?.core);
    return base.coreOfItem.get(key);
}

function memoryOk(ctx: SystemContext, reuse: Reuse | undefined): boolean {
    if (!reuse?.memory) return analyzeMemory(ctx).verdict === 'schedulable';
    reuse.base.memoryOk ??= analyzeMemory(reuse.base.ctx).verdict === 'schedulable';
    return reuse.base.memoryOk;
}

function cachedLoads(base: ProbeBase, core: number): Map<number, CoreLoad> {
    let loads = base.loadsByCore.get(core);
    if (!loads) {
        loads = loadsFromFlowsTouching(base.ctx, core);
        base.loadsByCore.set(core, loads);
    }
    return loads;
}

/** Whether the item is schedulable once `overrides` are applied to a copy of `model`: the check every fix search makes. */
export function isFeasibleWith(model: SystemModel, ref: ItemRef, overrides: ModelOverrides = {}): boolean {
    return analyzeItem(applyOverrides(model, overrides), ref, true, reuseFor(model, overrides), true)?.verdict === 'schedulable';
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
    const base = probeBase(model);
    const key = `${cellName}/${vcpuName}`;
    if (base.admissibleBudget.has(key)) return base.admissibleBudget.get(key);
    const vcpu = base.ctx.cellsByName.get(cellName)?.vcpus.find((v) => v.name === vcpuName);
    const largest = vcpu ? largestAdmissibleBudget(base.ctx, cachedLoads(base, vcpu.core), vcpu) : undefined;
    base.admissibleBudget.set(key, largest);
    return largest;
}
