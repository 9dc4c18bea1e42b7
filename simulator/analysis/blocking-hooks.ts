/**
 * How critical sections enter the task analysis of one core or VCPU (tasks.ts), kept apart from it
 * (docs/analysis.md §10). Fixed priority: the blocking paid once per window goes into the recurrence's blocking field,
 * the blockings after each suspension (one per global section) into the job's cost, and the waits for global resources
 * into the window's extra demand, as the smaller of the per-job bound (every job of the level counted in the window
 * waits at most S_h) and the per-window bound (the other servers' holds of the level's resources in the window), so more
 * urgent tasks that wait count as demand (suspension-oblivious) without one job's worst wait being multiplied by every
 * job of the busy period. EDF (local resources only): B_i goes into the extra demand of each task's window, max B_i into
 * the busy period's, and Baker's B(t) into the processor-demand test's. A group without sections gets the original
 * functions back, unchanged. */
import type { Task } from '../model/types.js';
import { formatTime } from '../model/units.js';
import { localBlocking } from './blocking.js';
import type { SystemContext, TaskGroup } from './context.js';
import type { ExtraDemand, RtaTask } from './fp-rta.js';
import { arrivalsBefore, mulCapped } from './arith.js';
import { assumeResponses, mpcpFacts, responseBound, usesGlobalResource, type MpcpFacts, type MpcpTask, type RemoteUse } from './mpcp.js';
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
    /** What a task pays per job on top of its WCET (fixed priority with global resources: one more blocking per suspension). */
    perJobOf(index: number): number;
    /** The waits for global resources inside `extraOf(index)` at a window of this length (reported as blocking, not as extra). */
    waitsIn(index: number, window: number): number;
    causesOf(index: number): BlockingCause[];
    /** Why the task has no bound on its blocking, if so. */
    reasonOf(index: number): string | undefined;
}

/** The hypervisor loads of the last `hypervisorLoads` call for a context (the MPCP hold times read every core's). */
const loadsOf = new WeakMap<SystemContext, Map<number, CoreLoad>>();
const factsOf = new WeakMap<Map<number, CoreLoad>, { facts?: MpcpFacts; assumptions?: Map<Task, number> }>();
/** The assumed response bounds in force (the facts' per-request waits depend on them). */
const assumptionsNow = new WeakMap<SystemContext, Map<Task, number>>();
const assumptionsOf = (ctx: SystemContext) => assumptionsNow.get(ctx);

export function rememberLoads(ctx: SystemContext, loads: Map<number, CoreLoad>): void {
    loadsOf.set(ctx, loads);
}

/** MPCP facts of the context (cached per loads), with the group's supply replaced by `override` when given. */
function mpcpOf(ctx: SystemContext, override?: { group: TaskGroup; supply: Supply }): MpcpFacts | undefined {
    if (!ctx.model.resources?.length) return undefined;
    const loads = loadsOf.get(ctx);
    if (!override && loads) {
        const kept = factsOf.get(loads);
        if (kept && kept.assumptions === assumptionsOf(ctx)) return kept.facts;
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
    if (!override && loads) factsOf.set(loads, { facts, assumptions: assumptionsOf(ctx) });
    return facts;
}

const NO_BLOCKING = (extra: ExtraDemand): BlockingHooks => ({
    any: false, rtaTask: (t) => t, extraOf: () => extra, busyExtra: extra, demandExtra: extra,
    valueOf: () => 0, perJobOf: () => 0, waitsIn: () => 0, causesOf: () => [], reasonOf: () => undefined,
});

export function groupBlockingHooks(ctx: SystemContext, group: TaskGroup, edf: boolean, extra: ExtraDemand, supply?: Supply): BlockingHooks {
    const local = localBlocking(group, edf);
    const mpcp = edf ? undefined : mpcpOf(ctx, supply ? { group, supply } : undefined);
    const global = mpcp ? group.tasks.map((t) => mpcp.perTask.get(t)) : [];
    if ((!local || local.max === 0) && !global.some((g) => g)) return NO_BLOCKING(extra);
    const localValue = (i: number) => local?.perTask[i].value ?? 0;
    const once = (i: number) => localValue(i) + (global[i]?.once ?? 0);
    const perJob = (i: number) => (global[i] ? global[i]!.perJob + global[i]!.suspensions * localValue(i) : 0);
    // The refills of the jobs that block: the local blocker's, and those of the less urgent jobs running boosted
    // sections (once per window; `perJobRefills` adds one set per suspension to each job).
    const refillsOf = (i: number) => (local?.perTask[i].refills ?? 0) + (global[i]?.boostedRefills ?? 0);
    const perJobRefills = (i: number) => (global[i] ? global[i]!.suspensions * global[i]!.boostedRefills : 0);
    const withRefills = (refills: number, value: number): ExtraDemand =>
        refills === 0 && value === 0 ? extra : (t, r) => value + extra(t, r + refills);
    const waits = mpcp ? group.tasks.map((_, i) => levelWaits(ctx, mpcp, group, i)) : [];
    const perTask = group.tasks.map((_, i): ExtraDemand => {
        const base = withRefills(refillsOf(i), edf ? localValue(i) : 0);
        const w = waits[i];
        return w ? (t, r) => w(t) + base(t, r) : base;
    });
    return {
        any: true,
        rtaTask: (t, i) => (edf || (once(i) === 0 && perJob(i) === 0) ? t
            : { ...t, blocking: once(i), wcet: t.wcet + perJob(i), refills: (t.refills ?? 0) + perJobRefills(i) }),
        extraOf: (i) => perTask[i],
        busyExtra: edf && local ? withRefills(local.maxRefills, local.max) : extra,
        demandExtra: edf && local ? (t, r) => local.demandBlocking(t) + extra(t, r + local.maxRefills) : extra,
        valueOf: once,
        perJobOf: perJob,
        waitsIn: (i, window) => waits[i]?.(window) ?? 0,
        causesOf: (i) => [...(local?.perTask[i].causes ?? []), ...(global[i]?.causes ?? [])],
        // A per-request wait without a bound leaves the window bound (an infinite per-job term otherwise: no bound).
        reasonOf: (i) => (waits[i]?.windowed ? undefined : global[i]?.unbounded),
    };
}

/** Which users' job counts each task's bound relied on (filled as the waits are evaluated; read by settleMpcpAssumptions). */
const countsUsed = new WeakMap<SystemContext, Map<Task, Set<Task>>>();

function noteCounts(ctx: SystemContext, task: Task, from: Iterable<Task>): void {
    let byTask = countsUsed.get(ctx);
    if (!byTask) countsUsed.set(ctx, (byTask = new Map()));
    let set = byTask.get(task);
    if (!set) byTask.set(task, (set = new Set()));
    for (const t of from) set.add(t);
}

/**
 * The time in a window of length t during which every pending job of task i's level on its server waits for a global
 * resource (docs/analysis.md §10.2): the smaller of
 * - the per-job bound: Σ_{h of the server, prio_h ≥ prio_i, i included} ⌈(t + J_h)/T_h⌉·S_h (every job counted in the
 *   window waits at most S_h);
 * - the per-window bound: while they all wait, some job of another server holds a resource one of them asked for (a
 *   holder of this server would be boosted and run). Per global resource R those tasks use, each user x of R on another
 *   server s holds it at most ⌈(t + A_x)/T_x⌉·n_{x,R} times in the window (its jobs released in (−A_x, t), A_x bounding
 *   x's response: `responseBound`), L'_{x,R} each: M_s for the users at least as urgent as i, N_s for the others. The
 *   less urgent holds also number at most the level's requests on R in the window, Σ_h ⌈(t + J_h)/T_h⌉·n_{h,R} (a waiting
 *   job is granted before any less urgent one, so such a hold began before the request it delays), the longest first:
 *   P. And s holds resources at most as long as it runs global sections, E_s (`heldAtMost`). The bound is
 *   min(Σ_s min(M_s + N_s, E_s), Σ_s min(M_s, E_s) + P).
 * Undefined when no task of the level has a global section.
 */
function levelWaits(ctx: SystemContext, mpcp: MpcpFacts, group: TaskGroup, i: number): LevelWaits | undefined {
    const me = group.tasks[i];
    // A task whose per-request wait has no bound still has its waits bounded by the window bound (its S_h is ∞ here).
    const level = group.tasks.filter((h) => h.priority >= me.priority && ((mpcp.perTask.get(h)?.wait ?? 0) > 0 || mpcp.perTask.get(h)?.unbounded));
    if (level.length === 0) return undefined;
    const jobWaits = level.map((h) => mpcp.perTask.get(h)!);
    noteCounts(ctx, me, jobWaits.flatMap((w) => [...w.countsOf]));
    const resources: { more: RemoteUse[]; less: RemoteUse[]; requests: { task: Task; count: number }[]; moreAt?: number[]; lessAt?: number[] }[] = [];
    const names = new Set<string>();
    for (const h of level) for (const s of h.sections ?? []) if (s.scope === 'global') names.add(s.resource);
    const counted: Task[] = [];
    for (const name of names) {
        const list = mpcp.remote.get(group)?.get(name);
        if (!list) return Object.assign(perJobWaits(level, jobWaits), { windowed: false }); // a hold time without a bound: no window bound
        const requests = level.map((task) => ({ task, count: task.sections!.filter((s) => s.scope === 'global' && s.resource === name).length }))
            .filter((r) => r.count > 0);
        resources.push({
            more: list.filter((x) => x.task.priority >= me.priority),
            less: list.filter((x) => x.task.priority < me.priority).sort((a, b) => b.hold - a.hold),
            requests,
        });
        for (const x of list) counted.push(x.task);
    }
    const perJob = perJobWaits(level, jobWaits);
    const servers = [...new Set(resources.flatMap((r) => [...r.more, ...r.less].map((x) => x.server)))];
    // The caps E_s count the jobs of every task of those servers with a global section.
    for (const g of servers) for (const y of g.tasks) if (usesGlobalResource(y)) counted.push(y);
    const more = new Array<number>(servers.length);
    const less = new Array<number>(servers.length);
    const at = (x: RemoteUse) => servers.indexOf(x.server);
    for (const r of resources) {
        r.moreAt = r.more.map(at);
        r.lessAt = r.less.map(at);
    }
    return Object.assign((t: number) => {
        const byJob = perJob(t);
        more.fill(0);
        less.fill(0);
        // Less urgent holds at most once per request of the level (the longest first), and all of them without that cap.
        let lessByRequests = 0;
        for (const r of resources) {
            r.more.forEach((x, k) => { more[r.moreAt![k]] += mulCapped(mulCapped(arrivalsBefore(t, x.task.period, responseBound(ctx, x.task)), x.count), x.hold); });
            let requests = 0;
            for (const q of r.requests) requests += arrivalsBefore(t, q.task.period, q.task.jitter) * q.count;
            r.less.forEach((x, k) => {
                const holds = arrivalsBefore(t, x.task.period, responseBound(ctx, x.task)) * x.count;
                less[r.lessAt![k]] += mulCapped(holds, x.hold);
                const n = Math.min(requests, holds);
                lessByRequests += mulCapped(n, x.hold);
                requests -= n;
            });
        }
        // Each server holds resources at most as long as it runs boosted in the window (E_s). Both sums bound the
        // holds: with every less urgent hold under the caps, or the less urgent holds per request beside the capped rest.
        let capped = 0;
        let perRequest = lessByRequests;
        for (let k = 0; k < servers.length; k++) {
            const cap = mpcp.heldAtMost(servers[k], t);
            capped += Math.min(more[k] + less[k], cap);
            perRequest += Math.min(more[k], cap);
        }
        const byWindow = Math.min(capped, perRequest);
        if (byWindow >= byJob) return byJob;
        // The window bound counted the other servers' jobs with their assumed response bounds: the bound relies on those.
        noteCounts(ctx, me, counted);
        return byWindow;
    }, { windowed: true });
}

/** The waits of a level in a window of length t, and whether the per-window bound takes part. */
type LevelWaits = ((t: number) => number) & { windowed: boolean };

function perJobWaits(level: readonly Task[], waits: readonly MpcpTask[]): (t: number) => number {
    return (t) => {
        let sum = 0;
        for (let k = 0; k < level.length; k++) {
            if (waits[k].unbounded) return Infinity;
            sum += mulCapped(arrivalsBefore(t, level[k].period, level[k].jitter), waits[k].wait);
        }
        return sum;
    };
}

/** The named term of a bound for its blocking, naming the sections that set it. */
export function blockingTerm(value: number, causes: readonly BlockingCause[]): BoundTerm {
    const text = causes.map((c) => {
        const who = `task '${c.task}'${c.owner ? ` of cell '${c.owner}'` : ''}`;
        if (c.kind === 'remote') return `waiting up to ${formatTime(c.value)} per request for global resource '${c.resource}' (held by ${who} and the more urgent users, MPCP)`;
        if (c.kind === 'boosted') return `${who} runs its section on global resource '${c.resource}' (${formatTime(c.length)}) boosted`;
        return `${who} holds resource '${c.resource}' for up to ${formatTime(c.length)} (stack resource policy)`;
    }).join('; ');
    return term('blocking', 'blocking on shared resources', value, text || 'a less urgent task holds a shared resource');
}

/** How many times the task analysis may be repeated to settle the response bounds the MPCP counts assume. */
const SETTLE_PASSES = 6;

/**
 * The MPCP counts take each user's jobs with a response bound A_x (its deadline at first). Their results hold when every
 * user they counted responds within its A_x, which holds up to the first time one does not: so the bounds that counted
 * only users whose own bounds R_x ≤ A_x, and that themselves counted only such users, are valid (by the first
 * violation, none of them is ever exceeded). When a user's bound exceeds its A_x, the analysis is repeated with
 * A_x = R_x (a larger A only makes every bound larger, so this settles, or stops after SETTLE_PASSES): the holistic
 * iteration of Tindell & Clark 1994 started from the deadlines, with Brandenburg 2013's counts ⌈(t + R_x)/T_x⌉.
 * Then every task whose bound counted a user outside the largest valid set becomes inconclusive. A task whose bound
 * counted nobody keeps its verdict. With vMPCP boosting the hold times count jobs with deadlines too: no settling, and
 * any late user makes every task of the servers with users, and of the cores with boosted VCPUs, inconclusive.
 * `analyze` runs the task analysis of every core; the results of its last run are returned, marked.
 */
export function settleMpcpAssumptions(ctx: SystemContext, analyze: () => ItemResult[]): ItemResult[] {
    countsUsed.delete(ctx);
    let tasks = analyze();
    const facts = mpcpOf(ctx);
    if (!facts) return tasks;
    const boundsOf = (results: ItemResult[]) => {
        const keyed = new Map(results.map((r) => [`${r.owner}/${r.name}`, r]));
        const byTask = new Map<Task, ItemResult>();
        for (const g of ctx.groups) for (const t of g.tasks) {
            const r = keyed.get(`${g.cell.name}/${t.name}`);
            if (r) byTask.set(t, r);
        }
        return byTask;
    };
    let byTask = boundsOf(tasks);
    const assumed = new Map<Task, number>();
    const within = (t: Task) => {
        const r = byTask.get(t)?.wcrt;
        return r !== undefined && r <= (assumed.get(t) ?? t.deadline);
    };
    const rerun = () => {
        // A new map per pass: the cached facts are keyed by it.
        const snapshot = new Map(assumed);
        assumptionsNow.set(ctx, snapshot);
        assumeResponses(ctx, snapshot);
        countsUsed.delete(ctx);
        tasks = analyze();
        byTask = boundsOf(tasks);
    };
    if (!ctx.model.hypervisor.vcpuBoost) {
        for (let pass = 1; pass < SETTLE_PASSES; pass++) {
            const raised = new Set<Task>();
            for (const t of facts.users) {
                const r = byTask.get(t)?.wcrt;
                if (r !== undefined && !within(t)) { assumed.set(t, r); raised.add(t); }
            }
            // Another pass changes a bound only if it counted a raised user.
            if (!countedAny(ctx, raised)) break;
            rerun();
        }
        // The valid bounds are proven: counting with them instead of the deadlines can only lower the bounds, which
        // then stay valid (they assume only proven bounds, or the same assumptions as before for the other users).
        const safe = safeUsers(ctx, facts, within);
        const lower = facts.users.filter((t) => safe.has(t) && byTask.get(t)!.wcrt! < (assumed.get(t) ?? t.deadline));
        if (countedAny(ctx, new Set(lower))) {
            for (const t of lower) assumed.set(t, byTask.get(t)!.wcrt!);
            rerun();
        }
    }
    markInvalidBounds(ctx, facts, byTask, within, assumed);
    // Later analyses of this context (fixes, probes) count with the deadlines again, as they always did.
    assumptionsNow.delete(ctx);
    assumeResponses(ctx, undefined);
    return tasks;
}

/** Whether some bound of the last pass counted one of `users`. */
function countedAny(ctx: SystemContext, users: Set<Task>): boolean {
    if (users.size === 0) return false;
    for (const from of countsUsed.get(ctx)?.values() ?? []) for (const t of from) if (users.has(t)) return true;
    return false;
}

/**
 * The largest set of users within their assumed bounds whose bounds counted only users of the set (removing users
 * until it holds): by the first violation, none of them ever exceeds its bound.
 */
function safeUsers(ctx: SystemContext, facts: MpcpFacts, within: (t: Task) => boolean): Set<Task> {
    const used = countsUsed.get(ctx) ?? new Map<Task, Set<Task>>();
    const safe = new Set(facts.users.filter(within));
    for (let changed = true; changed;) {
        changed = false;
        for (const t of safe) {
            if ([...(used.get(t) ?? [])].some((x) => !safe.has(x))) { safe.delete(t); changed = true; }
        }
    }
    return safe;
}

function markInvalidBounds(
    ctx: SystemContext, facts: MpcpFacts, byTask: Map<Task, ItemResult>, within: (t: Task) => boolean, assumed: Map<Task, number>,
): void {
    const late = facts.users.find((t) => !within(t));
    if (!late) return;
    const used = countsUsed.get(ctx) ?? new Map<Task, Set<Task>>();
    const affected = new Set<Task>();
    if (ctx.model.hypervisor.vcpuBoost) {
        for (const t of facts.perTask.keys()) affected.add(t);
        // Boosted VCPUs delay every VCPU of their core (admission counted their boosted time with the same assumption).
        const cores = new Set(ctx.groups.filter((g) => g.vcpu && g.tasks.some((t) => facts.users.includes(t))).map((g) => g.core));
        for (const g of ctx.groups) if (cores.has(g.core)) for (const t of g.tasks) affected.add(t);
    } else {
        const safe = safeUsers(ctx, facts, within);
        for (const [t, from] of used) if ([...from].some((x) => !safe.has(x))) affected.add(t);
    }
    for (const t of affected) {
        const r = byTask.get(t);
        if (!r || r.verdict === 'inconclusive') continue;
        const counted = ctx.model.hypervisor.vcpuBoost ? late : [...(used.get(t) ?? [])].find((x) => !within(x)) ?? late;
        const bound = assumed.get(counted) ?? counted.deadline;
        r.verdict = 'inconclusive';
        r.reason = assumed.has(counted)
            ? `the MPCP bound counts the requests of task '${counted.name}' assuming it responds within ${formatTime(bound)}, which its own bound does not confirm`
            : `the MPCP bound assumes every user of a global resource meets its deadline, and task '${counted.name}' may not`;
        delete r.wcrt;
        delete r.slack;
    }
}
