/**
 * How critical sections enter the task analysis of one core or VCPU (tasks.ts), kept apart from it
 * (docs/analysis.md §10). Fixed priority: the blocking paid once per window goes into the recurrence's blocking field,
 * what is paid per job (waits for global resources, and the blockings after each suspension) into the job's cost, so
 * more urgent tasks that wait for a global resource interfere with their waits (suspension-oblivious). EDF (local
 * resources only): B_i goes into the extra demand of each task's window, max B_i into the busy period's, and Baker's
 * B(t) into the processor-demand test's. A group without sections gets the original functions back, unchanged.
 */
import type { Task } from '../model/types.js';
import { formatTime } from '../model/units.js';
import { localBlocking } from './blocking.js';
import type { SystemContext, TaskGroup } from './context.js';
import type { ExtraDemand, RtaTask } from './fp-rta.js';
import { mpcpAssumptionViolated, mpcpFacts, type MpcpFacts } from './mpcp.js';
import type { Supply } from './supply.js';
import { groupSupply, hypervisorDemand, memguardModel, memguardStall, type CoreLoad } from './tasks.js';
import { term } from './terms.js';
import type { BlockingCause, BoundTerm, ItemResult } from './types.js';

export interface BlockingHooks {
    /** True when some task of the group can be blocked. */
    any: boolean;
    /** The task as the fixed-priority recurrence sees it (B_i, and the per-job waits in its cost). */
    rtaTask(t: RtaTask, index: number): RtaTask;
    /** Extra demand of one task's window: the blocking job's refills, and under EDF B_i itself. */
    extraOf(index: number): ExtraDemand;
    /** EDF: the busy period's extra demand (max B_i), so every task's window stays below it. */
    busyExtra: ExtraDemand;
    /** EDF: the processor-demand test's extra demand, with B(t). */
    demandExtra: ExtraDemand;
    /** B_i paid once per window. */
    valueOf(index: number): number;
    /** What a task pays per job on top of its WCET (fixed priority with global resources). */
    perJobOf(index: number): number;
    causesOf(index: number): BlockingCause[];
    /** Why the task has no bound on its blocking, if so. */
    reasonOf(index: number): string | undefined;
}

/** The hypervisor loads of the last `hypervisorLoads` call for a context (the MPCP hold times read every core's). */
const loadsOf = new WeakMap<SystemContext, Map<number, CoreLoad>>();
const factsOf = new WeakMap<Map<number, CoreLoad>, { facts?: MpcpFacts }>();

export function rememberLoads(ctx: SystemContext, loads: Map<number, CoreLoad>): void {
    loadsOf.set(ctx, loads);
}

/** MPCP facts of the context (cached per loads), with the group's supply replaced by `override` when given. */
function mpcpOf(ctx: SystemContext, override?: { group: TaskGroup; supply: Supply }): MpcpFacts | undefined {
    if (!ctx.model.resources?.length) return undefined;
    const loads = loadsOf.get(ctx);
    if (!override && loads) {
        const kept = factsOf.get(loads);
        if (kept) return kept.facts;
    }
    const mg = new Map<TaskGroup, ReturnType<typeof memguardModel>>();
    const facts = mpcpFacts(
        ctx,
        (core) => {
            const l = loads?.get(core);
            return { demand: (t) => hypervisorDemand(l, t), bounded: loads !== undefined && !(l && l.unbounded.length > 0) };
        },
        (g) => (override && override.group === g ? override.supply : groupSupply(ctx, g)),
        (g, t, refills) => {
            if (!mg.has(g)) mg.set(g, memguardModel(ctx, ctx.cores.get(g.core)!, g));
            return memguardStall(mg.get(g), t, refills);
        },
    );
    if (!override && loads) factsOf.set(loads, { facts });
    return facts;
}

const NO_BLOCKING = (extra: ExtraDemand): BlockingHooks => ({
    any: false, rtaTask: (t) => t, extraOf: () => extra, busyExtra: extra, demandExtra: extra,
    valueOf: () => 0, perJobOf: () => 0, causesOf: () => [], reasonOf: () => undefined,
});

export function groupBlockingHooks(ctx: SystemContext, group: TaskGroup, edf: boolean, extra: ExtraDemand, supply?: Supply): BlockingHooks {
    const local = localBlocking(group, edf);
    const mpcp = edf ? undefined : mpcpOf(ctx, supply ? { group, supply } : undefined);
    const global = mpcp ? group.tasks.map((t) => mpcp.perTask.get(t)) : [];
    if ((!local || local.max === 0) && !global.some((g) => g)) return NO_BLOCKING(extra);
    const localValue = (i: number) => local?.perTask[i].value ?? 0;
    const once = (i: number) => localValue(i) + (global[i]?.once ?? 0);
    const perJob = (i: number) => (global[i] ? global[i]!.perJob + global[i]!.suspensions * localValue(i) : 0);
    const refillsOf = (i: number) => local?.perTask[i].refills ?? 0;
    const withRefills = (refills: number, value: number): ExtraDemand =>
        refills === 0 && value === 0 ? extra : (t, r) => value + extra(t, r + refills);
    const perTask = group.tasks.map((_, i) => withRefills(refillsOf(i), edf ? localValue(i) : 0));
    return {
        any: true,
        rtaTask: (t, i) => (edf || (once(i) === 0 && perJob(i) === 0) ? t : { ...t, blocking: once(i), wcet: t.wcet + perJob(i) }),
        extraOf: (i) => perTask[i],
        busyExtra: edf && local ? withRefills(local.maxRefills, local.max) : extra,
        demandExtra: edf && local ? (t, r) => local.demandBlocking(t) + extra(t, r + local.maxRefills) : extra,
        valueOf: once,
        perJobOf: perJob,
        causesOf: (i) => [...(local?.perTask[i].causes ?? []), ...(global[i]?.causes ?? [])],
        reasonOf: (i) => global[i]?.unbounded,
    };
}

/** The named term of a bound for its blocking, naming the sections that set it. */
export function blockingTerm(value: number, causes: readonly BlockingCause[]): BoundTerm {
    const text = causes.map((c) => {
        const who = `task '${c.task}'${c.owner ? ` of cell '${c.owner}'` : ''}`;
        if (c.kind === 'remote') return `waiting ${formatTime(c.value)} for global resource '${c.resource}' (held by ${who} and the more urgent users, MPCP)`;
        if (c.kind === 'boosted') return `${who} runs its section on global resource '${c.resource}' (${formatTime(c.length)}) boosted`;
        return `${who} holds resource '${c.resource}' for up to ${formatTime(c.length)} (stack resource policy)`;
    }).join('; ');
    return term('blocking', 'blocking on shared resources', value, text || 'a less urgent task holds a shared resource');
}

/**
 * The MPCP bounds count the requests of other users with their deadlines as response bounds. When a user of a global
 * resource misses its deadline (or has no bound), every task whose bound used that assumption becomes inconclusive.
 */
export function checkMpcpAssumption(ctx: SystemContext, tasks: ItemResult[]): void {
    const facts = mpcpOf(ctx);
    if (!facts) return;
    const byTask = new Map<Task, ItemResult>();
    const keyed = new Map(tasks.map((r) => [`${r.owner}/${r.name}`, r]));
    for (const g of ctx.groups) for (const t of g.tasks) {
        const r = keyed.get(`${g.cell.name}/${t.name}`);
        if (r) byTask.set(t, r);
    }
    const late = mpcpAssumptionViolated(facts, (t) => byTask.get(t)?.wcrt);
    if (!late) return;
    const affected = new Set(facts.perTask.keys());
    if (ctx.model.hypervisor.vcpuBoost) {
        // Boosted VCPUs delay every VCPU of their core (admission counted their boosted time with the same assumption).
        const cores = new Set(ctx.groups.filter((g) => g.vcpu && g.tasks.some((t) => facts.users.includes(t))).map((g) => g.core));
        for (const g of ctx.groups) if (cores.has(g.core)) for (const t of g.tasks) affected.add(t);
    }
    for (const t of affected) {
        const r = byTask.get(t);
        if (!r || r.verdict === 'inconclusive') continue;
        r.verdict = 'inconclusive';
        r.reason = `the MPCP bound assumes every user of a global resource meets its deadline, and task '${late.name}' may not`;
        delete r.wcrt;
        delete r.slack;
    }
}
