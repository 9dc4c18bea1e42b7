/**
 * Blocking on global resources under MPCP (Rajkumar 1990), with VCPU supply for the holders (vMPCP-style enforcement:
 * a section whose VCPU runs out of budget goes on with the next budget). docs/analysis.md §10.2 has the equations.
 *
 * Per task i of a fixed-priority core or VCPU S:
 * - hold time of x on R: L'_{x,R} = tbf_x(L_{x,R} + Σ_{y ≠ x on server(x)} G_y(R) + H(t) + M(t)), the section plus one
 *   section of every other task of x's server holding a resource of ceiling ≥ ceil(R) (granted while x holds R, so
 *   boosted above it), the flows' hypervisor work and MemGuard stalls on x's core, inflated by x's supply;
 * - wait of one request of i on R: W = max_{l: prio_l < prio_i, other server} L'_{l,R}
 *   + Σ_{h ≠ i: prio_h ≥ prio_i} (⌊(W + D_h)/T_h⌋ + 1)·n_{h,R}·L'_{h,R};
 * - S_i = Σ over i's global sections of W; n_i = their number;
 * - G_lp(i) = Σ_{y on S, prio_y < prio_i} (longest global section of y): boosted sections of less urgent tasks,
 *   once per suspension of i and once more.
 * The facts for the per-window bound (blocking-hooks.ts) are here too: the other servers' request streams on each
 * resource and how long a server can hold resources in a window. The job counts of h use `responseBound` (D_h, or the
 * bound the analysis settled on): the results hold when every user they counted responds within it, which
 * `settleMpcpAssumptions` (blocking-hooks.ts) checks.
 */
import type { CriticalSection, Task, Vcpu } from '../model/types.js';
import { mulDivFloor } from '../model/units.js';
import { arrivalsBefore, DEFAULT_HORIZON, floorDivInt, leastFixedPoint, mulCapped } from './arith.js';
import type { SystemContext, TaskGroup } from './context.js';
import { tbf, type Supply } from './supply.js';
import { vcpusBefore } from './vcpu-order.js';

/** Whether a task has a section on a global resource (then MPCP applies to its server). */
export function usesGlobalResource(t: Task): boolean {
    return t.sections?.some((s) => s.scope === 'global') ?? false;
}

/** The total length of a task's global sections in one job, ns. */
function globalSectionsLength(t: Task): number {
    let total = 0;
    for (const s of t.sections ?? []) if (s.scope === 'global') total += s.length;
    return total;
}
import type { BlockingCause } from './types.js';

/** What one task of a group with MPCP effects adds to its analysis. */
export interface MpcpTask {
    /** Added once per window: boosted sections of less urgent tasks of the server. */
    once: number;
    /** Added per job to its cost: n_i more boosted sections of less urgent tasks (one per suspension). */
    perJob: number;
    /** S_i: the per-request waits of one job summed over its global sections (counted per job, or capped per window). */
    wait: number;
    /** Number of global sections (suspensions) n_i. */
    suspensions: number;
    /**
     * LLC refills the less urgent jobs make in the boosted sections `once` counts (at most refillsInSection of each):
     * on a MemGuard-regulated core they stall the core while they block (found by the contract test:
     * test/regressions/contract-mxbij7ue.rtcell).
     */
    boostedRefills: number;
    causes: BlockingCause[];
    /** Why no bound exists (a wait or hold time without a fixed point below the horizon). */
    unbounded?: string;
    /** The users whose job counts (with `responseBound` as their response) S_i relies on. */
    countsOf: Set<Task>;
}

/** A request stream of another server on a resource: how many sections per job, and how long each holds it. */
export interface RemoteUse {
    task: Task;
    /** The holder's server. */
    server: TaskGroup;
    count: number;
    hold: number;
}

export interface MpcpFacts {
    perTask: Map<Task, MpcpTask>;
    /** Every task with a global section (their deadlines are assumed met, checked afterwards). */
    users: Task[];
    /**
     * Per server and global resource its tasks use: the users on other servers, with their hold times (undefined when
     * some hold time has no bound: no window bound then).
     */
    remote: Map<TaskGroup, Map<string, RemoteUse[] | undefined>>;
    /**
     * The most time in a window of length t during which some task of a server holds a global resource (∞ when not
     * bounded this way): on a core owned whole by one server and not regulated by MemGuard, a holder runs boosted or is
     * preempted only by another boosted holder or hypervisor work, so that time is at most the global sections of the
     * server's jobs active in the window, Σ_y ⌈(t + A_y)/T_y⌉·Σ_k L_{y,k} (A_y: `responseBound`), plus H(t).
     */
    heldAtMost(server: TaskGroup, t: number): number;
}

interface Use {
    task: Task;
    group: TaskGroup;
    /** Sections of this task on the resource. */
    count: number;
    longest: CriticalSection;
}

/** The loads the analysis registered for a context (tasks.ts `hypervisorLoads`), read by the hold times. */
export type LoadLookup = (core: number) => { demand: (t: number) => number; bounded: boolean };

/** MPCP facts of a system, or undefined when no task uses a global resource. */
export function mpcpFacts(
    ctx: SystemContext, loadOf: LoadLookup, supplyOf: (g: TaskGroup) => Supply, stallOf: (g: TaskGroup, t: number, refills: number) => number,
    horizon = DEFAULT_HORIZON,
): MpcpFacts | undefined {
    const groupOf = new Map<Task, TaskGroup>();
    for (const g of ctx.groups) for (const t of g.tasks) groupOf.set(t, g);
    const uses = new Map<string, Use[]>();
    const users: Task[] = [];
    for (const g of ctx.groups) {
        if (g.cell.scheduler !== 'fixed-priority') continue;
        for (const t of g.tasks) {
            let any = false;
            for (const s of t.sections ?? []) {
                if (s.scope !== 'global') continue;
                any = true;
                const list = uses.get(s.resource) ?? [];
                let u = list.find((x) => x.task === t);
                if (!u) { u = { task: t, group: g, count: 0, longest: s }; list.push(u); }
                u.count++;
                if (s.length > u.longest.length) u.longest = s;
                uses.set(s.resource, list);
            }
            if (any) users.push(t);
        }
    }
    if (users.length === 0) return undefined;
    const ceiling = new Map<string, number>();
    for (const [r, list] of uses) ceiling.set(r, Math.max(...list.map((u) => u.task.priority)));
    // Longest global section of a task on a resource of ceiling ≥ c (undefined c: any).
    const longestGlobal = (t: Task, atLeast?: number): CriticalSection | undefined => {
        let best: CriticalSection | undefined;
        for (const s of t.sections ?? []) {
            if (s.scope !== 'global') continue;
            if (atLeast !== undefined && (ceiling.get(s.resource) ?? -Infinity) < atLeast) continue;
            if (!best || s.length > best.length) best = s;
        }
        return best;
    };
    const holdMemo = new Map<Use, number | undefined>();
    const holdTime = (u: Use, resource: string): number | undefined => {
        if (holdMemo.has(u)) return holdMemo.get(u);
        const c = ceiling.get(resource)!;
        let base = u.longest.length;
        let refills = u.task.memoryRefills;
        for (const y of u.group.tasks) {
            if (y === u.task) continue;
            const s = longestGlobal(y, c);
            if (s) { base += s.length; refills += y.memoryRefills; }
        }
        const load = loadOf(u.group.core);
        const supply = supplyOf(u.group);
        // vMPCP overrun: the holder's VCPU runs past its budget, so only the VCPUs before it on the core (rate
        // monotonic), with their own overruns, delay the section; else the section waits for the VCPU's supply.
        const before = ctx.model.hypervisor.vcpuOverrun && u.group.vcpu ? vcpusBefore(ctx, u.group.vcpu) : undefined;
        const vcpu = u.group.vcpu;
        const boosted = ctx.model.hypervisor.vcpuBoost && vcpu && vcpu.budget < vcpu.period ? vcpu : undefined;
        const boostedBefore = boosted ? vcpusBefore(ctx, boosted) : [];
        const step = boosted
            ? (t: number) => {
                // vMPCP boosting: only VCPUs before it holding global resources delay it, and (budget enforced) the
                // gaps after each exhaustion of its own budget, ≤ Π − Θ each (it runs first again at replenishment).
                const own = base + load.demand(t) + stallOf(u.group, t, refills);
                let d = own;
                for (const h of boostedBefore) d += boostedDemand(ctx, h, t);
                if (!ctx.model.hypervisor.vcpuOverrun) d += mulCapped(Math.ceil(own / boosted.budget), boosted.period - boosted.budget);
                return d;
            }
            : before
            ? (t: number) => {
                let d = base + load.demand(t) + stallOf(u.group, t, refills);
                for (const h of before) d += mulCapped(arrivalsBefore(t, h.period, 0), h.budget + vcpuOverrunOf(ctx, h));
                return d;
            }
            : (t: number) => tbf(supply, base + load.demand(t) + stallOf(u.group, t, refills));
        const value = load.bounded ? leastFixedPoint(step, Math.max(1, before || boosted ? base : tbf(supply, base)), horizon) : undefined;
        holdMemo.set(u, value);
        return value;
    };
    const perTask = new Map<Task, MpcpTask>();
    const groupsWithUsers = new Set(users.map((t) => groupOf.get(t)!));
    for (const g of groupsWithUsers) {
        for (const me of g.tasks) {
            const causes: BlockingCause[] = [];
            let unbounded: string | undefined;
            // Waits of me's own requests.
            let wait = 0;
            let suspensions = 0;
            const countsOf = new Set<Task>();
            for (const s of me.sections ?? []) {
                if (s.scope !== 'global') continue;
                suspensions++;
                const list = uses.get(s.resource)!;
                let hold = 0;
                let holder: Use | undefined;
                let bad = false;
                for (const l of list) {
                    if (l.task === me || l.task.priority >= me.priority || l.group === g) continue;
                    const x = holdTime(l, s.resource);
                    if (x === undefined) { bad = true; break; }
                    if (x > hold) { hold = x; holder = l; }
                }
                const ahead = list.filter((h) => h.task !== me && h.task.priority >= me.priority);
                const holds = ahead.map((h) => holdTime(h, s.resource));
                if (bad || holds.some((x) => x === undefined)) {
                    unbounded = `the time a task holds global resource '${s.resource}' has no bound (its core's load is unbounded or its supply too small)`;
                    break;
                }
                const w = leastFixedPoint((t) => {
                    let sum = hold;
                    for (let k = 0; k < ahead.length; k++) {
                        const h = ahead[k];
                        sum += mulCapped((floorDivInt(t + responseBound(ctx, h.task), h.task.period) + 1) * h.count, holds[k]!);
                    }
                    return sum;
                }, Math.max(1, hold), horizon);
                if (w === undefined) {
                    unbounded = `the wait for global resource '${s.resource}' has no bound below the horizon (its users request it too often)`;
                    break;
                }
                wait += w;
                for (const h of ahead) countsOf.add(h.task);
                const blocker = holder ?? ahead[0];
                // One cause per resource and blocker: the longest wait of the task's requests on it.
                const same = blocker && causes.find((c) => c.kind === 'remote' && c.resource === s.resource && c.task === blocker.task.name && c.owner === blocker.group.cell.name);
                if (same) same.value = Math.max(same.value, w);
                else if (blocker) {
                    causes.push({
                        kind: 'remote', resource: s.resource, scope: 'global', task: blocker.task.name, owner: blocker.group.cell.name,
                        source: blocker.longest.source ?? blocker.task.source, length: blocker.longest.length, value: w,
                        index: blocker.task.sections!.indexOf(blocker.longest),
                    });
                }
            }
            // Boosted sections of less urgent tasks of the same server.
            let boosted = 0;
            let boostedRefills = 0;
            for (const y of g.tasks) {
                if (y === me || y.priority >= me.priority) continue;
                const s = longestGlobal(y);
                if (!s) continue;
                boosted += s.length;
                boostedRefills += refillsInSection(y, s.length);
                causes.push({
                    kind: 'boosted', resource: s.resource, scope: 'global', task: y.name, owner: g.cell.name, source: s.source ?? y.source,
                    length: s.length, value: s.length * (suspensions + 1), index: y.sections!.indexOf(s),
                });
            }
            perTask.set(me, {
                once: boosted, perJob: suspensions * boosted, wait, suspensions, boostedRefills, causes, countsOf,
                ...(unbounded ? { unbounded } : {}),
            });
        }
    }
    // The other servers' request streams on each resource a server's tasks use (the per-window bound, blocking-hooks.ts).
    const remote = new Map<TaskGroup, Map<string, RemoteUse[] | undefined>>();
    for (const g of groupsWithUsers) {
        const byResource = new Map<string, RemoteUse[] | undefined>();
        for (const t of g.tasks) for (const s of t.sections ?? []) {
            if (s.scope !== 'global' || byResource.has(s.resource)) continue;
            let list: RemoteUse[] | undefined = [];
            for (const u of uses.get(s.resource)!) {
                if (u.group === g) continue;
                const hold = holdTime(u, s.resource);
                if (hold === undefined) { list = undefined; break; }
                list.push({ task: u.task, server: u.group, count: u.count, hold });
            }
            byResource.set(s.resource, list);
        }
        remote.set(g, byResource);
    }
    const heldAtMost = (server: TaskGroup, t: number): number => {
        const core = ctx.cores.get(server.core);
        const load = loadOf(server.core);
        if (server.vcpu || !core || core.groups.length !== 1 || core.memguardEvents !== undefined || !load.bounded) return Infinity;
        let d = load.demand(t);
        for (const y of server.tasks) {
            const total = globalSectionsLength(y);
            if (total > 0) d += mulCapped(arrivalsBefore(t, y.period, responseBound(ctx, y)), total);
        }
        return d;
    };
    return { perTask, users, remote, heldAtMost };
}

/**
 * The response bound with which the MPCP counts take a user's jobs: its deadline, or a larger value the analysis
 * assumed while settling the counts (blocking-hooks.ts `settleMpcpAssumptions`). Not used by vMPCP boosting.
 */
const assumed = new WeakMap<SystemContext, Map<Task, number>>();

export function responseBound(ctx: SystemContext, task: Task): number {
    return assumed.get(ctx)?.get(task) ?? task.deadline;
}

/** Sets (or, with undefined, clears) the assumed response bounds of a context's users. */
export function assumeResponses(ctx: SystemContext, bounds: Map<Task, number> | undefined): void {
    if (bounds) assumed.set(ctx, bounds);
    else assumed.delete(ctx);
}


const overrunMemo = new WeakMap<SystemContext, Map<Vcpu, number>>();

/**
 * vMPCP budget overrun of a VCPU (`vmpcp overrun`): after its budget ran out it runs only while one of its jobs holds
 * a global resource, so in any period it holds its core for at most Θ + this. 0 otherwise. Only holders run then
 * (boosted before every other job of the VCPU), so no job reaches a new section; but each task may have a job that
 * was holding at the exhaustion or that is handed a resource it was waiting for afterwards, one after another (two
 * tasks of one VCPU waiting for two resources give two overruns in one period): one section per task, summed over
 * the tasks, each the task's longest global hold. The section's own
 * execution (L) is not all: on a MemGuard-regulated core the VCPU stays current while the core is throttled, so the
 * overrun also covers the stalls it meets before the section ends (found by the contract test:
 * test/regressions/contract-vmpcp-overrun-stall.rtcell). Each stall lasts at most one MemGuard period P; the section
 * makes r of its job's m refills (refillsInSection), which cause
 * at most 1 + ⌊r/Q⌋ stalls, and each time a VCPU scheduled before it preempts it, that VCPU's refills may leave the
 * count anywhere: one more stall each (at most Σ ⌈Π/Π_u⌉ + 1 preemptions within one of its periods). Capped at Π − Θ:
 * past its next replenishment the VCPU runs on its new budget, which Θ already counts.
 */
export function vcpuOverrunOf(ctx: SystemContext, vcpu: Vcpu): number {
    if (!ctx.model.hypervisor.vcpuOverrun) return 0;
    let memo = overrunMemo.get(ctx);
    if (!memo) overrunMemo.set(ctx, (memo = new Map()));
    let v = memo.get(vcpu);
    if (v === undefined) {
        const Q = ctx.cores.get(vcpu.core)?.memguardEvents;
        const P = ctx.model.hypervisor.memguardPeriod;
        const regulated = Q !== undefined && (ctx.cores.get(vcpu.core)?.groups ?? []).some((g) => g.tasks.some((t) => t.memoryRefills > 0));
        const preemptions = regulated ? vcpusBefore(ctx, vcpu).reduce((n, u) => n + Math.ceil(vcpu.period / u.period) + 1, 0) : 0;
        v = 0;
        for (const g of ctx.groups) {
            if (g.vcpu !== vcpu || g.cell.scheduler !== 'fixed-priority') continue;
            for (const t of g.tasks) {
                let longest = 0;
                for (const s of t.sections ?? []) {
                    if (s.scope !== 'global') continue;
                    let hold = s.length;
                    if (regulated) {
                        const refills = refillsInSection(t, s.length);
                        const stalls = Q! <= 0 ? Infinity : 1 + Math.floor(refills / Q!) + preemptions;
                        hold = s.length + mulCapped(stalls, P);
                    }
                    if (hold > longest) longest = hold;
                }
                v += longest;
            }
        }
        v = Math.min(v, Math.max(0, vcpu.period - vcpu.budget));
        memo.set(vcpu, v);
    }
    return v;
}

/**
 * The most refills a job of `t` makes while its progress is inside a section of length L (both ends included):
 * ⌊(L + 1)·m/C⌋ + 1, at most m. C is the job's SHORTEST execution time, not its WCET: the m refills are spread over
 * the execution the job actually has (docs/semantics.md §2), which is at least min(BCET, WCET) and at least the sum of
 * its sections (§9), so a short job packs them densely (contract-vmpcp-overrun-stall: C = 50 ns, not the WCET of 500,
 * puts 1,230 of 1,500 refills in a 41 ns section, two stalls; counted at the WCET, 124 and one).
 */
function refillsInSection(t: Task, length: number): number {
    if (t.memoryRefills <= 0) return 0;
    const sections = (t.sections ?? []).reduce((sum, s) => sum + s.length, 0);
    const shortest = Math.max(1, Math.min(t.bcet, t.wcet), sections);
    return Math.min(t.memoryRefills, mulDivFloor(length + 1, t.memoryRefills, shortest) + 1);
}

/**
 * vMPCP boosting: the most a VCPU can run boosted in a window of length t, Σ over its tasks with global sections of
 * (⌊(t + D_y)/T_y⌋ + 1)·(their total length): the jobs of y active in the window, with D_y as their response bound
 * (the MPCP deadline assumption, checked afterwards).
 */
export function boostedDemand(ctx: SystemContext, vcpu: Vcpu, t: number): number {
    let d = 0;
    for (const g of ctx.groups) {
        if (g.vcpu !== vcpu || g.cell.scheduler !== 'fixed-priority') continue;
        for (const y of g.tasks) {
            const total = globalSectionsLength(y);
            if (total > 0) d += mulCapped(floorDivInt(t + y.deadline, y.period) + 1, total);
        }
    }
    return d;
}
