/**
 * Response times of guest tasks: fixed-priority or EDF, on a whole core or a VCPU reservation, with MemGuard
 * throttling and the hypervisor work flows charge to the core. docs/analysis.md §3–§5.
 */
import type { Flow, SystemModel, Task } from '../model/types.js';
import { formatTime, mulDivFloor } from '../model/units.js';
import { arrivalsBefore, ceilDivInt, compareFractions, compareRateSum, DEFAULT_HORIZON, mulCapped, PrefixRateSums, type Rate } from './arith.js';
import type { CoreFacts, SystemContext, TaskGroup } from './context.js';
import { edfBusyPeriod, edfDemandViolation, edfResponseTime, MAX_EDF_CANDIDATES, type EdfResult } from './edf.js';
import { fpNonPreemptiveResponseTime, nonPreemptiveTasks } from './fp-nonpreemptive.js';
import { fpResponseTime, type ExtraDemand, type FpHint, type RtaResult, type RtaTask } from './fp-rta.js';
import { FpInterference } from './fp-interference.js';
import { addInterferersField, setInterferersOnRead } from './interferers-on-read.js';
import { DEDICATED, supplyUpperBound, vcpuSupply, type Supply } from './supply.js';
import { ArrivalSums } from './arrival-sums.js';
import { finish, term } from './terms.js';
import { blockingTerm, groupBlockingHooks, rememberLoads } from './blocking-hooks.js';
import { usesGlobalResource, vcpuOverrunOf } from './mpcp.js';
import { searching } from './search-budget.js';
import type { Interferer, ItemResult, ThrottlingBudget } from './types.js';

/** Hypervisor work a flow puts on a core: `cost` ns per job, anywhere within the job's latency window. */
export interface HypervisorStream {
    flow: Flow;
    period: number;
    /** Window after the nominal release in which the work can happen (the flow's latency bound). */
    jitter: number;
    cost: number;
    what: string;
}

export interface CoreLoad {
    streams: HypervisorStream[];
    /** Flows with work on the core but no latency bound (their work cannot be bounded). */
    unbounded: Flow[];
}

/** Hypervisor work per core from the flows (IRQ entries in dedicated mode, broker sections in floating mode). */
export function hypervisorLoads(ctx: SystemContext, flowWcrt: Map<string, number | undefined>): Map<number, CoreLoad> {
    const loads = new Map<number, CoreLoad>();
    rememberLoads(ctx, loads);
    const { model } = ctx;
    const o = model.hypervisor.overheads;
    const broker = model.hypervisor.broker;
    if (!broker) return loads;
    const floating = broker.mode === 'floating';
    const add = (core: number | undefined, flow: Flow, cost: number, what: string) => {
        if (core === undefined || cost <= 0) return;
        let l = loads.get(core);
        if (!l) { l = { streams: [], unbounded: [] }; loads.set(core, l); }
        const r = flowWcrt.get(flow.name);
        if (r === undefined) { if (!l.unbounded.includes(flow)) l.unbounded.push(flow); return; }
        l.streams.push({ flow, period: flow.period, jitter: r, cost, what });
    };
    for (const ff of ctx.flows) {
        if (floating) {
            add(ff.senderCore, ff.flow, o.notify + o.dispatch + o.dmaSetup + o.irqEntry, 'submit section and the completion IPI');
            add(ff.receiverCore, ff.flow, ff.chunks * (o.irqEntry + o.dispatch + o.dmaSetup) + o.ipi, `${ff.chunks} DMA-completion section(s)`);
        } else {
            add(ff.senderCore, ff.flow, o.notify + o.irqEntry, 'notification trap and the completion IPI');
            add(ff.receiverCore, ff.flow, ff.chunks * o.irqEntry, `${ff.chunks} chunk IPI(s)`);
        }
    }
    return loads;
}

const hypervisorSums = new WeakMap<CoreLoad, ArrivalSums>();

/**
 * Σ over the core's flow streams of ⌈(t + R_j)/T_j⌉·cost_j (closed form per period, built once per load). For integers,
 * ⌈(t + R)/T⌉⁺ = ⌊(t − 1 + R)/T⌋ + 1 (or 0), the arrivals in [0, t − 1].
 */
export function hypervisorDemand(load: CoreLoad | undefined, t: number): number {
    if (!load || load.streams.length === 0) return 0;
    let sums = hypervisorSums.get(load);
    if (!sums) {
        sums = new ArrivalSums(load.streams);
        for (let k = 0; k < load.streams.length; k++) sums.switchOn(k);
        hypervisorSums.set(load, sums);
    }
    return sums.cost(t - 1);
}

/**
 * The supply a group's tasks receive (front-loaded for the core's most urgent VCPU, supply.ts), with its VCPU's budget
 * or with `budget` in its place (the interface search).
 */
export function groupSupply(ctx: SystemContext, group: TaskGroup, budget?: number): Supply {
    const v = group.vcpu;
    if (!v) return DEDICATED;
    return vcpuSupply(ctx.cores.get(group.core)?.vcpus ?? [], v, budget ?? v.budget, boostedPeer(ctx, group.core, v));
}

/**
 * Whether vMPCP boosting can run another VCPU of the core before `vcpu`: boosting is on and a task of another VCPU
 * there has a section on a global resource (docs/analysis.md §10).
 */
function boostedPeer(ctx: SystemContext, core: number, vcpu: { name: string }): boolean {
    if (ctx.model.hypervisor.vcpuBoost !== true) return false;
    return (ctx.cores.get(core)?.vcpus ?? []).some(({ cell, vcpu: peer }) => peer !== vcpu
        && cell.tasks.some((t) => t.placement.vcpu === peer.name && usesGlobalResource(t)));
}

function effectiveBcet(t: Task): number {
    return Math.min(t.bcet, t.wcet);
}

/**
 * MemGuard stall allowance for a core: each stall lasts at most σ = min(P, P − ⌊(Q − n)·min(bcet/m)⌋ + 1), and a window
 * in which M refills are made sees at most 1 + ⌊M/Q⌋ stalls (docs/analysis.md §3.3).
 */
export interface MemguardModel {
    events: number;
    stall: number;
    period: number;
    /** Refill bound of co-runners (other VCPUs on the same core) in a window of length t. */
    coRunnerRefills: (t: number) => number;
}

export function memguardModel(ctx: SystemContext, core: CoreFacts, group: TaskGroup, eventsOverride?: number): MemguardModel | undefined {
    const Q = eventsOverride ?? core.memguardEvents;
    if (Q === undefined) return undefined;
    const all = core.groups.flatMap((g) => g.tasks).filter((t) => t.memoryRefills > 0);
    if (all.length === 0) return undefined;
    const P = ctx.model.hypervisor.memguardPeriod;
    let minSpan = Infinity;
    const n = all.length;
    if (Q > n) {
        for (const t of all) minSpan = Math.min(minSpan, mulDivFloor(Q - n, effectiveBcet(t), t.memoryRefills));
    } else {
        minSpan = 0;
    }
    // When Q refills need at least a whole period of execution, the budget never runs out within a period.
    const stall = minSpan >= P ? 0 : Math.min(P, P - minSpan + 1);
    const others = core.groups.filter((g) => g !== group && g.tasks.some((t) => t.memoryRefills > 0));
    const coRunners = others.map((g) => {
        // Highest refill rate (refills per ns of execution) among the co-runner's tasks.
        let best: Task | undefined;
        for (const t of g.tasks) {
            if (t.memoryRefills <= 0) continue;
            if (!best || compareFractions(t.memoryRefills, Math.max(1, effectiveBcet(t)), best.memoryRefills, Math.max(1, effectiveBcet(best))) > 0) best = t;
        }
        // A co-runner VCPU may run past its budget by its vMPCP overrun (docs/analysis.md §10.3): bound its activity with it.
        const supply = groupSupply(ctx, g);
        const overrun = g.vcpu ? vcpuOverrunOf(ctx, g.vcpu) : 0;
        return { supply: supply.kind === 'periodic' && overrun > 0 ? { ...supply, budget: Math.min(supply.period, supply.budget + overrun) } : supply, best: best!, tasks: g.tasks.length };
    });
    return {
        events: Q, stall, period: P,
        coRunnerRefills: (t) => {
            let m = 0;
            for (const c of coRunners) {
                const x = supplyUpperBound(c.supply, t);
                m += mulDivFloor(x, c.best.memoryRefills, Math.max(1, effectiveBcet(c.best))) + c.tasks;
            }
            return m;
        },
    };
}

export function memguardStall(mg: MemguardModel | undefined, t: number, refills: number): number {
    if (!mg) return 0;
    const m = refills + mg.coRunnerRefills(t);
    if (mg.events <= 0) return Infinity;
    return mulCapped(1 + Math.floor(m / mg.events), mg.stall);
}

function rtaTask(t: Task): RtaTask {
    return { wcet: t.wcet, period: t.period, deadline: t.deadline, jitter: t.jitter, refills: t.memoryRefills };
}

export interface GroupOptions {
    supply?: Supply;
    memguardEvents?: number;
    horizon?: number;
    /** Analyse only this task (fix searches). */
    only?: Task;
    /** Skip interferer lists and terms (fast feasibility probes). */
    verdictOnly?: boolean;
    /** Second pass: MemGuard provably never throttles this core (see `analyzeCore`). */
    memguardOff?: boolean;
    /** Called with each task's final bound (undefined when none) as soon as it is known (see `analyzeCore`). */
    onBound?: (task: Task, wcrt: number | undefined) => void;
    /** Stop after the first task that is not schedulable (a probe asking "are all schedulable?"). */
    stopAtFirstMiss?: boolean;
    /**
     * Only the verdicts are read, no bound (interface and fix probes; never with `onBound`): an EDF task whose
     * deadline the processor-demand test proves gets its deadline as bound without its response time (the bound would
     * be capped there), and an EDF response-time search stops at the first response above the deadline.
     */
    verdictsOnly?: boolean;
}

/** Analyses the tasks of one core or VCPU. */
export function analyzeGroup(
    ctx: SystemContext, group: TaskGroup, load: CoreLoad | undefined, admissible: boolean, options: GroupOptions = {},
): ItemResult[] {
    const model: SystemModel = ctx.model;
    const core = ctx.cores.get(group.core)!;
    const supply = options.supply ?? groupSupply(ctx, group);
    const mg = options.memguardOff ? undefined : memguardModel(ctx, core, group, options.memguardEvents);
    const horizon = options.horizon ?? DEFAULT_HORIZON;
    const extra: ExtraDemand = (t, refills) => hypervisorDemand(load, t) + memguardStall(mg, t, refills);
    const throttledBy: ThrottlingBudget | undefined = core.memguardEvents !== undefined && mg
        ? { kind: 'memguard', core: group.core, bytesPerSecond: core.memguardBytesPerSecond ?? 0, perPeriod: mg.events, source: core.memguardCell?.budget?.source }
        : undefined;
    const tasks = group.tasks;
    const edf = group.cell.scheduler === 'edf';
    // Critical sections (docs/analysis.md §10): B_i per task, in the FP blocking field or the EDF demand.
    const blk = groupBlockingHooks(ctx, group, edf, extra, options.supply);
    const rta = tasks.map((t, k) => blk.rtaTask(rtaTask(t), k));
    const results: ItemResult[] = [];
    // The synchronous busy period depends on the task set only: once per group, for the demand test and every task.
    // Both on first use: a group whose tasks all stop earlier (an overloaded reservation) never iterates towards L.
    let edfL: number | undefined;
    let edfCheck: { ok: boolean } | undefined;
    let edfDone = !edf;
    const edfFacts = () => {
        if (!edfDone) {
            edfDone = true;
            edfL = edfBusyPeriod(rta, supply, blk.busyExtra, horizon);
            if (!options.only) edfCheck = edfL === undefined ? { ok: false } : edfDemandViolation(rta, supply, blk.demandExtra, horizon, edfL);
        }
    };
    // Per-core and per-level facts, computed once for the group rather than once per task.
    const levelOverloaded = overloadByLevel(tasks, edf, load, supply);
    // Jobs that nothing of their level can preempt once started (fp-nonpreemptive.ts): on a whole core where nothing
    // else (hypervisor work, MemGuard stalls) can delay a started job either.
    const nonPreemptive = !edf && !group.vcpu && !options.supply && hypervisorDemand(load, horizon) === 0 && (!mg || tasks.every((t) => !t.memoryRefills))
        ? nonPreemptiveTasks(tasks) : undefined;
    // Interferer entries are the same for every task of the group: built once and shared (read-only) between results,
    // so a core with n tasks and m flows allocates O(n + m) of them rather than O(n·(n + m)).
    const taskInterferers: Interferer[] = [];
    const taskInterferer = (k: number): Interferer => (taskInterferers[k] ??= {
        kind: 'task', name: tasks[k].name, owner: group.cell.name, source: tasks[k].source, relation: edf ? 'earlier-deadline' : 'higher-priority',
    });
    const floatingBroker = model.hypervisor.broker?.mode === 'floating';
    let brokerWorkList: Interferer[] | undefined;
    const brokerWork = (): Interferer[] => (brokerWorkList ??= (() => {
        const out: Interferer[] = [];
        const seen = new Set<string>();
        for (const s of load?.streams ?? []) {
            if (seen.has(s.flow.name)) continue;
            seen.add(s.flow.name);
            // What the flow puts on this core: broker sections when the broker floats, IRQ entries and notification
            // traps when a dedicated core runs it.
            out.push({ kind: 'broker-work', name: s.flow.name, source: s.flow.source, relation: floatingBroker ? 'floating-broker' : 'notification' });
        }
        return out;
    })());
    let coRunnerList: Interferer[] | undefined;
    const coRunners = (): Interferer[] => (coRunnerList ??= core.groups.filter((g) => g !== group)
        .flatMap((g) => g.tasks.filter((t) => t.memoryRefills > 0).map((t): Interferer => ({ kind: 'task', name: t.name, owner: g.cell.name, source: t.source, relation: 'co-runner' }))));
    // Per priority level too (all the group's tasks under EDF): the most urgent task gets the fresh budget at each
    // period boundary, so a less urgent level that makes too many refills does not make it unbounded.
    const refillsOverAt = mg ? refillsOverByLevel(tasks, edf, mg.events, mg.period) : () => false;
    // Fixed priorities: analyse from the most urgent level down, so each level's fixed points start where the levels
    // above ended (FpHint: same results, fewer iterations). Skipped tasks are left to the loop below.
    const fpFirst = new Map<number, FpFirst>();
    if (!edf && !options.only && admissible && !(load && load.unbounded.length > 0)) {
        const byPriority = tasks.map((_, k) => k).sort((a, b) => tasks[b].priority - tasks[a].priority || a - b);
        const above: FpHint = {};
        const level: FpHint = {};
        let levelPriority: number | undefined;
        // The tasks by priority: task i's higher-or-equal tasks are the prefix up to the end of its level, without i.
        // Moving i to the end of its level for its analysis makes them the prefix before it, so no per-task list is
        // built (quadratic in the tasks). The bound does not depend on the order; the breakdown is put back in
        // declaration order below.
        const sorted = byPriority.map((k) => rta[k]);
        // The same more urgent set as typed arrays for the sums (fp-interference.ts); `sorted` stays for the rare
        // sums it cannot prove exact.
        const table = FpInterference.of(rta);
        let levelEnd = 0;
        for (let pos = 0; pos < byPriority.length; pos++) {
            const i = byPriority[pos];
            const p = tasks[i].priority;
            if (p !== levelPriority) {
                if (levelOverloaded(p) || refillsOverAt(p)) break; // every less urgent level is overloaded too
                above.busyPeriod = Math.max(above.busyPeriod ?? 0, level.busyPeriod ?? 0);
                above.firstWindow = Math.max(above.firstWindow ?? 0, level.firstWindow ?? 0);
                levelPriority = p;
                levelEnd = pos;
                const levelStart = levelEnd;
                while (levelEnd < byPriority.length && tasks[byPriority[levelEnd]].priority === p) levelEnd++;
                if (table) for (let q = levelStart; q < levelEnd; q++) table.include(byPriority[q]);
            }
            // The first-window hint needs a positive WCET (then the task's own window is at least 1 ns). It is even
            // C_i above the more urgent windows (docs/analysis.md §3, warm starts), but a search in progress starts
            // where it always has: its work budget counts steps, and where a search stops must not change.
            // With blocking the levels' windows no longer nest (a more urgent task may be blocked longer): no hints.
            const firstWindow = above.firstWindow === undefined || searching() ? above.firstWindow : above.firstWindow + rta[i].wcet;
            const hint: FpHint = blk.any ? {} : { busyPeriod: above.busyPeriod, firstWindow: tasks[i].wcet > 0 ? firstWindow : undefined };
            swap(sorted, pos, levelEnd - 1);
            table?.exclude(i);
            const r = nonPreemptive?.[i]
                ? fpNonPreemptiveResponseTime(rta[i], sorted, horizon, levelEnd - 1)
                : fpResponseTime(rta[i], sorted, supply, blk.extraOf(i), horizon, hint, levelEnd - 1, table);
            // The per-interferer split is recomputed from the window, in declaration order, only when it is read
            // (below): keeping every task's split held O(n²) numbers.
            if (r.breakdown) r.breakdown.perInterferer = [];
            // A non-preemptive job's interference is counted at its start, not over its window: its split is taken
            // from its own breakdown below, so it is analysed again there with the more urgent tasks in file order.
            if (!nonPreemptive?.[i]) fpFirst.set(i, { result: r, withWork: table?.membersWithWork });
            table?.include(i);
            swap(sorted, pos, levelEnd - 1);
            options.onBound?.(tasks[i], r.wcrt);
            if (r.busyPeriod !== undefined) level.busyPeriod = Math.max(level.busyPeriod ?? 0, r.busyPeriod);
            if (r.firstWindow !== undefined) level.firstWindow = Math.max(level.firstWindow ?? 0, r.firstWindow);
        }
    }
    for (let i = 0; i < tasks.length; i++) {
        const task = tasks[i];
        if (options.only && options.only !== task) continue;
        if (options.stopAtFirstMiss && results.length > 0 && results[results.length - 1].verdict !== 'schedulable') break;
        // (`interferers` may be built when read, below: interferers-on-read.ts.)
        const item: ItemResult = addInterferersField<Omit<ItemResult, 'interferers'>>({
            kind: 'task', name: task.name, owner: group.cell.name, source: task.source, deadline: task.deadline, verdict: 'inconclusive', terms: [],
        });
        item.throttledBy = throttledBy;
        results.push(item);
        if (!admissible) {
            item.reason = `VCPU ${group.vcpu?.name} is not admissible on core ${group.core}: its budget is not guaranteed`;
            options.onBound?.(task, undefined);
            continue;
        }
        if (load && load.unbounded.length > 0) {
            item.reason = `flow(s) ${load.unbounded.map((f) => f.name).join(', ')} have no latency bound, so their hypervisor work on core ${group.core} cannot be bounded`;
            options.onBound?.(task, undefined);
            continue;
        }
        const blockingReason = blk.reasonOf(i);
        if (blockingReason) {
            item.reason = blockingReason;
            options.onBound?.(task, undefined);
            continue;
        }
        const levelOver = levelOverloaded(task.priority);
        const refillsOver = refillsOverAt(task.priority);
        if (levelOver || refillsOver) {
            item.verdict = 'unschedulable';
            item.reason = levelOver ? overloadedReason(group) : refillsOverBudgetReason(group, mg!, task);
            options.onBound?.(task, undefined);
            continue;
        }
        let wcrt: number | undefined;
        let parts: (TaskSplit & { own: number; interference: number; extra: number; supplyDelay: number; backlog: number; window: number; refills: number; job?: number; blocking: number }) | undefined;
        let reason: string | undefined;
        let unbounded = false;
        if (edf) {
            // L is undefined when the busy period does not end: the same answer for every task, without recomputing it.
            edfFacts();
            const r: EdfResult = edfL === undefined
                ? { reason: 'the busy period does not end below the horizon (utilisation too high)', unbounded: true }
                : options.verdictsOnly && edfCheck?.ok && !blk.any ? provenByDemand(task)
                    : edfResponseTime(rta, i, supply, blk.extraOf(i), horizon, MAX_EDF_CANDIDATES, edfL, options.verdictsOnly && !edfCheck?.ok ? task.deadline : undefined);
            if (r.wcrt !== undefined && r.breakdown) {
                wcrt = r.wcrt;
                const b = r.breakdown;
                const others = tasks.map((_, k) => k).filter((k) => k !== i);
                const w = b.own + b.interference + b.extra + b.supplyDelay;
                // Under EDF the blocking rides in the extra demand (blocking-hooks.ts): split it out again.
                const bi = blk.valueOf(i);
                parts = { own: task.wcet, interference: b.interference, ...splitOf(b.perInterferer, others), extra: b.extra - bi, supplyDelay: b.supplyDelay,
                    backlog: b.own - task.wcet - (r.criticalOffset ?? 0) - task.jitter, window: w, refills: 0, blocking: bi };
                if (r.coarse) reason = 'bound from the coarse analysis (all other tasks interfere): the exact candidate set was too large';
            } else { reason = r.reason; unbounded = !!r.unbounded; }
        } else {
            const first = fpFirst.get(i);
            // Built per task and dropped with it (n tasks would hold O(n²) indices): only for a task analysed alone.
            const hpIdx = first ? undefined : higherOrEqual(tasks, i);
            const r = first?.result ?? (nonPreemptive?.[i]
                ? fpNonPreemptiveResponseTime(rta[i], hpIdx!.map((k) => rta[k]), horizon)
                : fpResponseTime(rta[i], hpIdx!.map((k) => rta[k]), supply, blk.extraOf(i), horizon));
            if (r.wcrt !== undefined && r.breakdown) {
                wcrt = r.wcrt;
                const b = r.breakdown;
                const w = b.own + b.interference + b.extra + b.supplyDelay + b.blocking;
                // The per-job blockings after suspensions ride in the job's cost, the waits for global resources in the
                // extra demand (blocking-hooks.ts): report both as blocking.
                const waits = (r.criticalJob + 1) * blk.perJobOf(i);
                const waitsIn = blk.waitsIn(i, w);
                const split = first ? lazySplit(tasks, rta, i, w, first.withWork) : splitOf(b.perInterferer, hpIdx!);
                parts = { own: task.wcet, interference: b.interference, ...split, extra: b.extra - waitsIn, supplyDelay: b.supplyDelay,
                    backlog: b.own - waits - task.wcet + b.backlogShift, window: w, refills: 0, job: r.criticalJob, blocking: b.blocking + waits + waitsIn };
                item.criticalJob = r.criticalJob;
            } else { reason = r.reason; unbounded = !!r.unbounded; }
        }
        if (wcrt === undefined || !parts) {
            item.reason = reason ?? 'no bound';
            if (blk.perJobOf(i) > 0) item.reason += `, counting ${formatTime(blk.perJobOf(i))} per job of blocking after its suspensions on global resources (MPCP)`;
            if (unbounded && levelOver) {
                item.verdict = 'unschedulable';
                item.reason = overloadedReason(group);
            } else if (unbounded && mg && refillsOver) {
                item.verdict = 'unschedulable';
                item.reason = refillsOverBudgetReason(group, mg, task);
            } else if (mg && mg.events === 0) {
                item.reason = `the MemGuard budget of core ${group.core} is 0 events: the first refill stalls the core forever`;
            }
            options.onBound?.(task, undefined);
            continue;
        }
        if (edfCheck?.ok && wcrt > task.deadline) {
            // The processor-demand test proves every deadline is met; Spuri's bound can be looser in corner cases.
            wcrt = task.deadline;
        }
        item.wcrt = wcrt;
        options.onBound?.(task, wcrt);
        if (!options.verdictOnly) {
            const hyp = hypervisorDemand(load, parts.window);
            const stall = parts.extra - hyp;
            item.terms = [
                term('release-jitter', 'release jitter', task.jitter, 'the job may be released this late after its nominal release'),
                term('wcet', 'execution', parts.own, 'the job\'s worst-case execution time'),
                term('interference', edf ? 'earlier-deadline tasks' : 'higher-priority tasks', parts.interference,
                    `jobs of ${parts.interfering()} more urgent task(s) of ${group.key}`),
                term('hypervisor', 'broker and IRQ work on the core', hyp, model.hypervisor.broker?.mode === 'floating'
                    ? 'floating-broker sections and IRQ entries of the flows touching this core' : 'IRQ entries and notification traps of the flows touching this core'),
                term('memguard', 'MemGuard throttling', stall, mg
                    ? `${mg.stall > 0 ? Math.round(stall / mg.stall) : 0} stall(s) of at most ${formatTime(mg.stall)} each: one per MemGuard period in which the core's ${mg.events}-event budget runs out`
                    : 'the core is not regulated, or nothing on it makes refills'),
                term('supply', 'reservation blackout', parts.supplyDelay, supply.kind === 'periodic'
                    ? `the VCPU (budget ${formatTime(supply.budget)} every ${formatTime(supply.period)}) leaves the core to others` : 'the core is owned whole'),
                term('self-backlog', 'earlier jobs of this task', parts.backlog, 'earlier jobs of the same task still pending in the busy period, minus the time between their releases'),
            ];
            if (parts.blocking > 0) {
                item.terms.push(blockingTerm(parts.blocking, blk.causesOf(i)));
                item.blockedBy = blk.causesOf(i);
            }
            const sum = parts.own + parts.interference + parts.extra + parts.supplyDelay + parts.backlog + task.jitter + parts.blocking;
            if (wcrt !== sum) {
                // The EDF cap at the deadline: say so in a term so the terms still add up.
                item.terms.push(term('demand-cap', 'processor-demand cap', wcrt - sum, 'the processor-demand test proves the deadline is met, tighter than the response-time bound'));
            }
            const { interferingTasks } = parts;
            const blockedBy = item.blockedBy;
            const build = (): Interferer[] => {
                const interferers: Interferer[] = [];
                for (const k of interferingTasks()) interferers.push(taskInterferer(k));
                for (const x of brokerWork()) interferers.push(x);
                if (mg && stall > 0) for (const x of coRunners()) interferers.push(x);
                for (const c of blockedBy ?? []) interferers.push({ kind: 'task', name: c.task, owner: c.owner, source: c.source, relation: 'blocking' });
                return interferers;
            };
            // A task of a group analysed level by level gets its list when it is read (a hover, `--interferers`): the
            // lists of n tasks hold O(n²) entries. The others (EDF, a task probed alone) have their split at hand.
            if (fpFirst.has(i)) setInterferersOnRead(item, build);
            else item.interferers = build();
        }
        if (reason) item.reason = reason;
        finish(item);
    }
    return results;
}

/**
 * Long-run refill rate of the tasks at each priority level of a group (all its tasks under EDF) above the core's
 * budget of Q events per period P: Σ m_k·P/T_k > Q over the tasks at least as urgent (exact, see compareRateSum).
 * Those refills alone need more than Q per period, so the level's backlog grows without bound. A less urgent level
 * does not matter: during a level's busy window its tasks run first, and the budget a less urgent task spent before
 * the window costs one stall (the "1 +" of docs/analysis.md §3.3). With Q = 0 every level that makes a refill is
 * over; one that makes none is not proven unbounded here (the stall term decides: any refill on the core stalls it
 * for good, see memguardStall).
 */
function refillsOverByLevel(tasks: readonly Task[], edf: boolean, events: number, period: number): (priority: number) => boolean {
    return rateAboveByLevel(tasks, edf, [], (t) => ({ c: t.memoryRefills, t: t.period }), events, period);
}

/**
 * Whether Σ over `fixed` and the group's tasks at least as urgent as a level (all of them under EDF) of rateOf(task) is
 * above num/den (exact, see compareRateSum). Memoised per priority; the tasks sorted most urgent first, so a level's
 * rates are a prefix (`PrefixRateSums`: no sum per level) and its length a binary search.
 */
function rateAboveByLevel(
    tasks: readonly Task[], edf: boolean, fixed: readonly Rate[], rateOf: (t: Task) => Rate, num: number, den: number,
): (priority: number) => boolean {
    const memo = new Map<number, boolean>();
    const sorted = edf ? [...tasks] : [...tasks].sort((a, b) => b.priority - a.priority);
    const sums = new PrefixRateSums([...fixed, ...sorted.map(rateOf)]);
    return (priority) => {
        const key = edf ? 0 : priority;
        let v = memo.get(key);
        if (v === undefined) {
            // The tasks with a priority ≥ the level's come first in `sorted`: count them by bisection.
            let count = sorted.length;
            if (!edf) {
                let lo = 0;
                while (lo < count) {
                    const mid = (lo + count) >> 1;
                    if (sorted[mid].priority >= priority) lo = mid + 1; else count = mid;
                }
            }
            v = sums.compare(num, den, fixed.length + count) > 0;
            memo.set(key, v);
        }
        return v;
    };
}

/**
 * The verdict-only result of an EDF task whose deadline the processor-demand test proves, without blocking: its
 * response-time search could only end at or below L (every window of it is at most the busy period, docs/analysis.md
 * §4), and its bound would be capped at the deadline, so the task is schedulable with the deadline as bound.
 */
function provenByDemand(task: Task): EdfResult {
    return { wcrt: task.deadline, criticalOffset: 0, breakdown: { own: task.wcet, interference: 0, perInterferer: [], extra: 0, supplyDelay: 0, releaseShift: 0 } };
}

/** Indices of the tasks at least as urgent as task i, i excluded, in declaration order. */
function higherOrEqual(tasks: readonly Task[], i: number): number[] {
    const p = tasks[i].priority;
    const out: number[] = [];
    for (let k = 0; k < tasks.length; k++) if (k !== i && tasks[k].priority >= p) out.push(k);
    return out;
}

function swap<A>(a: A[], x: number, y: number): void {
    if (x === y) return;
    [a[x], a[y]] = [a[y], a[x]];
}

/** Each more urgent task's demand ⌈(w + J_k)/T_k⌉·C_k in the window w (fp-rta.ts `demandOf`), in the order of `hp`. */
function splitAt(w: number, hp: readonly number[], rta: readonly RtaTask[]): number[] {
    return hp.map((k) => mulCapped(arrivalsBefore(w, rta[k].period, rta[k].jitter), rta[k].wcet));
}

/** A fixed-priority task's result from the level-by-level pass, and how many of its more urgent tasks have work. */
interface FpFirst {
    result: RtaResult;
    /** The more urgent tasks with a positive WCET (undefined without an interference table). */
    withWork?: number;
}

/** How the interference term splits over the other tasks of the group: how many delay the task, and which. */
interface TaskSplit {
    /** How many tasks have a positive share of the interference. */
    interfering: () => number;
    /** Their indices in the group, in declaration order. */
    interferingTasks: () => number[];
}

/** The split of a breakdown's `per` (per[idx] is the share of task others[idx]). */
function splitOf(per: readonly number[], others: readonly number[]): TaskSplit {
    return { interfering: () => per.filter((v) => v > 0).length, interferingTasks: () => others.filter((_, idx) => per[idx] > 0) };
}

/**
 * The split of task i's window w over its more urgent tasks, computed when asked. Every task of the set has a job in
 * a window of length ≥ 1 (jitters are ≥ 0), so the count is those with a positive WCET, known from the pass; the list
 * (O(n) per task) is built from the window when read.
 */
function lazySplit(tasks: readonly Task[], rta: readonly RtaTask[], i: number, w: number, withWork: number | undefined): TaskSplit {
    const which = (): number[] => {
        const hp = higherOrEqual(tasks, i);
        const per = splitAt(w, hp, rta);
        return hp.filter((_, idx) => per[idx] > 0);
    };
    return { interfering: () => (withWork !== undefined && w >= 1 ? withWork : which().length), interferingTasks: which };
}

/** Long-run refill rate of the core's tasks above a budget of Q events per period P: Σ m_k·P/T_k > Q (exact, see compareRateSum). */
function refillsOverBudget(core: CoreFacts, events: number, period: number): boolean {
    const rates: Rate[] = [];
    for (const g of core.groups) for (const t of g.tasks) if (t.memoryRefills > 0) rates.push({ c: t.memoryRefills, t: t.period });
    return compareRateSum(rates, events, period) > 0;
}

function overloadedReason(group: TaskGroup): string {
    return `the ${group.key} is overloaded (utilisation above 1, or above the reservation's bandwidth), so response times grow without bound`;
}

function refillsOverBudgetReason(group: TaskGroup, mg: MemguardModel, task: Task): string {
    const which = group.cell.scheduler === 'edf' ? `the tasks of ${group.key}` : `the tasks of ${group.key} at priority ${task.priority} or more urgent`;
    return `${which} make more LLC refills per MemGuard period than the budget of core ${group.core} (${mg.events} events) allows, so response times grow without bound`;
}

/** Thrown (and caught in `analyzeCore`) to stop a pass whose stall-free check can no longer hold. */
const STALL_CHECK_FAILS = Symbol('stall check fails');

/**
 * All task groups of one core. MemGuard stalls are dropped when they provably never happen (docs/analysis.md §3.3):
 * with bounds R_k of every task of the core *in the system without stalls*, the refills any MemGuard period can see
 * are at most Σ_k ⌈(P + R_k)/T_k⌉·m_k; if that is below Q, no stall ever happens. (Up to the first stall the real
 * system runs exactly as the one without stalls, so the jobs executing in that stall's period have nominal releases in
 * an open window of length P + R_k, and make fewer than Q refills in all: no stall.) So the pass without stalls runs
 * first and is final when the check holds; otherwise the pass with the stall term follows. The check with the
 * stall-free bounds holds whenever it holds with the (larger) stalled bounds, so this is never looser than checking
 * after a stalled pass, and it analyses the core once instead of twice when the budget suffices.
 */
export function analyzeCore(
    ctx: SystemContext, core: CoreFacts, load: CoreLoad | undefined, admissibleOf: (g: TaskGroup) => boolean,
    options: GroupOptions = {}, groups: TaskGroup[] = core.groups,
): Map<TaskGroup, ItemResult[]> {
    const pass = (opts: GroupOptions) => {
        const out = new Map<TaskGroup, ItemResult[]>();
        for (const g of groups) out.set(g, analyzeGroup(ctx, g, load, admissibleOf(g), opts));
        return out;
    };
    const Q = options.memguardEvents ?? core.memguardEvents;
    if (Q === undefined || options.memguardOff) return pass(options);
    const P = ctx.model.hypervisor.memguardPeriod;
    // A long-run refill rate above the budget fails the check whatever the bounds (⌈(P + R)/T⌉ ≥ P/T).
    if (refillsOverBudget(core, Q, P)) return pass(options);
    // Every bound is at least the task's WCET, so when Σ ⌈(P + C_k)/T_k⌉·m_k already reaches Q the check fails
    // whatever the bounds: skip the pass without stalls.
    let least = 0;
    for (const g of core.groups) for (const t of g.tasks) if (t.memoryRefills > 0) least += ceilDivInt(P + t.wcet, t.period) * t.memoryRefills;
    if (least >= Q) return pass(options);
    // The pass without stalls stops as soon as the check is sure to fail: `estimate` is the sum with the bounds known
    // so far and C_k for the others (a lower bound of the final sum), and a task with refills but no bound fails it.
    let estimate = least;
    const reported = new Set<Task>();
    const onBound = (t: Task, r: number | undefined) => {
        if (t.memoryRefills <= 0 || reported.has(t)) return;
        reported.add(t);
        if (r === undefined) throw STALL_CHECK_FAILS;
        estimate += (ceilDivInt(P + r, t.period) - ceilDivInt(P + t.wcet, t.period)) * t.memoryRefills;
        if (estimate >= Q) throw STALL_CHECK_FAILS;
    };
    let free: Map<TaskGroup, ItemResult[]>;
    try {
        // Not in a single-task probe: its own task's bound there may differ from the whole group's (EDF demand cap).
        free = pass({ ...options, memguardOff: true, ...(options.only ? {} : { onBound, verdictsOnly: false }) });
    } catch (e) {
        if (e === STALL_CHECK_FAILS) return pass(options);
        throw e;
    }
    // Every task of the core must be bounded (co-runners' refills count too), so analyse the missing groups.
    const bounds = new Map<Task, number | undefined>();
    for (const g of core.groups) {
        const whole = free.has(g) && !(options.only && g.tasks.includes(options.only));
        let results: ItemResult[];
        try {
            results = whole ? free.get(g)! : analyzeGroup(ctx, g, load, admissibleOf(g), { ...options, only: undefined, verdictOnly: true, verdictsOnly: false, memguardOff: true, onBound });
        } catch (e) {
            if (e === STALL_CHECK_FAILS) return pass(options);
            throw e;
        }
        g.tasks.forEach((t, k) => bounds.set(t, results[k]?.wcrt));
    }
    let refills = 0;
    for (const [t, r] of bounds) {
        if (t.memoryRefills <= 0) continue;
        if (r === undefined) return pass(options);
        refills += ceilDivInt(P + r, t.period) * t.memoryRefills;
        if (refills >= Q) return pass(options);
    }
    return free;
}

/**
 * Long-run overload of each priority level: Σ C/T over the tasks at least as urgent (all tasks under EDF) plus the
 * hypervisor work rate, above the supply's bandwidth (1, or Θ/Π). Memoised per priority: one sort and one exact
 * comparison per distinct level instead of a BigInt sum per task.
 */
function overloadByLevel(tasks: readonly Task[], edf: boolean, load: CoreLoad | undefined, supply: Supply): (priority: number) => boolean {
    const streams: Rate[] = (load?.streams ?? []).map((s) => ({ c: s.cost, t: s.period }));
    const [num, den] = supply.kind === 'periodic' ? [supply.budget, supply.period] : [1, 1];
    return rateAboveByLevel(tasks, edf, streams, (t) => ({ c: t.wcet, t: t.period }), num, den);
}
