/**
 * Worst-case latency of every flow through the broker (dedicated or floating, fixed-priority or EDF).
 * Conventions (docs/analysis.md §2, consistent with docs/semantics.md §5–6): latency runs from the job's nominal
 * release to the end of the receiver's IRQ entry for the last chunk (dedicated) or to the end of the last chunk's
 * completion section on the receiver's core (floating).
 */
import type { BrokerPolicy, SystemModel } from '../model/types.js';
import { formatTime, mulDivFloor, transferTime } from '../model/units.js';
import { ceilDivInt, compareRateSum, DEFAULT_HORIZON, floorDivInt } from './arith.js';
import {
    brokerEdf, brokerFixedPriority, everyFlowLevel, forEachPriorityLevel, type BrokerJob, type BrokerResult, type Regulation,
    type ServerDelay,
} from './broker-kernel.js';
import { ArrivalSums, type ArrivalStream } from './arrival-sums.js';
import { chunkTransferTime, completionSection, longestSection, submitSection, type FlowFacts, type SystemContext } from './context.js';
import { finish, term } from './terms.js';
import type { Interferer, ItemResult, ThrottlingBudget } from './types.js';

/**
 * The stall one regulation episode can cost, or undefined when B never binds (docs/analysis.md §2.4). A period in which
 * the DMA stalls has counted B bytes before the stall, in m ≥ m₀ = ⌈B/c⌉ transfers (c the largest chunk of any flow),
 * each counting at most ⌊d·rate/10⁹⌋ + 1 bytes for d ns of transfer, with a gap g without transfer between two of them
 * (chunkGap). So the stall starts at least ⌈(B − m)·10⁹/rate⌉ + (m − 1)·g after the period's boundary, least for
 * m = m₀ when g·rate ≥ 10⁹ (each further transfer costs a gap and saves at most one rounded byte), and ends at the next
 * boundary: σ = P − ⌈(B − m₀)·10⁹/rate⌉ − (m₀ − 1)·g. (With a gap shorter than one byte's time, the earlier
 * P − ⌊B·10⁹/rate⌋ + 2, without gaps.)
 */
export function dmaRegulation(ctx: SystemContext): Regulation | undefined {
    const { model, dmaRate: rate } = ctx;
    const budget = model.hypervisor.broker?.dmaBudget;
    if (!budget || !rate) return undefined;
    const P = model.hypervisor.memguardPeriod;
    const B = budget.bytesPerPeriod;
    // B bytes take at least B·10⁹/rate ns; when that is ≥ P the budget is never exhausted before the boundary.
    if (BigInt(B) * 1_000_000_000n >= BigInt(rate) * BigInt(P)) return undefined;
    const gap = chunkGap(model);
    const chunk = largestChunk(ctx);
    if (B <= 0 || chunk <= 0 || BigInt(gap) * BigInt(rate) < 1_000_000_000n) return { budget: B, stall: P - mulDivFloor(B, 1_000_000_000, rate) + 2 };
    const m = ceilDivInt(B, chunk);
    const stall = P - transferTime(B - m, rate) - (m - 1) * gap;
    return stall > 0 ? { budget: B, stall } : undefined;
}

/**
 * The least time between two chunk transfers, in which no byte moves (docs/analysis.md §2.4). Floating: the completion
 * section's irqEntry + dispatch before it decides, then the next chunk's dmaSetup (a submit cannot claim the DMA before
 * that decision, semantics §8); dedicated: the IPI to the receiver, then dispatch + dmaSetup.
 */
function chunkGap(model: SystemModel): number {
    const o = model.hypervisor.overheads;
    return model.hypervisor.broker?.mode === 'floating' ? o.irqEntry + o.dispatch + o.dmaSetup : o.ipi + o.dispatch + o.dmaSetup;
}

/** The most bytes one chunk of any flow moves. */
function largestChunk(ctx: SystemContext): number {
    let most = 0;
    for (const ff of ctx.flows) most = Math.max(most, Math.min(ff.flow.chunkSize, Math.max(0, ff.flow.size)));
    return most;
}

interface FlowShape {
    job: BrokerJob;
    /** Constant part of the time from nominal release to arrival at the queue. */
    offset: number;
    /** Part of `job.jitter` that is not the flow's own release jitter (submit wait and setup, floating). */
    submitJitter: number;
    ownTransfer: number;
    ownOverhead: number;
    /** Cost inside the last unit that is not part of the latency (dedicated: the IPI to the sender). */
    afterLatency: number;
    /** Time after the last unit until the latency ends (dedicated: receiver's section wait + irq entry). */
    tail: number;
    receiverWait: number;
    /** A section queue this flow waits in never empties (floating broker): no bound. */
    sectionsOverloaded: boolean;
}

export function flowShapes(ctx: SystemContext): FlowShape[] {
    const { model } = ctx;
    const o = model.hypervisor.overheads;
    const floating = model.hypervisor.broker?.mode === 'floating';
    const queues = floating ? sectionQueues(ctx) : undefined;
    return ctx.flows.map((ff) => {
        const f = ff.flow;
        const full = chunkTransferTime(ctx, Math.min(f.chunkSize, Math.max(0, f.size)));
        const lastTt = chunkTransferTime(ctx, ff.lastChunkBytes);
        const ownTransfer = (ff.chunks - 1) * full + lastTt;
        const fullBytes = ff.chunks > 1 ? f.chunkSize : ff.lastChunkBytes;
        if (queues) {
            const receiverWait = queues.completionWait(ff.receiverCore);
            const senderWait = queues.submitWait(ff);
            // Per chunk, the completion section waits for what can be in progress on the receiver's core and is not a
            // submit: a guest section or the IPI phase of the section that started this chunk. Submits ahead of it are
            // the section delay, charged once each over the window (sectionDelay), not once per chunk.
            const wait = Math.max(o.nonPreemptible, o.ipi);
            const perChunk = wait + o.irqEntry + o.dispatch + o.dmaSetup;
            const last = lastTt + perChunk + o.ipi;
            const fullUnit = ff.chunks > 1 ? full + perChunk : last;
            const ownOverhead = ff.chunks * perChunk + o.ipi;
            return {
                job: {
                    period: f.period, deadline: f.deadline, priority: f.priority, jitter: f.jitter + (senderWait ?? 0) + o.dmaSetup,
                    cost: ownTransfer + ownOverhead, bytes: Math.max(0, f.size), last, lastBytes: ff.lastChunkBytes,
                    maxUnit: Math.max(fullUnit, last), maxUnitBytes: fullBytes,
                },
                offset: o.notify + o.dispatch, submitJitter: (senderWait ?? 0) + o.dmaSetup, ownTransfer, ownOverhead,
                afterLatency: 0, tail: 0, receiverWait: wait, sectionsOverloaded: senderWait === undefined || receiverWait === undefined,
            };
        }
        const perChunk = o.dispatch + o.dmaSetup + o.ipi;
        const last = perChunk + lastTt + o.ipi;
        const fullUnit = ff.chunks > 1 ? perChunk + full : last;
        const ownOverhead = ff.chunks * perChunk + o.ipi;
        return {
            job: {
                period: f.period, deadline: f.deadline, priority: f.priority, jitter: f.jitter,
                cost: ownTransfer + ownOverhead, bytes: Math.max(0, f.size), last, lastBytes: ff.lastChunkBytes,
                maxUnit: Math.max(fullUnit, last), maxUnitBytes: fullBytes,
            },
            offset: o.notify, submitJitter: 0, ownTransfer, ownOverhead, afterLatency: o.ipi,
            tail: o.nonPreemptible + o.irqEntry, receiverWait: o.nonPreemptible, sectionsOverloaded: false,
        };
    });
}

export interface FlowAnalysisOptions {
    horizon?: number;
    /**
     * Bounds of all flows from a first pass that assumed an unregulated DMA (`unregulated`), used to prove the DMA budget
     * is never exhausted (docs §2.4).
     */
    previous?: Map<string, number | undefined>;
    /** Bounds as if the DMA were not regulated (the first pass: sound only once `budgetNeverExhausted` holds). */
    unregulated?: boolean;
    /** Analyse only these flow indices (fix searches). */
    only?: number[];
    /** Only `wcrt` is wanted (the first of two passes): no terms, interferers or explanations are built. */
    boundsOnly?: boolean;
}

export function analyzeFlows(ctx: SystemContext, options: FlowAnalysisOptions = {}): ItemResult[] {
    const { model } = ctx;
    const broker = model.hypervisor.broker;
    const horizon = options.horizon ?? DEFAULT_HORIZON;
    const results: ItemResult[] = [];
    if (ctx.flows.length === 0) return results;
    const indices = options.only ?? ctx.flows.map((_, i) => i);
    if (!broker || !ctx.dmaRate) {
        for (const i of indices) {
            const f = ctx.flows[i].flow;
            results.push({
                kind: 'flow', name: f.name, owner: `${f.from} -> ${f.to}`, source: f.source, deadline: f.deadline,
                verdict: 'inconclusive', reason: broker ? 'the broker names an unknown DMA engine' : 'the system declares no broker, so flows cannot be carried',
                terms: [], interferers: [],
            });
        }
        return results;
    }
    const shapes = flowShapes(ctx);
    const jobs = shapes.map((s) => s.job);
    let reg = options.unregulated ? undefined : dmaRegulation(ctx);
    if (reg && (budgetOutOfReach(ctx, reg) || (options.previous && budgetNeverExhausted(ctx, reg, options.previous)))) reg = undefined;
    const floating = broker.mode === 'floating';
    // A less urgent chunk blocks only once picked: the section that picked it has decided before the window, and all
    // it still does before the chunk moves is the chunk's dmaSetup (its IPI to a sender runs beside the transfer and is
    // the w_r of the chunk's own completion section). docs/analysis.md §2, "Floating".
    const pickRemainder = floating ? model.hypervisor.overheads.dmaSetup : 0;
    const throttledBy: ThrottlingBudget | undefined = broker.dmaBudget
        ? { kind: 'dma', bytesPerSecond: broker.dmaBudget.bytesPerSecond, perPeriod: broker.dmaBudget.bytesPerPeriod, source: broker.dmaBudget.source }
        : undefined;
    const overloadedAt = brokerOverload(ctx, reg, shapes, broker.policy);
    const shared = sharedInterferers(ctx);
    const bounded = indices.filter((i) => !overloadedAt(i));
    const delay = floating ? sectionDelay(ctx, shapes) : undefined;
    const brokerResults = analyzeBroker(jobs, bounded, broker.policy, reg, pickRemainder, horizon, options.boundsOnly === true, delay);
    for (const i of indices) {
        const ff = ctx.flows[i];
        const overloaded = overloadedAt(i);
        if (overloaded) {
            results.push({
                kind: 'flow', name: ff.flow.name, owner: `${ff.flow.from} -> ${ff.flow.to}`, source: ff.flow.source, deadline: ff.flow.deadline,
                verdict: 'unschedulable', terms: [], interferers: [], throttledBy,
                reason: broker.policy === 'edf' || shapes.some((x) => x.sectionsOverloaded)
                    ? 'the broker is overloaded: the flows demand more broker time (or more DMA bytes per MemGuard period than the budget) than it has, so latencies grow without bound'
                    : `the broker is overloaded at priority ${ff.flow.priority}: the flows of this priority or more urgent demand more broker time (or more DMA bytes per MemGuard period than the budget) than it has, so latencies grow without bound`,
            });
            continue;
        }
        const r = brokerResults[i];
        if (options.boundsOnly) {
            const wcrt = r.response !== undefined && r.breakdown ? flowBound(ctx, ff, shapes[i], r.response, reg, r.breakdown.stalls).wcrt : undefined;
            results.push({ kind: 'flow', name: ff.flow.name, verdict: 'inconclusive', terms: [], interferers: [], ...(wcrt !== undefined ? { wcrt } : {}) });
            continue;
        }
        results.push(flowItem(ctx, ff, shapes[i], r, reg, throttledBy, broker.policy === 'edf', shared));
    }
    return results;
}

/**
 * The broker's bound of each flow in `indices` (indexed by flow). `boundsOnly` leaves the fixed-priority interferer
 * lists empty (the EDF kernel lists only the worst candidate's, once per flow, and keeps them).
 */
function analyzeBroker(
    jobs: readonly BrokerJob[], indices: readonly number[], policy: BrokerPolicy, reg: Regulation | undefined,
    pickRemainder: number, horizon: number, boundsOnly: boolean, delay: ServerDelay | undefined,
): BrokerResult[] {
    const results: BrokerResult[] = [];
    if (policy === 'edf') {
        const everyFlow = everyFlowLevel(jobs);
        for (const i of indices) results[i] = brokerEdf(jobs, i, everyFlow, reg, pickRemainder, horizon, undefined, delay);
    } else {
        const wanted = indices.length === jobs.length ? undefined : new Set(indices);
        forEachPriorityLevel(jobs, pickRemainder, reg !== undefined, wanted, (i, level) => {
            results[i] = brokerFixedPriority(jobs, i, level, reg, horizon, { boundsOnly, delay });
        });
    }
    return results;
}

/**
 * One interferer entry per (flow, relation), shared read-only between the results: every flow lists all more urgent
 * flows, so building fresh entries would allocate O(n²) objects for n flows. `of(relation)` gives the entries of one
 * relation by flow index, so a list of hundreds of interferers costs one array access per entry.
 */
interface SharedInterferers {
    of(relation: string): (k: number) => Interferer;
}

function sharedInterferers(ctx: SystemContext): SharedInterferers {
    const byRelation = new Map<string, (k: number) => Interferer>();
    return {
        of(relation) {
            let entry = byRelation.get(relation);
            if (!entry) {
                const list: Interferer[] = [];
                entry = (k) => {
                    const other = ctx.flows[k].flow;
                    return (list[k] ??= { kind: 'flow', name: other.name, source: other.source, relation });
                };
                byRelation.set(relation, entry);
            }
            return entry;
        },
    };
}

interface FlowBound {
    wcrt: number;
    /** The last completion section's DMA setup, taken off (one flow alone, below). */
    unusedSetup: number;
    /** The regulation stall of the window's first period, taken off (one flow alone, below). */
    freshBudget: number;
}

/**
 * The bound from the broker's response: the offset before the message reaches the broker's queue, the broker's
 * response, and what follows the last unit (docs/analysis.md, "Flows"). Floating broker, one flow alone: every
 * completion section is charged a DMA setup, but the last one of a job sets up a chunk only if another message is
 * pending then, which can only be the flow's next job. That job becomes pending at its submit, no earlier than one
 * period after this job's nominal release; so when the bound is shorter than the period, the last section sets up
 * nothing and its DMA setup is taken off (`unusedSetup`). One flow alone with a regulated DMA: the window's stalls
 * count one for a first period spent before the window; only this flow's earlier messages could have spent it, and
 * when the bound without that stall is at most T − P, each message ends a MemGuard period or more before the next one
 * starts (by induction over the messages), so the first period starts with its whole budget: that stall is taken off
 * (`freshBudget`, docs/analysis.md §2.4).
 */
function flowBound(ctx: SystemContext, ff: FlowFacts, shape: FlowShape, response: number, reg: Regulation | undefined, stalls: number): FlowBound {
    const charged = shape.offset + response + shape.tail - shape.afterLatency;
    const alone = ctx.flows.length === 1;
    const T = ff.flow.period;
    const freshBudget = alone && reg && stalls >= reg.stall && charged - reg.stall + ctx.model.hypervisor.memguardPeriod <= T ? reg.stall : 0;
    const floating = ctx.model.hypervisor.broker?.mode === 'floating';
    const unusedSetup = floating && alone && charged - freshBudget < T ? ctx.model.hypervisor.overheads.dmaSetup : 0;
    return { wcrt: charged - freshBudget - unusedSetup, unusedSetup, freshBudget };
}

function flowItem(
    ctx: SystemContext, ff: FlowFacts, shape: FlowShape, r: BrokerResult, reg: Regulation | undefined,
    throttledBy: ThrottlingBudget | undefined, edf: boolean, shared: SharedInterferers,
): ItemResult {
    const f = ff.flow;
    const model = ctx.model;
    const o = model.hypervisor.overheads;
    const floating = model.hypervisor.broker?.mode === 'floating';
    const item: ItemResult = {
        kind: 'flow', name: f.name, owner: `${f.from} -> ${f.to}`, source: f.source, deadline: f.deadline,
        verdict: 'inconclusive', terms: [], interferers: [], throttledBy,
    };
    if (r.response === undefined || !r.breakdown) {
        // Not overloaded in the long run (brokerOverload), but the worst case charged per unit does not let the busy
        // period end: no bound, and no proof that there is none.
        item.reason = r.reason ?? 'no bound';
        return item;
    }
    const b = r.breakdown;
    const { wcrt, unusedSetup, freshBudget } = flowBound(ctx, ff, shape, r.response, reg, b.stalls);
    item.wcrt = wcrt;
    item.criticalJob = r.criticalJob;
    const terms = [
        term('release-jitter', 'release jitter', f.jitter, `the sender may notify up to ${formatTime(f.jitter)} after the nominal release`),
    ];
    if (floating) {
        terms.push(term('submit', 'submit on the sender core', shape.offset + shape.submitJitter,
            `waiting for a non-preemptible section on the sender's core (${formatTime(shape.submitJitter - o.dmaSetup)}), then notify + dispatch + DMA setup as one hypervisor section`));
    } else {
        terms.push(term('notify', 'notification trap', o.notify, 'the sender\'s trapping write that notifies the broker'));
    }
    terms.push(term('blocking', edf ? 'blocking by a later-deadline chunk' : 'blocking by a lower-priority chunk', b.blocking,
        b.blocking === 0 ? 'no less urgent flow can hold the broker' : `one non-preemptive chunk of a less urgent flow already started${floating ? ', plus the DMA setup of the section that picked it' : ''}`));
    terms.push(term('interference', edf ? 'earlier-deadline flows' : 'higher-priority flows', b.interference,
        `chunks of ${b.interferers.length} more urgent flow(s) served before this message's last chunk`));
    if (floating) {
        terms.push(term('section-delay', 'submit sections on receiving cores', b.sectionDelay,
            b.sectionDelay === 0 ? 'no core that takes DMA-completion interrupts also sends flows'
                : 'submit sections of flows sent from cores that take DMA-completion interrupts: each can hold back the one outstanding completion section once'));
    }
    terms.push(term('dma-transfer', 'DMA transfer', shape.ownTransfer,
        `${ff.chunks} chunk(s) of this message at the DMA rate${reg || model.hypervisor.broker?.dmaBudget ? ' (1 ns rounding allowance per chunk when regulated)' : ''}`));
    terms.push(term('broker-overhead', floating ? 'completion sections' : 'broker overhead per chunk', shape.ownOverhead - shape.afterLatency - unusedSetup,
        floating ? `${ff.chunks} completion section(s) on the receiver's core (a guest section or IPI in progress, ${formatTime(shape.receiverWait)}, + irq entry + dispatch + DMA setup${unusedSetup > 0 ? ', except in the last one: it has no next chunk to start, since this flow is alone and its bound is shorter than its period' : ''}) and the IPI to the sender`
            : `${ff.chunks} × (dispatch + DMA setup + IPI to the receiver)`));
    terms.push(term('dma-regulation', 'DMA regulation stalls', b.stalls - freshBudget,
        reg ? `the DMA may stall once per MemGuard period in which the budget of ${reg.budget} B runs out, at most ${formatTime(reg.stall)} each${freshBudget > 0 ? ' (not in the first period: this flow is alone, and its previous message ended a period or more before)' : ''}` : 'the DMA is not regulated (or its budget never runs out within a period)'));
    terms.push(term('self-backlog', 'earlier jobs of this flow', b.selfBacklog,
        b.ownJobs > 1 ? `job ${r.criticalJob} of the busy period: ${b.ownJobs - 1} earlier job(s) of this flow still queued, minus the time between their releases` : 'the first job of the busy period is the worst'));
    if (!floating) {
        terms.push(term('receiver', 'receiver interrupt', shape.tail, 'the receiver\'s core ends a non-preemptible section, then enters the IRQ handler'));
    }
    item.terms = terms;
    const relation = edf ? 'earlier-deadline' : 'higher-priority';
    // Allocated at its final size: growing a list of hundreds of entries by one blocker would copy it.
    const blockers = b.blockers.filter((k) => k !== ff.index);
    const interferers = new Array<Interferer>(b.interferers.length + blockers.length);
    const moreUrgent = shared.of(relation);
    const blocking = shared.of('blocking');
    for (let n = 0; n < b.interferers.length; n++) interferers[n] = moreUrgent(b.interferers[n]);
    for (let n = 0; n < blockers.length; n++) interferers[b.interferers.length + n] = blocking(blockers[n]);
    item.interferers = interferers;
    if (r.coarse) item.reason = 'bound from the coarse analysis (all other flows interfere): the exact candidate set was too large';
    return finish(item);
}

/**
 * Second pass: with the bounds R_j of every flow on an unregulated DMA (the first pass), the bytes any MemGuard period
 * can see are at most Σ_j ⌈(P + R_j)/T_j⌉·S_j (jobs nominally released in (t − R_j, t + P)). When that is at most B,
 * no period ever runs out of budget, so no transfer ever stalls. Proof by the first stall: until a first stall the
 * regulated DMA behaves exactly as an unregulated one, so every job still moving bytes in the period of that stall
 * meets its unregulated bound, and those jobs hold at most B bytes: the budget cannot run out with bytes left, and no
 * first stall exists. (Before, the first pass kept the stalls, so its larger bounds passed this test less often.)
 */
export function budgetNeverExhausted(ctx: SystemContext, reg: Regulation, bounds: Map<string, number | undefined>): boolean {
    const P = ctx.model.hypervisor.memguardPeriod;
    let bytes = 0;
    for (const ff of ctx.flows) {
        const r = bounds.get(ff.flow.name);
        if (r === undefined) return false;
        bytes += ceilDivInt(P + r, ff.flow.period) * Math.max(0, ff.flow.size);
        if (bytes > reg.budget) return false;
    }
    return true;
}

/** Chunk transfers per MemGuard period that `budgetOutOfReach` tries before it gives up (a period of very many gaps). */
const MAX_CHUNKS_PER_PERIOD = 100_000;

/**
 * Whether the DMA cannot move B bytes within one MemGuard period, whatever the flows (docs/analysis.md §2.4,
 * "Throughput"): between two chunk transfers there is always a gap g in which no byte moves (chunkGap). m transfers
 * overlapping a period of length P are active at most A(m) = min(m·a, P − (m − 1)·g) in it, a = ⌈c·10⁹/rate⌉ for the
 * largest chunk c of any flow, and until a first stall each of them is one contiguous segment there, counting at most
 * ⌊d·rate/10⁹⌋ + 1 bytes for d ns: a period counts at most max_m min(m·c, ⌊A(m)·rate/10⁹⌋ + m) bytes. Below B, the
 * budget is never reached, so no transfer ever stalls.
 */
export function budgetOutOfReach(ctx: SystemContext, reg: Regulation): boolean {
    const { model, dmaRate } = ctx;
    if (!dmaRate) return false;
    const P = model.hypervisor.memguardPeriod;
    const gap = chunkGap(model);
    const chunk = largestChunk(ctx);
    if (gap <= 0 || chunk <= 0) return false;
    const a = transferTime(chunk, dmaRate);
    // Beyond m = ⌊(P − 1)/g⌋ + 1 the gaps alone fill the period.
    const most = floorDivInt(P - 1, gap) + 1;
    if (most > MAX_CHUNKS_PER_PERIOD) return false;
    for (let m = 1; m <= most; m++) {
        const active = Math.min(m * a, P - (m - 1) * gap);
        const bytes = Math.min(m * chunk, mulDivFloor(active, dmaRate, 1_000_000_000) + m);
        if (bytes >= reg.budget) return false;
    }
    return true;
}

/**
 * Floating broker: how long a section requested on a core can wait behind the sections before it in the core's FIFO
 * queue (docs/semantics.md 6, 8; docs/analysis.md, "Section queue wait"). At most one section is in progress: a guest's
 * non-preemptible section or a broker section, the longest on the core. Behind it, at most one completion section
 * (the DMA moves one chunk at a time and the next starts only from a completion or submit section, so at most one
 * completion section is outstanding in the whole system; a completion section itself has none ahead of it but the
 * one being waited for), and the submit sections of the flows sent from the core, requested in the window before:
 * W = L + Cq + Σ_g n_g(W) · S, with n_g(W) = ⌈(W + J_g)/T_g⌉ for another flow and ⌊(W + J_f)/T_f⌋ for the flow's own
 * earlier jobs, S the submit section. Undefined when the fixed point passes the horizon (the queue never drains).
 */
interface SectionQueues {
    /** Wait of a submit of `flow` on its sender's core. */
    submitWait(flow: FlowFacts): number | undefined;
    /** Wait of a completion section on `core` (the same for every flow received there). */
    completionWait(core: number | undefined): number | undefined;
}

function sectionQueues(ctx: SystemContext): SectionQueues {
    const model = ctx.model;
    const senders = new Map<number, FlowFacts[]>();
    const receivers = new Set<number>();
    for (const ff of ctx.flows) {
        if (ff.senderCore !== undefined) {
            const list = senders.get(ff.senderCore);
            if (list) list.push(ff);
            else senders.set(ff.senderCore, [ff]);
        }
        if (ff.receiverCore !== undefined) receivers.add(ff.receiverCore);
    }
    const submit = submitSection(model);
    const wait = (core: number | undefined, self: FlowFacts | undefined, completionAhead: boolean): number | undefined => {
        const inProgress = longestSection(ctx, core);
        if (core === undefined) return inProgress;
        const base = inProgress + (completionAhead && receivers.has(core) ? completionSection(model) : 0);
        const flows = senders.get(core) ?? [];
        let w = base;
        for (;;) {
            let next = base;
            for (const g of flows) {
                const jitter = Math.max(0, g.flow.jitter);
                const period = Math.max(1, g.flow.period);
                const jobs = g === self ? floorDivInt(w + jitter, period) : ceilDivInt(w + jitter, period);
                next += jobs * submit;
            }
            if (next === w) return w;
            if (next > DEFAULT_HORIZON) return undefined;
            w = next;
        }
    };
    const completionWaits = new Map<number | undefined, number | undefined>();
    return {
        submitWait: (flow) => wait(flow.senderCore, flow, true),
        completionWait: (core) => {
            if (!completionWaits.has(core)) completionWaits.set(core, wait(core, undefined, false));
            return completionWaits.get(core);
        },
    };
}

/**
 * Floating broker: the submit sections that can hold back a completion section (docs/analysis.md §2, "Section delay").
 * A completion section waits in its core's FIFO queue behind the submits requested before it. Only one completion
 * section is outstanding at any time (the DMA moves one chunk at a time), so a submit section delays the DMA pipeline
 * at most once, by at most its length S = notify + dispatch + dmaSetup. The submits that can overlap a window [0, t]
 * are those of flows sent from a core that takes completion interrupts, with nominal releases in
 * (−(J_g + w_s,g + S), t]: at most ⌊(t + J_g + w_s,g + S)/T_g⌋ + 1 each (w_s,g the flow's own submit wait).
 * Before, every chunk was charged the worst-case wait behind all of them.
 */
function sectionDelay(ctx: SystemContext, shapes: readonly FlowShape[]): ServerDelay | undefined {
    const receivers = new Set<number>();
    for (const ff of ctx.flows) if (ff.receiverCore !== undefined) receivers.add(ff.receiverCore);
    const submit = submitSection(ctx.model);
    const streams: ArrivalStream[] = [];
    ctx.flows.forEach((ff, k) => {
        if (ff.senderCore === undefined || !receivers.has(ff.senderCore)) return;
        // shapes[k].submitJitter = w_s + dmaSetup ≤ w_s + S: the window below adds S on top.
        streams.push({ period: ff.flow.period, jitter: Math.max(0, ff.flow.jitter) + shapes[k].submitJitter + submit, cost: submit });
    });
    if (streams.length === 0 || submit <= 0) return undefined;
    const sums = new ArrivalSums(streams);
    for (let k = 0; k < streams.length; k++) sums.switchOn(k);
    return { cost: (t) => sums.cost(t) };
}

/**
 * Server time a message of `ff` takes from the broker in the long run, whatever the scenario (docs/analysis.md §2,
 * "Long-run overload"): what every message must get, not the worst case the bounds charge. Dedicated: the broker's
 * own work, n·(dispatch + dmaSetup + ipi) + ipi, and the transfers. Floating: every chunk holds the DMA from the setup
 * that starts it to the dispatch of its completion section, n·(dmaSetup + irqEntry + dispatch), and the transfers; the
 * wait in the receiver's section queue and the IPI after the setup are not part of it (the wait is a worst case, not a
 * demand each chunk makes; the IPI runs while the next chunk moves). Transfers without the regulated rounding allowance.
 */
function longRunCost(ctx: SystemContext, ff: FlowFacts): number {
    const o = ctx.model.hypervisor.overheads;
    const rate = ctx.dmaRate ?? 0;
    const f = ff.flow;
    const transfers = rate > 0 && f.size > 0
        ? (ff.chunks - 1) * transferTime(Math.min(f.chunkSize, f.size), rate) + transferTime(ff.lastChunkBytes, rate) : 0;
    const floating = ctx.model.hypervisor.broker?.mode === 'floating';
    return transfers + (floating ? ff.chunks * (o.dmaSetup + o.irqEntry + o.dispatch) : ff.chunks * (o.dispatch + o.dmaSetup + o.ipi) + o.ipi);
}

/**
 * Which flows' latencies grow without bound (exact rational tests, docs/analysis.md §2 "Long-run overload"). A section
 * queue that never drains, or a DMA budget of 0, overloads every flow. EDF: Σ_j c_j/T_j > 1 or Σ_j S_j·P/T_j > B over
 * every flow (c_j the long-run cost above). Fixed priorities, per level as for tasks: the same sums over the flows at
 * least as urgent as flow i; a less urgent backlog only ever blocks for one unit, so the more urgent levels stay
 * bounded. Before, the whole broker's sums decided every flow, and the floating broker's charged each chunk the
 * worst-case section-queue wait (issue 16, item 2).
 */
function brokerOverload(ctx: SystemContext, reg: Regulation | undefined, shapes: FlowShape[], policy: BrokerPolicy): (i: number) => boolean {
    if (shapes.some((s) => s.sectionsOverloaded) || (reg && reg.budget <= 0)) return () => true;
    const P = ctx.model.hypervisor.memguardPeriod;
    const flows = ctx.flows;
    // Most urgent first (every flow at once for EDF): a level's rates are a prefix.
    const order = flows.map((_, k) => k);
    if (policy !== 'edf') order.sort((a, b) => flows[b].flow.priority - flows[a].flow.priority || a - b);
    const time = order.map((k) => ({ c: longRunCost(ctx, flows[k]), t: flows[k].flow.period }));
    const bytes = order.map((k) => ({ c: Math.max(0, flows[k].flow.size), t: flows[k].flow.period }));
    const over = (count: number) => compareRateSum(time, 1, 1, count) > 0 || (!!reg && compareRateSum(bytes, reg.budget, P, count) > 0);
    if (policy === 'edf') {
        const all = over(order.length);
        return () => all;
    }
    const byPriority = new Map<number, boolean>();
    return (i) => {
        const p = flows[i].flow.priority;
        let v = byPriority.get(p);
        if (v === undefined) {
            let count = 0;
            while (count < order.length && flows[order[count]].flow.priority >= p) count++;
            v = over(count);
            byPriority.set(p, v);
        }
        return v;
    };
}
