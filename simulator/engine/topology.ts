/**
 * Turns a SystemModel into the simulator's flat per-entity records (cores, VCPU servers, tasks, flows, events), checks
 * the references the simulation relies on (a clear SimulationInputError instead of a crash), and declares the trace
 * lanes and items.
 */
import { firstCore } from '../model/cell-cores.js';
import type { Cell, Flow, IrqEvent, SystemModel, Task } from '../model/types.js';
import { LatencyRecorder } from './latency-recorder.js';
import { PickOrder } from './pick-order.js';
import { RecordRing } from './ring.js';
import type { TraceWriter } from './trace-writer.js';
import { SimulationInputError } from './types.js';

/** Release plan of a task or flow: the scenario turns it into nominal and actual release times job after job. */
export interface ReleasePlan {
    period: number;
    jitter: number;
    sporadic: boolean;
    /** Adversarial shift of every release, ns. */
    shift: number;
    /** Index of the next job. */
    k: number;
    /** Nominal and actual release of the job planned last. */
    nominal: number;
    actual: number;
}

export interface ServerState {
    index: number;
    core: number;
    /** A VCPU reservation (periodic polling server) or the whole core. */
    vcpu: boolean;
    name: string;
    budget: number;
    period: number;
    /** Budget left in the current period; Infinity for a whole core. */
    remaining: number;
    nextRelease: number;
    edf: boolean;
    /** Task indices in declaration order. */
    tasks: number[];
    /** The scheduler's choice among the tasks with a released, unfinished job (pick-order.ts). */
    pick: PickOrder;
    events: number[];
    /** Events waiting for this VCPU to be scheduled. */
    irqWaiting: number[];
    lane: number;
}

export interface CoreState {
    index: number;
    lane: number;
    brokerCore: boolean;
    /** Server indices, rate-monotonic order (shorter period first, ties by declaration). */
    servers: number[];
    /** Events placed on this core (any server). */
    events: number[];
    active: number;
    last: number;
    running: number;
    throttled: boolean;
    /** MemGuard budget in refills per period; Infinity when unregulated. */
    quota: number;
    used: number;
    npUntil: number;
    npVersion: number;
    npWaiting: number[];
    npSpare: number[];
    /** Queued floating-broker sections, 5 numbers each: kind, flow, nominal, job, last. */
    secQueue: number[];
    secHead: number;
    secActive: boolean;
    secKind: number;
    secPhase: number;
    secFlow: number;
    secNominal: number;
    secJob: number;
    secLast: boolean;
    secClaim: number;
    version: number;
    scheduledAt: number;
    dirty: boolean;
}

/** The release plan of a task or flow before its first job. */
function releasePlan(item: Pick<Task | Flow, 'period' | 'jitter' | 'sporadic'>): ReleasePlan {
    return { period: item.period, jitter: item.jitter, sporadic: item.sporadic, shift: 0, k: 0, nominal: 0, actual: 0 };
}

/** A task with its queue of released, unfinished jobs (oldest first; only the oldest can run). */
export class TaskState {
    readonly rec = new LatencyRecorder();
    readonly plan: ReleasePlan;
    readonly wcet: number;
    readonly bcet: number;
    readonly deadline: number;
    readonly priority: number;
    readonly refills: number;
    /** Position in its server's scheduling order (pick-order.ts). */
    pickPosition = -1;
    /** Whether the task's memory refills are counted: it makes some and its core is regulated (section 3). */
    metered = false;
    /** Progress (ns executed) and refills made by the oldest job. */
    progress = 0;
    refillsDone = 0;
    /** Progress at which every refill due was last made (-1: not yet for this job). */
    refillsMadeAt = -1;
    /** Released, unfinished jobs. */
    jobCount = 0;
    /**
     * The oldest job's nominal release, actual release, execution time and index (valid while jobCount > 0): copies of
     * the ring's first record, because the scheduler reads them at every decision.
     */
    headNominal = 0;
    headRelease = 0;
    headExec = 0;
    headJob = 0;
    /** Released, unfinished jobs: nominal release, actual release, execution time, job index. */
    private readonly jobs = new RecordRing(4);

    constructor(
        readonly index: number,
        readonly model: Task,
        readonly cell: Cell,
        readonly core: number,
        readonly server: number,
        readonly lane: number,
        readonly item: number,
    ) {
        this.wcet = model.wcet;
        this.bcet = Math.min(model.bcet, model.wcet);
        this.deadline = model.deadline;
        this.priority = model.priority;
        this.refills = model.memoryRefills;
        this.plan = releasePlan(model);
    }

    /** Nominal release of the job `offset` places after the oldest. */
    nominal(offset: number): number {
        return this.jobs.get(offset, 0);
    }
    pushJob(nominal: number, release: number, exec: number, job: number): void {
        const at = this.jobs.push();
        const d = this.jobs.data;
        d[at] = nominal;
        d[at + 1] = release;
        d[at + 2] = exec;
        d[at + 3] = job;
        if (this.jobCount++ === 0) this.loadHead();
    }
    popJob(): void {
        this.jobs.shift();
        if (--this.jobCount > 0) this.loadHead();
    }
    private loadHead(): void {
        const at = this.jobs.at(0);
        const d = this.jobs.data;
        this.headNominal = d[at];
        this.headRelease = d[at + 1];
        this.headExec = d[at + 2];
        this.headJob = d[at + 3];
    }
}

/** A flow with its messages: [head, visible) are pending at the broker, [visible, end) are still being submitted. */
export class FlowState {
    readonly rec = new LatencyRecorder();
    readonly plan: ReleasePlan;
    readonly size: number;
    readonly deadline: number;
    readonly priority: number;
    readonly chunkSize: number;
    released = 0;
    completed = 0;
    /** How many of the oldest messages are pending at the broker (the rest are still being submitted). */
    visible = 0;
    /** Position in the broker's scheduling order (pick-order.ts). */
    pickPosition = -1;
    /**
     * The oldest message's nominal release, absolute deadline, job index, bytes remaining and pending-since time
     * (valid while it exists): copies of the ring's first record, because every broker decision reads them.
     */
    headNominal = 0;
    headDeadline = 0;
    headJob = 0;
    headRemaining = 0;
    headPendingSince = 0;
    /** Messages oldest first: nominal release, absolute deadline, job index, bytes remaining, pending since. */
    private readonly messages = new RecordRing(5);

    constructor(
        readonly index: number,
        readonly model: Flow,
        readonly senderCore: number,
        readonly receiverCore: number,
        readonly lane: number,
        readonly item: number,
    ) {
        this.size = model.size;
        this.deadline = model.deadline;
        this.priority = model.priority;
        this.chunkSize = model.chunkSize;
        this.plan = releasePlan(model);
    }

    pushMessage(nominal: number, deadlineAbs: number, job: number, size: number): void {
        const at = this.messages.push();
        const d = this.messages.data;
        d[at] = nominal;
        d[at + 1] = deadlineAbs;
        d[at + 2] = job;
        d[at + 3] = size;
        d[at + 4] = 0;
        if (this.messages.count === 1) this.loadHead();
    }
    makeVisible(t: number): void {
        this.messages.set(this.visible, 4, t);
        if (this.visible === 0) this.headPendingSince = t;
        this.visible++;
    }
    messageCount(): number {
        return this.messages.count;
    }
    /** Nominal release of the message `offset` places after the oldest. */
    nominalAt(offset: number): number {
        return this.messages.get(offset, 0);
    }
    /** Moves `bytes` of the oldest message; true when that was its last chunk (the message leaves the queue). */
    consumeHead(bytes: number): boolean {
        const left = this.headRemaining - bytes;
        this.headRemaining = left;
        this.messages.set(0, 3, left);
        if (left > 0) return false;
        this.messages.shift();
        this.visible--;
        if (this.messages.count > 0) this.loadHead();
        return true;
    }
    private loadHead(): void {
        const at = this.messages.at(0);
        const d = this.messages.data;
        this.headNominal = d[at];
        this.headDeadline = d[at + 1];
        this.headJob = d[at + 2];
        this.headRemaining = d[at + 3];
        this.headPendingSince = d[at + 4];
    }
}

export interface EventState {
    index: number;
    model: IrqEvent;
    cell: Cell;
    core: number;
    server: number;
    bound?: number;
    /** Minimum time between two arrivals the scenarios use, ns. */
    gap: number;
    version: number;
    /** Adversarial: from when the next arrival may be placed at an interesting instant; -1 when not armed. */
    armedAt: number;
    count: number;
    rec: LatencyRecorder;
    item: number;
}

export interface Topology {
    cores: CoreState[];
    servers: ServerState[];
    tasks: TaskState[];
    flows: FlowState[];
    events: EventState[];
    dmaRate: number;
    brokerLane: number;
    dmaLane: number;
}

/** Placeholder until a server's tasks are known. */
const NO_TASKS = new PickOrder([], false, () => 0);

function positiveInt(value: number, what: string): void {
    if (!Number.isSafeInteger(value) || value <= 0) throw new SimulationInputError(`${what} must be a positive integer (got ${value})`);
}

function nonNegativeInt(value: number, what: string): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new SimulationInputError(`${what} must be a non-negative integer (got ${value})`);
}

export function buildTopology(model: SystemModel, tw: TraceWriter | undefined): Topology {
    const nCores = model.platform.cores;
    positiveInt(nCores, 'platform cores');
    positiveInt(model.hypervisor.memguardPeriod, 'memguard period');
    const ov = model.hypervisor.overheads;
    for (const [k, v] of Object.entries(ov)) nonNegativeInt(v, `overhead ${k}`);
    const broker = model.hypervisor.broker;
    const brokerCore = broker?.mode === 'dedicated' ? broker.core : undefined;
    if (broker?.mode === 'dedicated' && (brokerCore === undefined || brokerCore < 0 || brokerCore >= nCores)) {
        throw new SimulationInputError(`the dedicated broker's core ${brokerCore} does not exist (the platform has ${nCores} cores)`);
    }

    const cores: CoreState[] = [];
    for (let i = 0; i < nCores; i++) {
        cores.push({
            index: i, lane: -1, brokerCore: i === brokerCore, servers: [], events: [], active: -1, last: 0, running: -1,
            throttled: false, quota: Number.POSITIVE_INFINITY, used: 0, npUntil: 0, npVersion: 0, npWaiting: [], npSpare: [],
            secQueue: [], secHead: 0, secActive: false, secKind: 0, secPhase: 0, secFlow: 0, secNominal: 0, secJob: 0,
            secLast: false, secClaim: -1, version: 0, scheduledAt: -1, dirty: false,
        });
        // The dedicated broker's core is one lane, of kind broker: its dispatch work is drawn where it runs.
        if (tw) cores[i].lane = tw.addLane(i === brokerCore ? { kind: 'broker', name: `core ${i} (broker)`, ...(broker?.source ? { source: broker.source } : {}) } : { kind: 'core', name: `core ${i}` });
    }

    // Servers: a whole core for each owned core, a polling server for each VCPU.
    const servers: ServerState[] = [];
    const wholeCore = new Map<number, { server: number; cell: Cell }>();
    const vcpuServer = new Map<string, number>();
    const checkCore = (core: number, what: string): void => {
        if (!Number.isSafeInteger(core) || core < 0 || core >= nCores) throw new SimulationInputError(`${what}: core ${core} does not exist (the platform has ${nCores} cores)`);
        if (core === brokerCore) throw new SimulationInputError(`${what}: core ${core} runs the dedicated broker`);
    };
    const raiseQuota = (core: number, cell: Cell): void => {
        if (!cell.budget) return;
        nonNegativeInt(cell.budget.eventsPerPeriod, `budget of cell ${cell.name}`);
        const c = cores[core];
        // A time-shared core is regulated with the largest budget of its cells (docs/semantics.md 3, clarified).
        c.quota = c.quota === Number.POSITIVE_INFINITY ? cell.budget.eventsPerPeriod : Math.max(c.quota, cell.budget.eventsPerPeriod);
    };
    for (const cell of model.cells) {
        for (const core of cell.cores) {
            checkCore(core, `cell ${cell.name}`);
            if (wholeCore.has(core)) throw new SimulationInputError(`core ${core} is owned by both ${wholeCore.get(core)!.cell.name} and ${cell.name}`);
            const index = servers.length;
            servers.push({
                index, core, vcpu: false, name: `${cell.name}@core${core}`, budget: 0, period: 0, remaining: Number.POSITIVE_INFINITY,
                nextRelease: Number.POSITIVE_INFINITY, edf: cell.scheduler === 'edf', tasks: [], pick: NO_TASKS, events: [], irqWaiting: [], lane: -1,
            });
            wholeCore.set(core, { server: index, cell });
            raiseQuota(core, cell);
        }
    }
    const vcpuOrder: ServerState[] = [];
    for (const cell of model.cells) {
        for (const v of cell.vcpus) {
            checkCore(v.core, `VCPU ${cell.name}/${v.name}`);
            if (wholeCore.has(v.core)) throw new SimulationInputError(`VCPU ${cell.name}/${v.name}: core ${v.core} is owned whole by cell ${wholeCore.get(v.core)!.cell.name}`);
            positiveInt(v.period, `period of VCPU ${cell.name}/${v.name}`);
            nonNegativeInt(v.budget, `budget of VCPU ${cell.name}/${v.name}`);
            const index = servers.length;
            const s: ServerState = {
                index, core: v.core, vcpu: true, name: `${cell.name}/${v.name}`, budget: Math.min(v.budget, v.period), period: v.period,
                remaining: 0, nextRelease: 0, edf: cell.scheduler === 'edf', tasks: [], pick: NO_TASKS, events: [], irqWaiting: [], lane: -1,
            };
            if (tw) s.lane = tw.addLane({ kind: 'vcpu', name: s.name, source: v.source });
            servers.push(s);
            vcpuOrder.push(s);
            vcpuServer.set(`${cell.name}\u0000${v.name}`, index);
            raiseQuota(v.core, cell);
        }
    }
    for (const [core, owner] of wholeCore) cores[core].servers.push(owner.server);
    // Rate-monotonic among the VCPUs of a core; a stable sort keeps declaration order for equal periods.
    const byPeriod = vcpuOrder.slice().sort((a, b) => a.period - b.period);
    for (const s of byPeriod) cores[s.core].servers.push(s.index);

    const placementServer = (cell: Cell, placement: { core: number; vcpu?: string }, what: string): number => {
        if (placement.vcpu !== undefined) {
            const s = vcpuServer.get(`${cell.name}\u0000${placement.vcpu}`);
            if (s === undefined) throw new SimulationInputError(`${what}: cell ${cell.name} has no VCPU ${placement.vcpu}`);
            return s;
        }
        checkCore(placement.core, what);
        const owner = wholeCore.get(placement.core);
        if (!owner || owner.cell !== cell) throw new SimulationInputError(`${what}: core ${placement.core} is not owned by cell ${cell.name}`);
        return owner.server;
    };

    const tasks: TaskState[] = [];
    const events: EventState[] = [];
    for (const cell of model.cells) {
        for (const task of cell.tasks) {
            const what = `task ${cell.name}.${task.name}`;
            positiveInt(task.period, `period of ${what}`);
            nonNegativeInt(task.wcet, `wcet of ${what}`);
            nonNegativeInt(task.bcet, `bcet of ${what}`);
            nonNegativeInt(task.deadline, `deadline of ${what}`);
            nonNegativeInt(task.jitter, `jitter of ${what}`);
            nonNegativeInt(task.memoryRefills, `memory refills of ${what}`);
            const server = placementServer(cell, task.placement, what);
            const s = servers[server];
            const lane = s.lane >= 0 ? s.lane : cores[s.core].lane;
            const item = tw ? tw.addItem({ name: `${cell.name}.${task.name}`, kind: 'task', source: task.source }) : -1;
            const state = new TaskState(tasks.length, task, cell, s.core, server, lane, item);
            state.metered = cores[s.core].quota !== Number.POSITIVE_INFINITY && state.refills > 0;
            s.tasks.push(state.index);
            tasks.push(state);
        }
        for (const ev of cell.events) {
            const what = `event ${cell.name}.${ev.name}`;
            const server = placementServer(cell, ev.placement, what);
            const s = servers[server];
            const core = cores[s.core];
            const longestVcpuPeriod = core.servers.reduce((m, i) => Math.max(m, servers[i].period), 0);
            const item = tw ? tw.addItem({ name: `${cell.name}.${ev.name}`, kind: 'event', source: ev.source }) : -1;
            const state: EventState = {
                index: events.length, model: ev, cell, core: s.core, server, bound: ev.latencyBound,
                gap: Math.max(model.hypervisor.memguardPeriod, longestVcpuPeriod), version: 0, armedAt: -1, count: 0,
                rec: new LatencyRecorder(), item,
            };
            s.events.push(state.index);
            core.events.push(state.index);
            events.push(state);
        }
    }

    for (const s of servers) {
        s.pick = new PickOrder(s.tasks, !s.edf, (i) => tasks[i].priority);
        s.pick.order.forEach((task, position) => (tasks[task].pickPosition = position));
    }

    const flows: FlowState[] = [];
    let dmaRate = 1;
    let brokerLane = -1;
    let dmaLane = -1;
    if (model.flows.length > 0) {
        if (!broker) throw new SimulationInputError('the system has flows but no broker');
        const engine = model.platform.dmaEngines.find((d) => d.name === broker.dma);
        if (!engine) throw new SimulationInputError(`the broker's DMA engine ${broker.dma} is not declared by the platform`);
        positiveInt(engine.rate, `rate of DMA engine ${engine.name}`);
        dmaRate = engine.rate;
        if (broker.dmaBudget) nonNegativeInt(broker.dmaBudget.bytesPerPeriod, 'DMA budget');
        if (tw) {
            if (broker.mode === 'dedicated' && brokerCore !== undefined) brokerLane = cores[brokerCore].lane;
            dmaLane = tw.addLane({ kind: 'dma', name: `${engine.name} ch0`, source: engine.source });
        }
        const cellByName = new Map(model.cells.map((c) => [c.name, c]));
        for (const flow of model.flows) {
            const what = `flow ${flow.name}`;
            const from = cellByName.get(flow.from);
            const to = cellByName.get(flow.to);
            if (!from || !to) throw new SimulationInputError(`${what}: cell ${!from ? flow.from : flow.to} does not exist`);
            const senderCore = firstCore(from);
            const receiverCore = firstCore(to);
            if (senderCore === undefined || receiverCore === undefined) {
                throw new SimulationInputError(`${what}: cell ${senderCore === undefined ? from.name : to.name} has no core or VCPU`);
            }
            checkCore(senderCore, what);
            checkCore(receiverCore, what);
            positiveInt(flow.size, `size of ${what}`);
            positiveInt(flow.period, `period of ${what}`);
            positiveInt(flow.chunkSize, `chunk size of ${what}`);
            nonNegativeInt(flow.deadline, `deadline of ${what}`);
            nonNegativeInt(flow.jitter, `jitter of ${what}`);
            const lane = tw ? tw.addLane({ kind: 'flow', name: `flow ${flow.name}`, source: flow.source }) : -1;
            const item = tw ? tw.addItem({ name: flow.name, kind: 'flow', source: flow.source }) : -1;
            flows.push(new FlowState(flows.length, flow, senderCore, receiverCore, lane, item));
        }
    }
    return { cores, servers, tasks, flows, events, dmaRate, brokerLane, dmaLane };
}
