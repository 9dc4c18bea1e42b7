/**
 * Schedulability analysis of an rtcell system: worst-case latencies of flows, tasks and events with their named
 * terms, interferers and fixes; reservations, cores and memory. Pure TypeScript on the system model; every number is
 * an exact integer (ns, bytes, bytes/s). Equations and sources: docs/analysis.md. JSON form: docs/analysis-json.md.
 *
 * Entry points:
 * - `analyzeSystem(model)`: the full result (fixes computed for the unschedulable items).
 * - `analyzeWithOverrides(model, overrides)`: the full result for a changed copy of the model ("what if").
 * - `isFeasibleWith(model, item, overrides)`: cheap single-item check for quick-fixes ("is it feasible if I set X to V?").
 */
import type { SystemModel, Task } from '../model/types.js';
import { buildContext, type SystemContext, type TaskGroup } from './context.js';
import { analyzeEvents } from './events.js';
import { smallestTrueFrom } from './budgeted-search.js';
import { interfaceEstimate } from './vcpu-interface.js';
import { audsleyOrder, chunkSizeFix, deadlineFix, dmaBudgetFix, memguardBudgetFix, vcpuBudgetFix } from './fixes.js';
import type { AnalysisReuse } from './analysis-reuse.js';
import { analyzeFlowsTwoPass } from './flows-two-pass.js';
export { analyzeFlowsTwoPass } from './flows-two-pass.js';
export { AnalysisReuse } from './analysis-reuse.js';
import { analyzeMemory } from './memory.js';
import { applyOverrides } from './overrides.js';
import { copyItem } from './interferers-on-read.js';
import { withProbeCache, type ItemRef } from './probe.js';
import { SearchBudget } from './search-budget.js';
export { SearchBudget, UNLIMITED_SEARCH, DEFAULT_SEARCH_STEPS, DEFAULT_TOTAL_SEARCH_STEPS } from './search-budget.js';
import { admitVcpus } from './reservations.js';
import { analyzeCore, analyzeGroup, groupSupply, hypervisorLoads, type CoreLoad } from './tasks.js';
import { settleMpcpAssumptions } from './blocking-hooks.js';
import { usesGlobalResource } from './mpcp.js';
import { sectionLengthFix } from './section-fix.js';
import type { AnalysisResult, CoreResult, Fixes, ItemResult, ModelOverrides, PriorityOrderFix, VcpuResult } from './types.js';

export type * from './types.js';
export { applyOverrides } from './overrides.js';
export { isFeasibleWith, type ItemRef } from './probe.js';
export { fpResponseTime } from './fp-rta.js';
export { edfResponseTime, edfDemandViolation } from './edf.js';
export { sbf, tbf, blackout } from './supply.js';
export { brokerFixedPriority, brokerEdf } from './broker-kernel.js';

export interface AnalyzeOptions {
    /** Compute fixes for unschedulable items (default true). */
    fixes?: boolean;
    /** Compute each VCPU's minimal budget (default true). */
    interfaces?: boolean;
    /**
     * Results of the previous analysis of this system, reused where nothing they read changed: the flows
     * (flow-reuse.ts) and each core's tasks (core-task-reuse.ts). Only without fixes: fixes are attached to the items.
     */
    reuse?: AnalysisReuse;
    /**
     * Work budget of the fix and interface searches (search-budget.ts): a search that spends its share stops and says
     * so (`Fixes.stopped`, `VcpuResult.minimalBudgetStopped`). Default: `new SearchBudget()`; `UNLIMITED_SEARCH`
     * lets every search finish.
     */
    searchBudget?: SearchBudget;
}

export function analyzeSystem(model: SystemModel, options: AnalyzeOptions = {}): AnalysisResult {
    const ctx = buildContext(model);
    const broker = model.hypervisor.broker;
    const memory = analyzeMemory(ctx);
    const reuse = options.fixes === false ? options.reuse : undefined;
    // Items may be marked inconclusive below: reused ones are copied first, so the stored results stay as computed.
    let flows = reuse ? reuse.flows.results(model, () => analyzeFlowsTwoPass(ctx)) : analyzeFlowsTwoPass(ctx);
    const loads = hypervisorLoads(ctx, new Map(flows.map((f) => [f.name, f.wcrt])));
    const admission = admitVcpus(ctx, loads);
    const taskOrder = new Map<Task, number>();
    let n = 0;
    for (const c of model.cells) for (const t of c.tasks) taskOrder.set(t, n++);
    const events: ItemResult[] = [];
    const admissibleOf = (g: TaskGroup) => (g.vcpu ? admission.get(g.vcpu)?.admissible ?? false : true);
    const hypervisor = reuse ? JSON.stringify(model.hypervisor) : '';
    // Every core's tasks; with global resources (MPCP) repeated until the response bounds its counts assume settle.
    let tasks = settleMpcpAssumptions(ctx, () => {
        const taskResults: { order: number; item: ItemResult }[] = [];
        for (const core of ctx.cores.values()) {
            const load = loads.get(core.core);
            const analyze = () => analyzeCore(ctx, core, load, admissibleOf);
            // Global resources tie the cores together (MPCP): a core's results then depend on the others, no reuse.
            const perGroup = reuse && !model.resources?.length ? reuse.cores.results(core, load, admissibleOf, hypervisor, analyze) : analyze();
            for (const [group, items] of perGroup) {
                items.forEach((item, k) => taskResults.push({ order: taskOrder.get(group.tasks[k]) ?? 0, item }));
            }
        }
        return taskResults.sort((a, b) => a.order - b.order).map((x) => x.item);
    });
    for (const group of ctx.groups) events.push(...analyzeEvents(ctx, group, admissibleOf(group)));
    const budget = options.searchBudget ?? new SearchBudget();
    const vcpus = vcpuResults(ctx, admission, loads, options.interfaces ?? true, budget);
    const cores = coreResults(ctx, loads, vcpus);
    if (memory.verdict !== 'schedulable') {
        if (reuse) {
            flows = flows.map((f) => ({ ...f }));
            tasks = tasks.map(copyItem); // (not a spread: that would build every interferer list, interferers-on-read.ts)
        }
        for (const item of [...flows, ...tasks, ...events]) {
            item.verdict = 'inconclusive';
            item.reason = `no guarantee: ${memory.reason}`;
            delete item.wcrt;
            delete item.slack;
        }
    }
    if (options.fixes ?? true) withProbeCache(() => addFixes(model, ctx, loads, memory.verdict === 'schedulable', flows, tasks, events, budget));
    const all = [...flows, ...tasks, ...events];
    return {
        system: model.name,
        ...(broker ? { brokerMode: broker.mode, brokerPolicy: broker.policy } : {}),
        flows, tasks, events, cores, vcpus, memory,
        summary: {
            schedulable: all.filter((i) => i.verdict === 'schedulable').length,
            unschedulable: all.filter((i) => i.verdict === 'unschedulable').length,
            inconclusive: all.filter((i) => i.verdict === 'inconclusive').length,
        },
        errors: ctx.errors,
    };
}

/** The full analysis of `model` with `overrides` applied (the model itself is not changed). No fixes are searched. */
export function analyzeWithOverrides(model: SystemModel, overrides: ModelOverrides): AnalysisResult {
    return analyzeSystem(applyOverrides(model, overrides), { fixes: false, interfaces: false });
}

function vcpuResults(ctx: SystemContext, admission: ReturnType<typeof admitVcpus>, loads: Map<number, CoreLoad>, interfaces: boolean, budget: SearchBudget): VcpuResult[] {
    const out: VcpuResult[] = [];
    for (const cell of ctx.model.cells) {
        for (const vcpu of cell.vcpus) {
            const a = admission.get(vcpu);
            const group = ctx.groups.find((g) => g.vcpu === vcpu);
            const r: VcpuResult = {
                name: vcpu.name, cell: cell.name, core: vcpu.core, budget: vcpu.budget, period: vcpu.period, source: vcpu.source,
                admissible: a?.admissible ?? false, verdict: a?.admissible ? 'schedulable' : 'unschedulable',
                ...(a?.responseTime !== undefined ? { responseTime: a.responseTime } : {}),
            };
            if (!r.admissible) r.reason = `the VCPUs on core ${vcpu.core} cannot all receive their budgets within their periods (rate-monotonic test)`;
            if (interfaces) {
                const tasks = group?.tasks ?? [];
                if (tasks.length === 0) r.minimalBudget = 0;
                else if (group) {
                    // A guest holding global resources also delays their users on other cores (MPCP hold times): its
                    // interface must keep them schedulable too, so each probe is then the whole analysis.
                    const holdsGlobal = tasks.some(usesGlobalResource);
                    const ok = holdsGlobal
                        ? (theta: number) => analyzeWithOverrides(ctx.model, { vcpuBudgets: [{ cell: cell.name, vcpu: vcpu.name, budget: theta }] }).tasks
                            .filter((t) => (t.owner === cell.name && tasks.some((x) => x.name === t.name)) || t.blockedBy?.some((b) => b.scope === 'global'))
                            .every((t) => t.verdict === 'schedulable')
                        : (theta: number) => analyzeGroup(ctx, group, loads.get(group.core), true, { supply: groupSupply(ctx, group, theta), verdictOnly: true, verdictsOnly: true, stopAtFirstMiss: true })
                            .every((i) => i.verdict === 'schedulable');
                    // Without global resources the search starts from the estimate (vcpu-interface.ts): same answer.
                    const estimate = () => (holdsGlobal ? undefined : interfaceEstimate(ctx, group, loads.get(group.core)));
                    const search = smallestTrueFrom(budget, 1, vcpu.period, ok, estimate);
                    if (search.stopped) r.minimalBudgetStopped = search.stopped;
                    else if (search.value !== undefined) r.minimalBudget = search.value;
                }
            }
            out.push(r);
        }
    }
    return out;
}

function coreResults(ctx: SystemContext, loads: Map<number, CoreLoad>, vcpus: VcpuResult[]): CoreResult[] {
    const out: CoreResult[] = [];
    const broker = ctx.model.hypervisor.broker;
    for (let core = 0; core < ctx.model.platform.cores; core++) {
        const f = ctx.cores.get(core);
        const load = loads.get(core);
        const isBroker = broker?.mode === 'dedicated' && broker.core === core;
        const tasks = f?.groups.flatMap((g) => g.tasks) ?? [];
        const onCore = vcpus.filter((v) => v.core === core);
        const r: CoreResult = {
            core,
            usage: isBroker ? 'broker' : !f || f.cells.length === 0 ? 'idle' : f.vcpus.length > 0 ? 'vcpus' : 'cell',
            cells: f?.cells.map((c) => c.name) ?? [],
            taskUtilisation: tasks.reduce((s, t) => s + t.wcet / t.period, 0),
            reservationLoad: onCore.reduce((s, v) => s + v.budget / v.period, 0),
            hypervisorLoad: Math.round((load?.streams ?? []).reduce((s, x) => s + (x.cost * 1e9) / x.period, 0)),
            longestNonPreemptible: Math.max(ctx.model.hypervisor.overheads.nonPreemptible, f?.floatingSection ?? 0),
            ...(f?.memguardEvents !== undefined ? { memguard: { bytesPerSecond: f.memguardBytesPerSecond ?? 0, eventsPerPeriod: f.memguardEvents } } : {}),
            verdict: onCore.every((v) => v.admissible) ? 'schedulable' : 'unschedulable',
        };
        if (r.verdict !== 'schedulable') r.reason = `the VCPU reservations on core ${core} are not all admissible`;
        if (load && load.unbounded.length > 0) { r.verdict = 'inconclusive'; r.reason = 'flows with unbounded latency put unbounded hypervisor work on this core'; }
        out.push(r);
    }
    return out;
}

function addFixes(
    model: SystemModel, ctx: SystemContext, loads: Map<number, CoreLoad>, memoryOk: boolean, flows: ItemResult[], tasks: ItemResult[], events: ItemResult[],
    budget: SearchBudget,
): void {
    const broker = model.hypervisor.broker;
    const orders = new Map<string, { order?: PriorityOrderFix; stopped: boolean }>();
    /** Each search under the budget: its value goes to `fixes[key]`, or `key` joins `fixes.stopped`. */
    const search = <K extends keyof Omit<Fixes, 'stopped'>>(fixes: Fixes, key: K, run: () => Fixes[K] | undefined) => {
        const r = budget.run(run);
        if (r.stopped) (fixes.stopped ??= []).push(key);
        else if (r.value !== undefined) fixes[key] = r.value;
    };
    const addOrder = (fixes: Fixes, scope: string, refs: () => ItemRef[]) => {
        let o = orders.get(scope);
        if (!o) {
            const r = budget.run(() => audsleyOrder(model, refs(), scope));
            o = { order: r.value, stopped: r.stopped };
            orders.set(scope, o);
        }
        if (o.stopped) (fixes.stopped ??= []).push('priorityOrder');
        else if (o.order) fixes.priorityOrder = o.order;
    };
    // Inconclusive items get the fixes that work too (a bigger budget may give a bound that holds); for them the
    // field is set only when some value works, so its presence always means "this would make it schedulable".
    // A deadline changes no bound's existence (busy periods, admission and flow bounds do not depend on it), so an
    // inconclusive item gets no deadline fix: the search would only probe in vain.
    // Under fixed priorities (guest tasks, or flows through a fixed-priority broker) the deadline changes no bound, so
    // the smallest deadline met is the bound itself (none without a bound): the search would find exactly that.
    const addDeadlineFix = (item: ItemResult, ref: ItemRef, fixes: Fixes, deadlineFree = false) => {
        if (item.verdict !== 'unschedulable') return;
        if (deadlineFree) {
            if (item.wcrt !== undefined) fixes.deadline = item.wcrt;
            return;
        }
        // A task unschedulable without a bound is over a long-run rate (its level's utilisation or refills), which no
        // deadline changes: every probe of the search would fail.
        if (item.kind === 'task' && item.wcrt === undefined) return;
        search(fixes, 'deadline', () => deadlineFix(model, ref));
    };
    const keep = (item: ItemResult, fixes: Fixes) => {
        if (item.verdict === 'unschedulable' || Object.keys(fixes).length > 0) item.fixes = fixes;
    };
    // Not when the memory budgets are over-subscribed: every probe then fails the memory check first.
    const wanted = (item: ItemResult) => item.verdict === 'unschedulable' || (item.verdict === 'inconclusive' && memoryOk);
    for (const item of flows) {
        if (!wanted(item)) continue;
        const ref: ItemRef = { kind: 'flow', name: item.name };
        const fixes: Fixes = {};
        search(fixes, 'dmaBudget', () => dmaBudgetFix(model, ref));
        search(fixes, 'chunkSize', () => chunkSizeFix(model, ref));
        addDeadlineFix(item, ref, fixes, broker?.policy === 'fixed-priority');
        if (broker?.policy === 'fixed-priority') addOrder(fixes, 'broker', () => model.flows.map((f) => ({ kind: 'flow' as const, name: f.name })));
        keep(item, fixes);
    }
    for (const item of tasks) {
        if (!wanted(item)) continue;
        const ref: ItemRef = { kind: 'task', name: item.name, owner: item.owner };
        const group = ctx.groups.find((g) => g.cell.name === item.owner && g.tasks.some((t) => t.name === item.name))!;
        const fixes: Fixes = {};
        if (ctx.cores.get(group.core)?.memguardEvents !== undefined) search(fixes, 'memguardBudget', () => memguardBudgetFix(model, ref, group.core));
        const vcpu = group.vcpu;
        if (vcpu) {
            // Started from the task's estimated budget (vcpu-interface.ts): same answer, fewer probes.
            const task = group.tasks.find((t) => t.name === item.name);
            // A fixed-priority task's estimate is its own first-job inversion (the answer or a little above); an EDF task's
            // comes from one candidate release of its response-time search (a lower bound, maybe far below).
            const estimate = () => interfaceEstimate(ctx, group, loads.get(group.core), task); // inside the search's budget
            search(fixes, 'vcpuBudget', () => vcpuBudgetFix(model, ref, group.cell.name, vcpu.name, vcpu.period, estimate(), group.cell.scheduler === 'edf'));
        }
        addDeadlineFix(item, ref, fixes, group.cell.scheduler === 'fixed-priority');
        if (item.blockedBy) search(fixes, 'sectionLength', () => sectionLengthFix(model, ref, item));
        if (group.cell.scheduler === 'fixed-priority') {
            addOrder(fixes, group.key, () => group.tasks.map((t) => ({ kind: 'task' as const, name: t.name, owner: group.cell.name })));
        }
        keep(item, fixes);
    }
    for (const item of events) {
        if (!wanted(item)) continue;
        const ref: ItemRef = { kind: 'event', name: item.name, owner: item.owner };
        const group = ctx.groups.find((g) => g.cell.name === item.owner && g.events.some((e) => e.name === item.name))!;
        const fixes: Fixes = {};
        const vcpu = group.vcpu;
        if (vcpu) search(fixes, 'vcpuBudget', () => vcpuBudgetFix(model, ref, group.cell.name, vcpu.name, vcpu.period));
        addDeadlineFix(item, ref, fixes);
        keep(item, fixes);
    }
}
