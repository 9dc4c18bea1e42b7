/**
 * The discrete-event simulation of one system (docs/semantics.md is the specification; every rule below cites its
 * section). Entry point: `simulate` in ./index.ts.
 *
 * Structure: all state lives in flat per-entity records created once; events are (time, type, argument, version)
 * tuples in a typed-array heap. Events at one instant are all applied first, then every core and the broker touched
 * by them decides once ("dirty" set) — so simultaneous releases, budget refills and completions never depend on
 * the order they were queued in.
 */
import type { Cell, Flow, IrqEvent, SystemModel, Task } from '../model/types.js';
import { EventQueue } from './event-queue.js';
import { ceilMulDiv, floorMulDiv } from './int-math.js';
import { LatencyRecorder } from './latency-recorder.js';
import { PickOrder } from './pick-order.js';
import { Prng } from './prng.js';
import { ResourceArbiter, SUSPENDED } from './resources.js';
import { CollectingTraceSink } from './trace-sink.js';
import { IK, MK, NO_ACTIVITY, TraceWriter } from './trace-writer.js';
import { SimulationInputError, type LatencyStatistics, type Scenario, type SimulateOptions, type SimulationResult } from './types.js';
import { buildTopology, type CoreState, type EventState, type FlowState, type ServerState, type TaskState } from './topology.js';
import { adversarialVcpuPhases, emptyVcpuPhasePlan, type VcpuPhasePlan } from './vcpu-phases.js';
import { DmaWindow, planDmaWindow } from './dma-window.js';

const NS_PER_S = 1_000_000_000;
const DEFAULT_TRACE_CAP = 2_000_000;

// Event types.
const EV_MG_BOUNDARY = 1;
const EV_VCPU_RELEASE = 2;
const EV_CORE = 3;
const EV_TASK_RELEASE = 4;
const EV_FLOW_RELEASE = 5;
const EV_BROKER = 6;
const EV_DMA = 7;
const EV_EVENT_ARRIVAL = 8;
const EV_NP_END = 9;
const EV_SECTION = 10;
const EV_HELD_FLOWS = 11;

// Floating-broker section kinds and phases (section 6).
const SEC_SUBMIT = 0;
const SEC_COMPLETION = 1;
const PH_DISPATCH = 1; // notify/irqEntry + dispatch, ends at the decision point
const PH_SETUP = 2; // dmaSetup, ends when the DMA starts the chunk
const PH_IPI = 3; // ipi to the sender after a message's last chunk

// Dedicated-broker phases (section 5).
const BR_IDLE = 0;
const BR_SETUP = 1;
const BR_TRANSFER = 2;
const BR_IPI_RX = 3;
const BR_IPI_TX = 4;

// Pending interrupts (events and dedicated-broker deliveries to a receiver).
const IRQ_EVENT = 0;
const IRQ_FLOW = 1;

/** Events between two progress calls (`SimulateOptions.onProgress`): about 50 ms of simulation at 5 M events/s. */
const PROGRESS_EVENTS = 1 << 18;

export class Simulation {
    private readonly q = new EventQueue();
    private readonly rng: Prng;
    private readonly seed: number;
    private readonly scenario: Scenario;
    /** The scenario as flags, for the hot paths. */
    private readonly random: boolean;
    private readonly adversarial: boolean;
    private readonly end: number;
    private readonly tw?: TraceWriter;
    /** The sink of `trace: true`, which the result returns; absent when the caller streams to its own sink. */
    private readonly collected?: CollectingTraceSink;
    private eventsProcessed = 0;

    private readonly cores: CoreState[];
    private readonly servers: ServerState[];
    private readonly tasks: TaskState[];
    private readonly flows: FlowState[];
    private readonly events: EventState[];
    private readonly dirtyCores: Int32Array;
    private dirtyCount = 0;
    private readonly np: number;
    private readonly irqEntry: number;
    private readonly ov: SystemModel['hypervisor']['overheads'];
    private readonly period: number;
    private readonly floating: boolean;
    private readonly brokerEdf: boolean;
    private readonly hasBroker: boolean;

    // Dedicated broker.
    private brPhase = BR_IDLE;
    private brFlow = -1;
    private brLast = false;
    private brNominal = 0;
    private brJob = 0;
    private brDirty = false;
    private brLane = -1;

    // DMA (one channel at a time, section 5.3-5.4).
    private readonly dmaRate: number;
    private readonly dmaBudget: number; // bytes per period; Infinity when unregulated
    private dmaBusy = false; // claimed: a chunk is being set up, moved or completed
    private dmaTransferring = false;
    private dmaStalled = false;
    private dmaFlow = -1;
    private dmaJob = -1;
    private dmaBytes = 0;
    private dmaNeed = 0; // ns of active transfer the chunk needs
    private dmaTau = 0; // ns of active transfer done
    private dmaSegStart = 0;
    private dmaUsed = 0; // bytes counted against the budget in this period
    private dmaVersion = 0;
    private dmaLane = -1;

    // Interrupt pool.
    private irqKind: number[] = [];
    private irqItem: number[] = [];
    private irqNominal: number[] = [];
    private irqJob: number[] = [];
    private irqArrival: number[] = [];
    private irqFree: number[] = [];
    private irqLive: boolean[] = [];

    private hvItem = -1;
    private readonly onProgress: SimulateOptions['onProgress'];

    /** Adversarial: the VCPU phases and longest blackouts (vcpu-phases.ts). */
    private vcpuPlan?: VcpuPhasePlan;
    /** Adversarial, regulated DMA: flows held until the DMA budget is first spent (dma-window.ts). */
    private dmaWindow?: DmaWindow;

    /** The broker policy's choice among the flows with a message pending at the broker (pick-order.ts). */
    private readonly flowPick: PickOrder;
    /** Critical sections and their protocols (resources.ts); absent when no task has a section. */
    private readonly res?: ResourceArbiter;

    constructor(private readonly model: SystemModel, options: SimulateOptions) {
        if (!Number.isSafeInteger(options.durationNs) || options.durationNs <= 0) {
            throw new SimulationInputError(`duration must be a positive integer number of ns (got ${options.durationNs})`);
        }
        this.end = options.durationNs;
        this.onProgress = options.onProgress;
        this.scenario = options.scenario ?? 'synchronous';
        this.random = this.scenario === 'random';
        this.adversarial = this.scenario === 'adversarial';
        this.seed = options.seed ?? 1;
        if (!Number.isSafeInteger(this.seed) || this.seed < 0) throw new SimulationInputError(`seed must be a non-negative integer (got ${options.seed})`);
        this.rng = new Prng(this.seed);
        if (options.traceSink) this.tw = new TraceWriter(options.maxTraceIntervals ?? DEFAULT_TRACE_CAP, options.traceSink);
        else if (options.trace) {
            this.collected = new CollectingTraceSink();
            this.tw = new TraceWriter(options.maxTraceIntervals ?? DEFAULT_TRACE_CAP, this.collected);
        }
        const topo = buildTopology(model, this.tw);
        this.cores = topo.cores;
        this.servers = topo.servers;
        this.tasks = topo.tasks;
        this.flows = topo.flows;
        this.events = topo.events;
        this.dirtyCores = new Int32Array(Math.max(1, topo.cores.length));
        this.ov = model.hypervisor.overheads;
        this.np = this.ov.nonPreemptible;
        this.irqEntry = this.ov.irqEntry;
        this.period = model.hypervisor.memguardPeriod;
        const broker = model.hypervisor.broker;
        this.hasBroker = broker !== undefined;
        this.floating = broker?.mode === 'floating';
        this.brokerEdf = broker?.policy === 'edf';
        this.dmaRate = topo.dmaRate;
        this.dmaBudget = broker?.dmaBudget ? broker.dmaBudget.bytesPerPeriod : Number.POSITIVE_INFINITY;
        this.brLane = topo.brokerLane;
        this.dmaLane = topo.dmaLane;
        this.flowPick = new PickOrder(this.flows.map((f) => f.index), !this.brokerEdf, (i) => this.flows[i].priority);
        this.flowPick.order.forEach((flow, position) => (this.flows[flow].pickPosition = position));
        if (this.tw) this.hvItem = this.tw.addItem({ name: 'hypervisor', kind: 'hypervisor' });
        this.res = ResourceArbiter.build(model, this.tasks, this.servers, (core) => this.markDirty(core));
    }

    run(): SimulationResult {
        this.start();
        const q = this.q;
        const onProgress = this.onProgress;
        let nextProgress = PROGRESS_EVENTS;
        while (q.size > 0) {
            const t = q.peekTime();
            if (t >= this.end) break;
            do {
                q.pop();
                this.eventsProcessed++;
                this.handle(q.poppedType, q.poppedArg, q.poppedVersion, t);
            } while (q.hasMoreNow());
            this.flush(t);
            if (onProgress && this.eventsProcessed >= nextProgress) {
                nextProgress = this.eventsProcessed + PROGRESS_EVENTS;
                onProgress(t);
            }
        }
        for (const c of this.cores) this.advance(c, this.end);
        return this.finish();
    }

    // ---------------------------------------------------------------- setup

    private start(): void {
        const regulated = this.cores.some((c) => c.quota !== Number.POSITIVE_INFINITY) || this.dmaBudget !== Number.POSITIVE_INFINITY;
        if (regulated) this.q.push(this.period, EV_MG_BOUNDARY, 0);
        // Adversarial: VCPU phases that give each VCPU its longest blackout (vcpu-phases.ts); otherwise all at 0.
        const vcpuPlan = this.adversarial ? this.planVcpuPhases() : undefined;
        this.vcpuPlan = vcpuPlan;
        for (const s of this.servers) {
            if (s.vcpu) {
                // Phase φ > 0: the run starts inside a period begun at φ − Π, budget full; released at φ + kΠ.
                const phase = vcpuPlan?.phase.get(s.index) ?? 0;
                s.remaining = s.budget;
                s.nextRelease = phase > 0 ? phase : s.period;
                this.q.push(s.nextRelease, EV_VCPU_RELEASE, s.index);
            }
        }
        if (vcpuPlan) this.planAdversarialShifts(vcpuPlan);
        for (const task of this.tasks) this.scheduleTaskRelease(task);
        const held = this.dmaWindow?.plan.held;
        for (const flow of this.flows) if (!held?.includes(flow.index)) this.scheduleFlowRelease(flow);
        if (this.dmaWindow) this.q.push(this.dmaWindow.plan.fallbackAt, EV_HELD_FLOWS, 0);
        for (const ev of this.events) {
            if (this.random) {
                this.q.push(this.rng.intBetween(0, ev.gap - 1), EV_EVENT_ARRIVAL, ev.index, ++ev.version);
            } else if (this.adversarial) {
                // Armed from the start: the first arrival waits for an interesting instant, at the latest one gap in.
                ev.armedAt = 0;
                this.q.push(ev.gap, EV_EVENT_ARRIVAL, ev.index, ++ev.version);
            } else {
                this.q.push(0, EV_EVENT_ARRIVAL, ev.index, ++ev.version);
            }
        }
        for (const c of this.cores) this.markDirty(c.index);
    }

    /**
     * Adversarial shifts (docs/trace-format.md, "Scenarios"): flows are released in increasing urgency one ns apart, so
     * the least urgent flow's chunk has just started when the more urgent ones arrive (equal urgency: in reverse
     * declaration order, since the synchronous scenario serves ties in declaration order, each of a tied pair goes
     * second in one of the two); with a regulated DMA, the DMA budget window of dma-window.ts; tasks on a VCPU are
     * released at the start of their VCPU's longest blackout (with the phases of `planVcpuPhases`).
     */
    private planAdversarialShifts(vcpuPlan: VcpuPhasePlan): void {
        const byUrgency = (tie: (a: FlowState, b: FlowState) => number) => this.flows.slice().sort((a, b) => {
            const ua = this.brokerEdf ? -a.deadline : a.priority;
            const ub = this.brokerEdf ? -b.deadline : b.priority;
            return ua - ub || tie(a, b);
        });
        const order = byUrgency((a, b) => b.index - a.index);
        // Floating broker: each submit decides alone, and in the synchronous scenario the first declared flow claims
        // the DMA first, so when that is also the least urgent flow it would be served first in both: here it comes
        // last, and the next least urgent flow blocks instead. (The dedicated broker picks among all at once.)
        if (this.floating && order.length > 1 && order[0].index === 0) order.push(order.shift()!);
        order.forEach((f, rank) => (f.plan.shift = rank));
        this.planDmaWindow(byUrgency((a, b) => a.index - b.index));
        for (const task of this.tasks) {
            const at = vcpuPlan.blackoutStart.get(task.server);
            if (at !== undefined) task.plan.shift = at;
        }
        // Critical sections: the least urgent user of each server takes its resource 1 ns before the others arrive.
        const blockers = this.res?.adversarialBlockers();
        if (blockers) for (const task of this.tasks) if (!blockers.has(task.index)) task.plan.shift += 1;
    }

    /**
     * Regulated DMA: the least urgent flows spend the budget from a MemGuard boundary on, the others are held until it
     * is spent (dma-window.ts). `order`: the flows in increasing urgency, ties in declaration order.
     */
    private planDmaWindow(order: readonly FlowState[]): void {
        const o = this.ov;
        const startDelay = (this.floating ? this.np : 0) + o.notify + o.dispatch + o.dmaSetup;
        const plan = planDmaWindow(order.map((f) => ({ index: f.index, bytes: f.size })), this.dmaBudget, this.period, startDelay);
        if (!plan) return;
        for (const [index, shift] of plan.burnerShift) this.flows[index].plan.shift = shift;
        this.dmaWindow = new DmaWindow(plan);
    }

    /** The held flows' first jobs, in increasing urgency 1 ns apart from `t` (the budget is spent, or the fallback). */
    private releaseHeldFlows(t: number): void {
        const held = this.dmaWindow?.release();
        if (!held) return;
        held.forEach((index, rank) => {
            const flow = this.flows[index];
            flow.plan.shift = t + rank;
            this.scheduleFlowRelease(flow);
        });
    }

    /** Adversarial VCPU phases per core, the core's VCPUs in their rate-monotonic order (vcpu-phases.ts). */
    private planVcpuPhases(): VcpuPhasePlan {
        const plan = emptyVcpuPhasePlan();
        for (const c of this.cores) {
            const vcpus = c.servers.map((i) => this.servers[i]).filter((s) => s.vcpu);
            if (vcpus.length > 0) adversarialVcpuPhases(vcpus, plan);
        }
        return plan;
    }

    // ---------------------------------------------------------------- releases (section 2, 5, 6)

    /** Nominal and actual time of the item's next job, by scenario (see types.ts, Scenario). */
    private planNext(plan: TaskState['plan']): void {
        const k = plan.k;
        let nominal: number;
        let actual: number;
        if (this.random) {
            if (k === 0) nominal = this.rng.intBetween(0, plan.period - 1);
            else {
                const gap = plan.sporadic && this.rng.chance(0.3) ? this.rng.intBetween(0, Math.floor(plan.period / 2)) : 0;
                nominal = plan.nominal + plan.period + gap;
            }
            actual = nominal + this.rng.intBetween(0, plan.jitter);
        } else {
            nominal = plan.shift + k * plan.period - plan.jitter;
            actual = k === 0 ? plan.shift : nominal;
        }
        // Jobs of one item are released in order even when the jitter exceeds the period.
        if (k > 0 && actual < plan.actual) actual = plan.actual;
        plan.nominal = nominal;
        plan.actual = actual;
    }

    private scheduleTaskRelease(task: TaskState): void {
        this.planNext(task.plan);
        this.q.push(task.plan.actual, EV_TASK_RELEASE, task.index);
    }

    private scheduleFlowRelease(flow: FlowState): void {
        this.planNext(flow.plan);
        // Dedicated: the message becomes pending after the notification trap (5.1). Floating: the submit section
        // is requested at the notification itself (6.1).
        const at = this.floating ? flow.plan.actual : flow.plan.actual + this.ov.notify;
        this.q.push(at, EV_FLOW_RELEASE, flow.index);
    }

    // ---------------------------------------------------------------- event dispatch

    private handle(type: number, arg: number, version: number, t: number): void {
        switch (type) {
            case EV_CORE: {
                const c = this.cores[arg];
                if (version !== c.version) return;
                c.scheduledAt = -1;
                this.advance(c, t);
                this.markDirty(arg);
                return;
            }
            case EV_TASK_RELEASE:
                return this.onTaskRelease(this.tasks[arg], t);
            case EV_VCPU_RELEASE: {
                const s = this.servers[arg];
                const c = this.cores[s.core];
                this.advance(c, t);
                s.remaining = s.budget; // polling server: unused budget is lost (section 1)
                s.nextRelease = t + s.period;
                this.q.push(t + s.period, EV_VCPU_RELEASE, arg);
                this.markDirty(s.core);
                return;
            }
            case EV_MG_BOUNDARY:
                return this.onBoundary(t);
            case EV_FLOW_RELEASE:
                return this.onFlowRelease(this.flows[arg], t);
            case EV_BROKER:
                return this.onBrokerPhaseEnd(t);
            case EV_DMA:
                if (version !== this.dmaVersion) return;
                return this.onDmaEvent(t);
            case EV_EVENT_ARRIVAL: {
                const ev = this.events[arg];
                if (version !== ev.version) return;
                return this.onEventArrival(ev, t);
            }
            case EV_NP_END: {
                const c = this.cores[arg];
                if (version !== c.npVersion) return;
                this.markDirty(arg);
                return;
            }
            case EV_HELD_FLOWS:
                return this.releaseHeldFlows(t);
            case EV_SECTION:
                return this.onSectionPhaseEnd(this.cores[arg], t);
        }
    }

    private markDirty(core: number): void {
        const c = this.cores[core];
        if (!c.dirty) {
            c.dirty = true;
            this.dirtyCores[this.dirtyCount++] = core;
        }
    }

    private flush(t: number): void {
        // Dispatching a core can start a section that makes no other core dirty, so one pass suffices; the broker
        // decides after the cores (a DMA completion handled above may have queued messages).
        for (let i = 0; i < this.dirtyCount; i++) {
            const c = this.cores[this.dirtyCores[i]];
            c.dirty = false;
            this.dispatch(c, t);
        }
        this.dirtyCount = 0;
        if (this.brDirty) {
            this.brDirty = false;
            this.brokerTryStart(t);
        }
    }

    // ---------------------------------------------------------------- cores (sections 1-3)

    /** Charges the time since the core's last update to its VCPU budget and running job (refills, completion). */
    private advance(c: CoreState, t: number): void {
        const dt = t - c.last;
        if (dt <= 0) return;
        c.last = t;
        if (c.active >= 0) {
            const s = this.servers[c.active];
            if (s.vcpu) s.remaining -= dt;
        }
        if (c.running < 0) return;
        const task = this.tasks[c.running];
        task.progress += dt;
        if (this.res) this.res.afterProgress(task);
        if (task.metered && !this.makeDueRefills(c, task)) return;
        if (task.progress >= task.headExec && this.refillsComplete(task)) this.completeJob(c, task, t);
    }

    private refillsComplete(task: TaskState): boolean {
        return !task.metered || task.refillsDone >= task.refills;
    }

    /**
     * Makes the refills due at the job's progress (the i-th after i·C/m of execution, section 2). A refill beyond the
     * core's budget stalls the whole core until the next period boundary (section 3). Returns false when it stalled.
     */
    private makeDueRefills(c: CoreState, task: TaskState): boolean {
        // Already made at this progress (the core's decision right after an advance asks again).
        if (task.progress === task.refillsMadeAt) return true;
        const C = task.headExec;
        const due = C === 0 ? task.refills : Math.min(task.refills, floorMulDiv(task.progress, task.refills, C));
        const extra = due - task.refillsDone;
        if (extra <= 0) {
            task.refillsMadeAt = task.progress;
            return true;
        }
        const allowed = c.quota - c.used;
        if (extra <= allowed) {
            c.used += extra;
            task.refillsDone = due;
            task.refillsMadeAt = task.progress;
            return true;
        }
        c.used += allowed;
        task.refillsDone += allowed;
        c.throttled = true;
        c.running = -1;
        return false;
    }

    private completeJob(c: CoreState, task: TaskState, t: number): void {
        const nominal = task.headNominal;
        const job = task.headJob;
        const latency = t - nominal;
        const missed = latency > task.deadline;
        task.rec.record(latency, job, missed, t);
        if (this.tw) {
            this.tw.marker(task.lane, t, MK.completion, task.item, job);
            if (missed) this.tw.marker(task.lane, t, MK.miss, task.item, job);
        }
        task.popJob();
        if (this.res) this.res.onComplete(task);
        if (task.jobCount > 0) this.offerTask(task);
        else this.servers[task.server].pick.withdraw(task.pickPosition);
        task.progress = 0;
        task.refillsDone = 0;
        task.refillsMadeAt = -1;
        if (c.running === task.index) c.running = -1;
    }

    private onTaskRelease(task: TaskState, t: number): void {
        const plan = task.plan;
        let exec = this.random ? this.rng.intBetween(task.bcet, task.wcet) : task.wcet;
        if (this.res) exec = this.res.execFor(task, exec);
        task.pushJob(plan.nominal, plan.actual, exec, plan.k);
        if (task.jobCount === 1) this.offerTask(task);
        if (this.tw) {
            this.tw.marker(task.lane, t, MK.release, task.item, plan.k);
            this.tw.marker(task.lane, plan.nominal + task.deadline, MK.deadline, task.item, plan.k);
        }
        plan.k++;
        this.scheduleTaskRelease(task);
        this.markDirty(task.core);
    }

    private onBoundary(t: number): void {
        for (const c of this.cores) {
            if (c.quota === Number.POSITIVE_INFINITY) continue;
            this.advance(c, t);
            c.used = 0;
            c.throttled = false;
            this.markDirty(c.index);
        }
        this.dmaBoundary(t);
        this.q.push(t + this.period, EV_MG_BOUNDARY, 0);
    }

    /** One scheduling decision for a core at time t (after all of t's events were applied). */
    private dispatch(c: CoreState, t: number): void {
        this.advance(c, t);
        // 1. The VCPU servers: rate-monotonic among those with budget left (section 1); vMPCP may put one first (§9).
        let active = this.res ? this.res.boostedServer(c) : -1;
        if (active < 0) for (let i = 0; i < c.servers.length; i++) {
            const s = this.servers[c.servers[i]];
            if (s.remaining > 0 || (this.res !== undefined && this.res.overruns(s))) {
                active = s.index;
                break;
            }
        }
        if (active !== c.active) {
            if (c.active >= 0 && this.tw) {
                const old = this.servers[c.active];
                if (old.lane >= 0) this.tw.activity(old.lane, t, NO_ACTIVITY, -1, -1);
            }
            c.active = active;
            if (active >= 0) this.onServerActivated(c, this.servers[active], t);
        }
        // 2. Interrupts waiting for the end of a non-preemptible section, then the next queued broker section.
        if (!this.inNp(c, t)) {
            if (c.npWaiting.length > 0) {
                // Swap in the spare list: irqAfterNp never re-queues on npWaiting (the core is out of its section).
                const waiting = c.npWaiting;
                c.npWaiting = c.npSpare;
                c.npSpare = waiting;
                for (let i = 0; i < waiting.length; i++) this.irqAfterNp(waiting[i], c, t);
                waiting.length = 0;
            }
            if (c.secQueue.length > c.secHead) this.startSection(c, t);
        }
        // 3. The guest job to run.
        let running = -1;
        if (!c.throttled && !c.secActive && active >= 0) {
            const s = this.servers[active];
            for (;;) {
                const pick = this.res ? this.res.pick(s) : s.pick.pick();
                if (pick < 0) break;
                const task = this.tasks[pick];
                if (this.res && this.res.beforeRun(task, t) === SUSPENDED) continue;
                if (task.metered) {
                    c.running = pick;
                    if (!this.makeDueRefills(c, task)) break;
                }
                if (task.progress >= task.headExec && this.refillsComplete(task)) {
                    c.running = pick;
                    this.completeJob(c, task, t);
                    continue;
                }
                running = pick;
                break;
            }
        }
        c.running = running;
        // 4. The core's next own event: job completion, the refill that would exceed the budget, VCPU exhaustion.
        let next = Number.POSITIVE_INFINITY;
        if (running >= 0) {
            const task = this.tasks[running];
            const C = task.headExec;
            let target = C;
            if (this.res) target = Math.min(target, this.res.nextBoundary(task));
            if (task.metered) {
                const stallingRefill = task.refillsDone + (c.quota - c.used) + 1;
                if (stallingRefill <= task.refills) {
                    const at = ceilMulDiv(stallingRefill, C, task.refills);
                    if (at < target) target = at;
                }
            }
            next = t + (target - task.progress);
        }
        if (active >= 0) {
            const s = this.servers[active];
            if (s.vcpu && s.remaining > 0 && t + s.remaining < next) next = t + s.remaining;
        }
        if (next !== Number.POSITIVE_INFINITY && next !== c.scheduledAt) {
            c.version++;
            c.scheduledAt = next;
            this.q.push(next, EV_CORE, c.index, c.version);
        }
        // 5. Timeline.
        if (this.tw) this.traceCore(c, t);
    }

    private traceCore(c: CoreState, t: number): void {
        const tw = this.tw!;
        let kind: number;
        let item = -1;
        let job = -1;
        if (c.secActive) {
            kind = IK.broker;
            item = this.flows[c.secFlow].item;
            job = c.secJob;
        } else if (c.throttled) kind = IK.throttled;
        else if (c.running >= 0) {
            const task = this.tasks[c.running];
            kind = IK.task;
            item = task.item;
            job = task.headJob;
        } else if (c.servers.length > 0) kind = IK.idle;
        else kind = NO_ACTIVITY;
        if (!c.brokerCore) tw.activity(c.lane, t, kind, item, job);
        if (c.active >= 0) {
            const s = this.servers[c.active];
            if (s.lane >= 0) tw.activity(s.lane, t, kind === NO_ACTIVITY ? IK.idle : kind, item, job);
        }
    }

    /**
     * The task is a candidate of its server's scheduler with its oldest job (just released or next in line): fixed
     * priority (larger first) or EDF (earlier absolute deadline first); ties FIFO by release, then declaration.
     */
    private offerTask(task: TaskState): void {
        const s = this.servers[task.server];
        s.pick.offer(task.pickPosition, s.edf ? task.headNominal + task.deadline : -task.priority, task.headRelease);
    }

    // ---------------------------------------------------------------- interrupts and sections (sections 4, 6)

    private inNp(c: CoreState, t: number): boolean {
        return c.secActive || c.npUntil > t;
    }

    /**
     * A guest-caused non-preemptible section (section 4) that starts just as an interrupt arrives, when the core is
     * free: always a full one in the worst-case scenarios, sometimes a random one in `random`. Its time belongs to the
     * running guest's WCET, so it only delays interrupts and broker sections, never the guest's own progress.
     */
    private maybeInjectNp(c: CoreState, t: number): void {
        if (c.brokerCore || this.np <= 0) return;
        // Not while a section runs or is queued, nor while interrupts that waited for a section's end are still to
        // be delivered at this instant: the core takes pending interrupts before the guest can trap again.
        if (this.inNp(c, t) || c.secQueue.length > c.secHead || c.npWaiting.length > 0) return;
        let length = this.np;
        if (this.random) length = this.rng.chance(0.5) ? this.rng.intBetween(1, this.np) : 0;
        if (length <= 0) return;
        c.npUntil = t + length;
        c.npVersion++;
        this.q.push(c.npUntil, EV_NP_END, c.index, c.npVersion);
        if (this.tw) this.tw.interval(c.lane, t, c.npUntil, IK.hypervisor, this.hvItem, -1);
    }

    private newIrq(kind: number, item: number, nominal: number, job: number, arrival: number): number {
        const id = this.irqFree.length > 0 ? this.irqFree.pop()! : this.irqKind.length;
        this.irqKind[id] = kind;
        this.irqItem[id] = item;
        this.irqNominal[id] = nominal;
        this.irqJob[id] = job;
        this.irqArrival[id] = arrival;
        this.irqLive[id] = true;
        return id;
    }

    private irqArrive(id: number, c: CoreState, t: number): void {
        this.maybeInjectNp(c, t);
        if (this.inNp(c, t)) c.npWaiting.push(id);
        else this.irqAfterNp(id, c, t);
    }

    /** Section 4: after the non-preemptible section, an event also waits for its VCPU to be scheduled. */
    private irqAfterNp(id: number, c: CoreState, t: number): void {
        if (this.irqKind[id] === IRQ_EVENT) {
            const ev = this.events[this.irqItem[id]];
            const s = this.servers[ev.server];
            if (s.vcpu && c.active !== s.index) {
                s.irqWaiting.push(id);
                return;
            }
        }
        this.irqEnter(id, c, t);
    }

    /** IRQ entry (`irqEntry`, not interrupted once started); the latency ends with it. */
    private irqEnter(id: number, c: CoreState, t: number): void {
        const done = t + this.irqEntry;
        const item = this.irqItem[id];
        const job = this.irqJob[id];
        if (done <= this.end) {
            this.irqLive[id] = false;
            this.irqFree.push(id);
            if (this.irqKind[id] === IRQ_EVENT) {
                const ev = this.events[item];
                const latency = done - this.irqArrival[id];
                const missed = ev.bound !== undefined && latency > ev.bound;
                ev.rec.record(latency, job, missed, done);
                if (this.tw) {
                    this.tw.interval(c.lane, t, done, IK.irq, ev.item, job);
                    this.tw.marker(c.lane, done, MK.completion, ev.item, job);
                    if (missed) this.tw.marker(c.lane, done, MK.miss, ev.item, job);
                }
            } else {
                const flow = this.flows[item];
                if (this.tw) this.tw.interval(c.lane, t, done, IK.irq, flow.item, job);
                this.completeFlowJob(flow, this.irqNominal[id], job, done);
            }
        }
        // Past the end of the run the interrupt stays live and is counted as unfinished.
    }

    private onServerActivated(c: CoreState, s: ServerState, t: number): void {
        if (s.irqWaiting.length > 0) {
            for (let i = 0; i < s.irqWaiting.length; i++) this.irqEnter(s.irqWaiting[i], c, t);
            s.irqWaiting.length = 0;
        }
        if (!this.adversarial || !s.vcpu) return;
        // Adversarial: an event arrives so that its non-preemptible section ends just as its VCPU's budget runs out.
        let preemptAt = Number.POSITIVE_INFINITY;
        for (const idx of c.servers) {
            if (idx === s.index) break;
            const hp = this.servers[idx];
            if (hp.nextRelease < preemptAt) preemptAt = hp.nextRelease;
        }
        const exhaustAt = t + s.remaining;
        if (exhaustAt > preemptAt) return;
        // Aim at the VCPU's longest blackout where the phase plan knows it (a less urgent VCPU's blackouts differ).
        if (!this.startsLongestBlackout(s.index, exhaustAt)) return;
        this.fireArmedEvents(s.events, Math.max(t, exhaustAt - this.np));
    }

    /**
     * Whether a budget running out at `at` starts one of the VCPU's longest blackouts (vcpu-phases.ts). Past the schedule
     * the plan played, or without a plan, every exhaustion counts (the earlier rule).
     */
    private startsLongestBlackout(server: number, at: number): boolean {
        const starts = this.vcpuPlan?.longestStarts.get(server);
        if (!starts || at >= (this.vcpuPlan!.playedUntil.get(server) ?? 0)) return true;
        let lo = 0;
        let hi = starts.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (starts[mid] < at) lo = mid + 1; else hi = mid;
        }
        return lo < starts.length && starts[lo] === at;
    }

    /** Adversarial: each of `events` armed by `at` arrives at `at` (and is disarmed until its next arrival). */
    private fireArmedEvents(events: readonly number[], at: number): void {
        for (const evIndex of events) {
            const ev = this.events[evIndex];
            if (ev.armedAt >= 0 && at >= ev.armedAt) {
                ev.armedAt = -1;
                this.q.push(at, EV_EVENT_ARRIVAL, ev.index, ++ev.version);
            }
        }
    }

    private onEventArrival(ev: EventState, t: number): void {
        const job = ev.count++;
        const c = this.cores[ev.core];
        const id = this.newIrq(IRQ_EVENT, ev.index, t, job, t);
        if (this.tw) this.tw.marker(c.lane, t, MK.release, ev.item, job);
        this.irqArrive(id, c, t);
        if (this.random) {
            this.q.push(t + ev.gap + this.rng.intBetween(0, ev.gap), EV_EVENT_ARRIVAL, ev.index, ++ev.version);
        } else if (this.adversarial) {
            ev.armedAt = t + ev.gap;
            this.q.push(t + 2 * ev.gap, EV_EVENT_ARRIVAL, ev.index, ++ev.version);
        } else {
            this.q.push(t + ev.gap, EV_EVENT_ARRIVAL, ev.index, ++ev.version);
        }
    }

    private requestSection(c: CoreState, kind: number, flow: number, nominal: number, job: number, last: boolean): void {
        c.secQueue.push(kind, flow, nominal, job, last ? 1 : 0);
        this.markDirty(c.index);
    }

    private startSection(c: CoreState, t: number): void {
        const q = c.secQueue;
        const h = c.secHead;
        c.secKind = q[h];
        c.secFlow = q[h + 1];
        c.secNominal = q[h + 2];
        c.secJob = q[h + 3];
        c.secLast = q[h + 4] === 1;
        c.secHead += 5;
        if (c.secHead === q.length) {
            q.length = 0;
            c.secHead = 0;
        } else if (c.secHead > 512) {
            q.splice(0, c.secHead);
            c.secHead = 0;
        }
        c.secActive = true;
        c.secPhase = PH_DISPATCH;
        c.secClaim = -1;
        const first = c.secKind === SEC_SUBMIT ? this.ov.notify + this.ov.dispatch : this.ov.irqEntry + this.ov.dispatch;
        this.q.push(t + first, EV_SECTION, c.index);
        // Adversarial: an armed event on this core arrives just after the section started.
        if (this.adversarial) this.fireArmedEvents(c.events, t);
    }

    private onSectionPhaseEnd(c: CoreState, t: number): void {
        this.advance(c, t);
        const flow = this.flows[c.secFlow];
        if (c.secPhase === PH_DISPATCH) {
            if (c.secKind === SEC_SUBMIT) {
                // 6.1: the message is queued; a submit that finds the DMA idle starts the first chunk itself.
                this.makeVisible(flow, t);
                if (!this.dmaBusy) {
                    this.dmaBusy = true;
                    c.secClaim = this.flowPick.pick();
                    c.secPhase = PH_SETUP;
                    this.q.push(t + this.ov.dmaSetup, EV_SECTION, c.index);
                    return;
                }
            } else {
                // 6.2: start the next chunk of whichever message the policy picks, or leave the DMA idle.
                const pick = this.flowPick.pick();
                if (pick >= 0) {
                    c.secClaim = pick;
                    c.secPhase = PH_SETUP;
                    this.q.push(t + this.ov.dmaSetup, EV_SECTION, c.index);
                    return;
                }
                this.dmaBusy = false;
                if (c.secLast) {
                    c.secPhase = PH_IPI;
                    this.q.push(t + this.ov.ipi, EV_SECTION, c.index);
                    return;
                }
            }
        } else if (c.secPhase === PH_SETUP) {
            this.dmaStart(c.secClaim, t);
            if (c.secKind === SEC_COMPLETION && c.secLast) {
                c.secPhase = PH_IPI;
                this.q.push(t + this.ov.ipi, EV_SECTION, c.index);
                return;
            }
        }
        // The section ends.
        c.secActive = false;
        if (c.secKind === SEC_COMPLETION && c.secLast) {
            if (this.tw) this.tw.marker(this.cores[flow.senderCore].lane, t, MK.ipi, flow.item, c.secJob);
            this.completeFlowJob(flow, c.secNominal, c.secJob, t);
        }
        this.markDirty(c.index);
    }

    // ---------------------------------------------------------------- flows and the broker (sections 5, 6)

    private onFlowRelease(flow: FlowState, t: number): void {
        const plan = flow.plan;
        flow.pushMessage(plan.nominal, plan.nominal + flow.deadline, plan.k, flow.size);
        flow.released++;
        if (this.tw) {
            this.tw.marker(flow.lane, plan.nominal, MK.release, flow.item, plan.k);
            this.tw.marker(flow.lane, plan.nominal + flow.deadline, MK.deadline, flow.item, plan.k);
        }
        if (this.floating) {
            const sender = this.cores[flow.senderCore];
            // Worst-case scenarios: the guest has just entered a full non-preemptible section when it wants to notify,
            // so the submit waits for it (section 4; what the analysis charges as the submit wait).
            if (!this.random) this.maybeInjectNp(sender, t);
            this.requestSection(sender, SEC_SUBMIT, flow.index, plan.nominal, plan.k, false);
        } else {
            this.makeVisible(flow, t);
            this.brDirty = true;
        }
        plan.k++;
        this.scheduleFlowRelease(flow);
    }

    /** Section 5.1 / 6.1: the message is pending at the broker from t. */
    private makeVisible(flow: FlowState, t: number): void {
        const first = flow.visible === 0;
        flow.makeVisible(t);
        if (first) this.offerFlow(flow);
    }

    /**
     * The flow is a candidate of the broker policy with its oldest message (each flow's oldest first): fixed priority
     * (larger first) or EDF (earlier absolute deadline first); ties to the message pending longer, then declaration.
     */
    private offerFlow(flow: FlowState): void {
        this.flowPick.offer(flow.pickPosition, this.brokerEdf ? flow.headDeadline : -flow.priority, flow.headPendingSince);
    }

    private brokerTryStart(t: number): void {
        if (this.floating || !this.hasBroker || this.brPhase !== BR_IDLE) return;
        const pick = this.flowPick.pick();
        if (pick < 0) return;
        this.brFlow = pick;
        this.brPhase = BR_SETUP;
        this.dmaBusy = true;
        const flow = this.flows[pick];
        if (this.tw) this.tw.activity(this.brLane, t, IK.broker, flow.item, flow.headJob);
        this.q.push(t + this.ov.dispatch + this.ov.dmaSetup, EV_BROKER, 0);
    }

    private onBrokerPhaseEnd(t: number): void {
        const flow = this.flows[this.brFlow];
        switch (this.brPhase) {
            case BR_SETUP:
                this.brPhase = BR_TRANSFER;
                if (this.tw) this.tw.activity(this.brLane, t, IK.chunk, flow.item, flow.headJob);
                this.dmaStart(this.brFlow, t);
                return;
            case BR_IPI_RX: {
                const rx = this.cores[flow.receiverCore];
                if (this.tw) this.tw.marker(rx.lane, t, MK.ipi, flow.item, this.brJob);
                if (this.brLast) {
                    // 5.6: the receiver's IRQ entry for the last chunk ends the flow job's latency.
                    const id = this.newIrq(IRQ_FLOW, flow.index, this.brNominal, this.brJob, t);
                    this.irqArrive(id, rx, t);
                    this.markDirty(rx.index);
                    this.brPhase = BR_IPI_TX;
                    this.q.push(t + this.ov.ipi, EV_BROKER, 0);
                    return;
                }
                break;
            }
            case BR_IPI_TX:
                if (this.tw) this.tw.marker(this.cores[flow.senderCore].lane, t, MK.ipi, flow.item, this.brJob);
                break;
        }
        this.brPhase = BR_IDLE;
        this.dmaBusy = false;
        if (this.tw) this.tw.activity(this.brLane, t, NO_ACTIVITY, -1, -1);
        this.brDirty = true;
    }

    /** A chunk's DMA transfer is done: account it, then the broker (5.3) or the receiver's core (6.2) continues. */
    private onChunkDone(t: number): void {
        const flow = this.flows[this.dmaFlow];
        const nominal = flow.headNominal;
        const job = flow.headJob;
        const last = flow.consumeHead(this.dmaBytes);
        if (last) {
            if (flow.visible > 0) this.offerFlow(flow);
            else this.flowPick.withdraw(flow.pickPosition);
        }
        if (this.floating) {
            const rx = this.cores[flow.receiverCore];
            if (!this.dmaWindow?.spending) this.maybeInjectNp(rx, t);
            this.requestSection(rx, SEC_COMPLETION, flow.index, nominal, job, last);
        } else {
            this.brLast = last;
            this.brNominal = nominal;
            this.brJob = job;
            this.brPhase = BR_IPI_RX;
            if (this.tw) this.tw.activity(this.brLane, t, IK.broker, flow.item, job);
            this.q.push(t + this.ov.ipi, EV_BROKER, 0);
        }
    }

    private completeFlowJob(flow: FlowState, nominal: number, job: number, t: number): void {
        const latency = t - nominal;
        const missed = latency > flow.deadline;
        flow.rec.record(latency, job, missed, t);
        flow.completed++;
        if (this.tw) {
            this.tw.marker(flow.lane, t, MK.completion, flow.item, job);
            if (missed) this.tw.marker(flow.lane, t, MK.miss, flow.item, job);
        }
    }

    // ---------------------------------------------------------------- DMA (5.4)

    private bytesMoved(tau: number): number {
        const b = floorMulDiv(tau, this.dmaRate, NS_PER_S);
        return b < this.dmaBytes ? b : this.dmaBytes;
    }

    private dmaStart(flowIndex: number, t: number): void {
        const flow = this.flows[flowIndex];
        this.dmaFlow = flowIndex;
        this.dmaJob = flow.headJob;
        this.dmaBytes = Math.min(flow.chunkSize, flow.headRemaining);
        this.dmaNeed = ceilMulDiv(this.dmaBytes, NS_PER_S, this.dmaRate);
        this.dmaTau = 0;
        this.dmaSegStart = t;
        this.dmaTransferring = true;
        this.dmaStalled = false;
        this.dmaSchedule(t);
    }

    private dmaAdvance(t: number): void {
        if (!this.dmaTransferring || this.dmaStalled) return;
        const dt = t - this.dmaSegStart;
        if (dt <= 0) return;
        if (this.dmaBudget !== Number.POSITIVE_INFINITY) {
            const before = this.bytesMoved(this.dmaTau);
            this.dmaTau += dt;
            this.dmaUsed += this.bytesMoved(this.dmaTau) - before;
        } else this.dmaTau += dt;
        this.dmaSegStart = t;
    }

    /** The next DMA event: end of the chunk, or the instant the period's budget is used up. */
    private dmaSchedule(t: number): void {
        this.dmaVersion++;
        const flow = this.flows[this.dmaFlow];
        let at: number;
        if (this.dmaBudget === Number.POSITIVE_INFINITY) {
            at = t + (this.dmaNeed - this.dmaTau);
        } else {
            const left = this.dmaBudget - this.dmaUsed;
            const moved = this.bytesMoved(this.dmaTau);
            if (this.dmaBytes - moved <= left) at = t + (this.dmaNeed - this.dmaTau);
            else if (left <= 0) {
                this.dmaStalled = true;
                if (this.dmaWindow) this.releaseHeldFlows(t);
                if (this.tw) this.tw.activity(this.dmaLane, t, IK.throttled, flow.item, this.dmaJob);
                return;
            } else at = t + (ceilMulDiv(moved + left, NS_PER_S, this.dmaRate) - this.dmaTau);
        }
        if (this.tw) {
            this.tw.activity(this.dmaLane, t, IK.transfer, flow.item, this.dmaJob);
            this.tw.activity(flow.lane, t, IK.transfer, flow.item, this.dmaJob);
        }
        this.q.push(at, EV_DMA, 0, this.dmaVersion);
    }

    private onDmaEvent(t: number): void {
        this.dmaAdvance(t);
        const flow = this.flows[this.dmaFlow];
        if (this.dmaTau >= this.dmaNeed) {
            this.dmaTransferring = false;
            if (this.dmaWindow && this.dmaUsed >= this.dmaBudget) this.releaseHeldFlows(t);
            if (this.tw) {
                this.tw.activity(this.dmaLane, t, NO_ACTIVITY, -1, -1);
                this.tw.activity(flow.lane, t, NO_ACTIVITY, -1, -1);
            }
            this.onChunkDone(t);
            return;
        }
        // The period's budget is used up: stall until the boundary.
        this.dmaStalled = true;
        if (this.dmaWindow) this.releaseHeldFlows(t);
        if (this.tw) {
            this.tw.activity(this.dmaLane, t, IK.throttled, flow.item, this.dmaJob);
            this.tw.activity(flow.lane, t, NO_ACTIVITY, -1, -1);
        }
    }

    private dmaBoundary(t: number): void {
        this.dmaAdvance(t);
        this.dmaUsed = 0;
        if (this.dmaTransferring) {
            this.dmaStalled = false;
            this.dmaSegStart = t;
            this.dmaSchedule(t);
        }
    }

    // ---------------------------------------------------------------- results

    private finish(): SimulationResult {
        const end = this.end;
        const tasks: LatencyStatistics[] = this.tasks.map((task) => {
            let unfinished = 0;
            let age = 0;
            let lateMisses = 0;
            for (let i = 0; i < task.jobCount; i++) {
                const nominal = task.nominal(i);
                unfinished++;
                age = Math.max(age, end - nominal);
                if (nominal + task.deadline < end) lateMisses++;
            }
            return stats('task', task.model, task.cell, task.rec, task.deadline, unfinished, age, lateMisses);
        });
        // Flow jobs still in flight: in the message queues, in broker sections, or as a pending delivery.
        const inFlight = this.flows.map(() => [] as number[]);
        for (const f of this.flows) for (let i = 0; i < f.messageCount(); i++) inFlight[f.index].push(f.nominalAt(i));
        for (const c of this.cores) {
            for (let h = c.secHead; h < c.secQueue.length; h += 5) if (c.secQueue[h] === SEC_COMPLETION && c.secQueue[h + 4] === 1) inFlight[c.secQueue[h + 1]].push(c.secQueue[h + 2]);
            if (c.secActive && c.secKind === SEC_COMPLETION && c.secLast) inFlight[c.secFlow].push(c.secNominal);
        }
        if (!this.floating && (this.brPhase === BR_IPI_RX || this.brPhase === BR_IPI_TX) && this.brLast) {
            // In IPI_TX the delivery is already an interrupt below; count it only from the pool.
            if (this.brPhase === BR_IPI_RX) inFlight[this.brFlow].push(this.brNominal);
        }
        const eventPending = this.events.map(() => [] as number[]);
        for (let id = 0; id < this.irqKind.length; id++) {
            if (!this.irqLive[id]) continue;
            if (this.irqKind[id] === IRQ_FLOW) inFlight[this.irqItem[id]].push(this.irqNominal[id]);
            else eventPending[this.irqItem[id]].push(this.irqArrival[id]);
        }
        const flows = this.flows.map((f) => {
            const pending = inFlight[f.index];
            const age = pending.reduce((a, n) => Math.max(a, end - n), 0);
            const late = pending.filter((n) => n + f.deadline < end).length;
            return stats('flow', f.model, undefined, f.rec, f.deadline, pending.length, age, late);
        });
        const events = this.events.map((ev) => {
            const pending = eventPending[ev.index];
            const age = pending.reduce((a, n) => Math.max(a, end - n), 0);
            const late = ev.bound === undefined ? 0 : pending.filter((n) => n + ev.bound! < end).length;
            return stats('event', ev.model, ev.cell, ev.rec, ev.bound, pending.length, age, late);
        });
        this.tw?.finish(end);
        const all = [...tasks, ...flows, ...events];
        return {
            system: this.model.name,
            scenario: this.scenario,
            seed: this.seed,
            durationNs: end,
            tasks,
            flows,
            events,
            deadlineMisses: all.reduce((a, s) => a + s.misses, 0),
            eventsProcessed: this.eventsProcessed,
            trace: this.collected?.trace(),
        };
    }

}

function stats(
    kind: LatencyStatistics['kind'],
    model: Task | Flow | IrqEvent,
    cell: Cell | undefined,
    rec: LatencyRecorder,
    deadline: number | undefined,
    unfinished: number,
    maxUnfinishedAge: number,
    lateUnfinished: number,
): LatencyStatistics {
    const [p50, p90, p99] = rec.percentiles([50, 90, 99]);
    return {
        kind,
        name: model.name,
        cell: cell?.name,
        qualifiedName: cell ? `${cell.name}.${model.name}` : model.name,
        source: model.source,
        count: rec.count,
        max: rec.count > 0 ? rec.max : -1,
        min: rec.count > 0 ? rec.min : -1,
        mean: rec.count > 0 ? Math.round(rec.sum / rec.count) : 0,
        p50,
        p90,
        p99,
        maxJob: rec.maxJob,
        maxFrom: rec.maxFrom,
        deadline,
        misses: rec.misses + lateUnfinished,
        unfinished,
        maxUnfinishedAge,
    };
}
