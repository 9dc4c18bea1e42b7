/**
 * The broker as a server of non-preemptive chunks (preemptible between chunks), for fixed priorities and EDF, with a
 * DMA regulated per MemGuard period. Fixed priorities follow the deferred-preemption / CAN analysis of Davis, Burns,
 * Bril & Lukkien 2007 (all jobs of the level-i busy period, blocking by one lower-priority unit, interference counted
 * up to the start of the last non-preemptive unit); EDF follows Spuri 1996 / George, Rivierre & Spuri 1996 with one
 * later-deadline unit of blocking. Equations in docs/analysis.md §2.
 *
 * Every flow is abstracted as a job stream arriving at the broker's queue with period T, arrival jitter J (release
 * jitter plus any variable submit cost), a total busy time C per job, a last unit F, and bytes moved.
 */
import { ArrivalSums } from './arrival-sums.js';
import { arrivalsUpTo, ceilDivInt, floorDivInt, leastFixedPoint, mulCapped } from './arith.js';
import { levelDiverges } from './long-run.js';

export interface BrokerJob {
    period: number;
    deadline: number;
    priority: number;
    /** Arrival jitter at the broker's queue, ns. */
    jitter: number;
    /** Server time of one job without regulation stalls, ns. */
    cost: number;
    bytes: number;
    /** Server time of the last unit, ns, and its bytes. */
    last: number;
    lastBytes: number;
    /** Longest single unit and the most bytes of a single unit (blocking). */
    maxUnit: number;
    maxUnitBytes: number;
}

/** DMA regulation: at most `budget` bytes per period; each stall costs at most `stall` ns. */
export interface Regulation {
    budget: number;
    stall: number;
}

/**
 * Time the server can lose in a window to work that is not a flow's unit: the floating broker's submit sections on
 * cores that take DMA-completion interrupts (docs/analysis.md §2, "Section delay"). `cost(t)` covers the closed window
 * [0, t]; undefined when there is none.
 */
export interface ServerDelay {
    cost(t: number): number;
}

/** Stall allowance for a window moving `bytes`: (1 + ⌊(X − 1)/B⌋)·σ when X > 0. */
export function stallAllowance(reg: Regulation | undefined, bytes: number): number {
    if (!reg || bytes <= 0) return 0;
    if (reg.budget <= 0) return Infinity;
    return mulCapped(1 + floorDivInt(bytes - 1, reg.budget), reg.stall);
}

export interface BrokerBreakdown {
    blocking: number;
    blockingBytes: number;
    /** Indices (into the job array) of the less urgent flows whose units set the blocking (its time, and its bytes
     *  when the DMA is regulated). Any less urgent unit can block, but only the longest makes the bound. */
    blockers: number[];
    interference: number;
    /** Indices of the more urgent flows with work in the window (most urgent first for fixed priorities). */
    interferers: number[];
    /** Own jobs counted (q+1 for fixed priority). */
    ownJobs: number;
    stalls: number;
    /** Value that makes the queue response add up: (ownJobs − 1)·C − r − J (≤ 0 typically). */
    selfBacklog: number;
    /** Server time lost to the ServerDelay in the window. */
    sectionDelay: number;
}

export interface BrokerResult {
    /** Response from the job's nominal (queue-frame) release to the end of its last unit, ns. */
    response?: number;
    criticalJob?: number;
    breakdown?: BrokerBreakdown;
    reason?: string;
    unbounded?: boolean;
    coarse?: boolean;
}

export const MAX_BROKER_CANDIDATES = 4000;

/** The longest unit a less urgent flow can hold the broker with, its most bytes, and the flows that set them. */
export interface Blocking {
    time: number;
    bytes: number;
    blockers: number[];
}

const NO_BLOCKING: Blocking = { time: 0, bytes: 0, blockers: [] };

/**
 * The blocking by the flows `less` (any iterable of job indices): their longest unit plus `extra` (the floating
 * broker's completion section that picked it), or nothing when there is no such flow.
 */
export function longestUnit(jobs: readonly BrokerJob[], less: Iterable<number>, extra: number, regulated: boolean): Blocking {
    let timeBy = -1;
    let bytesBy = -1;
    for (const k of less) {
        timeBy = longerUnit(jobs, timeBy, k, 'maxUnit');
        bytesBy = longerUnit(jobs, bytesBy, k, 'maxUnitBytes');
    }
    return blockingBy(jobs, timeBy, bytesBy, extra, regulated);
}

/** The flow with the larger unit (time or bytes) of `by` (−1: none yet) and `k`; the lower index on a tie. */
function longerUnit(jobs: readonly BrokerJob[], by: number, k: number, key: 'maxUnit' | 'maxUnitBytes'): number {
    if (by < 0 || jobs[k][key] > jobs[by][key] || (jobs[k][key] === jobs[by][key] && k < by)) return k;
    return by;
}

function blockingBy(jobs: readonly BrokerJob[], timeBy: number, bytesBy: number, extra: number, regulated: boolean): Blocking {
    if (timeBy < 0) return NO_BLOCKING;
    return {
        time: jobs[timeBy].maxUnit + extra, bytes: jobs[bytesBy].maxUnitBytes,
        blockers: regulated && bytesBy !== timeBy ? [timeBy, bytesBy] : [timeBy],
    };
}

/**
 * What a fixed-priority flow competes with: the arrivals of every flow at least as urgent (itself included, switched
 * on in `arrivals`), those flows by index (`members[0..count)`, itself among them), and the less urgent unit that
 * can block it.
 */
export interface PriorityLevel {
    arrivals: ArrivalSums;
    members: readonly number[];
    count: number;
    blocking: Blocking;
}

/**
 * Each flow's fixed-priority level, most urgent level first: the arrival sums grow by one priority level at a time,
 * so a level costs O(log n) to set up instead of a pass over all flows. `wanted` limits the flows visited. The
 * level's `arrivals` are shared: `visit` may switch streams off but must switch them on again before it returns.
 */
export function forEachPriorityLevel(
    jobs: readonly BrokerJob[], pickRemainder: number, regulated: boolean, wanted: ReadonlySet<number> | undefined,
    visit: (i: number, level: PriorityLevel) => void,
): void {
    const order = jobs.map((_, k) => k).sort((a, b) => jobs[b].priority - jobs[a].priority || a - b);
    // Blocking of a level that ends at position e of `order`: the longest unit among order[e..], found by a suffix scan.
    const blockingFrom: Blocking[] = new Array(order.length + 1);
    blockingFrom[order.length] = NO_BLOCKING;
    let timeBy = -1;
    let bytesBy = -1;
    for (let p = order.length - 1; p >= 0; p--) {
        timeBy = longerUnit(jobs, timeBy, order[p], 'maxUnit');
        bytesBy = longerUnit(jobs, bytesBy, order[p], 'maxUnitBytes');
        blockingFrom[p] = blockingBy(jobs, timeBy, bytesBy, pickRemainder, regulated);
    }
    const arrivals = new ArrivalSums(jobs);
    for (let start = 0; start < order.length;) {
        let end = start;
        while (end < order.length && jobs[order[end]].priority === jobs[order[start]].priority) arrivals.switchOn(order[end++]);
        const level: PriorityLevel = { arrivals, members: order, count: end, blocking: blockingFrom[end] };
        for (let p = start; p < end; p++) if (!wanted || wanted.has(order[p])) visit(order[p], level);
        start = end;
    }
}

/**
 * Every flow switched on, nothing blocking: the busy period of an EDF broker (with its own blocking), and the coarse
 * fixed-priority level EDF falls back to (every other flow counts as more urgent). Built once for all flows.
 */
export function everyFlowLevel(jobs: readonly BrokerJob[]): PriorityLevel {
    const arrivals = new ArrivalSums(jobs);
    const members = jobs.map((_, k) => k);
    for (const k of members) arrivals.switchOn(k);
    return { arrivals, members, count: members.length, blocking: NO_BLOCKING };
}

/** Level-i busy period: B + Σ_{hp ∪ i} ⌈(t + J)/T⌉·C + stall(bytes), with ⌈(t + J)/T⌉ the arrivals in [0, t − 1]. */
function busyPeriod(jobs: readonly BrokerJob[], level: PriorityLevel, reg: Regulation | undefined, horizon: number, delay?: ServerDelay): number | undefined {
    const { arrivals, blocking } = level;
    const f = (t: number) => blocking.time + arrivals.cost(t - 1) + (reg ? stallAllowance(reg, blocking.bytes + arrivals.bytes(t - 1)) : 0)
        + (delay ? delay.cost(t - 1) : 0);
    // A level whose long-run demand (regulation stalls included) exceeds the broker has no busy period (long-run.ts);
    // the section delay only adds to f, so it cannot make such a level converge.
    const diverges = () => levelDiverges(level.members.slice(0, level.count).map((k) => jobs[k]), reg);
    return leastFixedPoint(f, Math.max(1, blocking.time + arrivals.costOfOneArrivalEach()), horizon, diverges);
}

/** How much of a broker result to build. */
export interface BrokerDetail {
    /** The result stands for EDF's coarse bound (every other flow counted as more urgent). */
    coarse?: boolean;
    /**
     * Only the bound is wanted (the first of the two flow passes): the interferer list, O(n) per flow and O(n²) in
     * all, is left empty.
     */
    boundsOnly?: boolean;
    /** Server time lost to other work in a window (the floating broker's submit sections). */
    delay?: ServerDelay;
}

/**
 * Fixed-priority broker for flow `i` in its priority level. The level's blocking already holds the floating broker's
 * pick remainder when some less urgent unit exists.
 */
export function brokerFixedPriority(
    jobs: readonly BrokerJob[], i: number, level: PriorityLevel, reg: Regulation | undefined, horizon: number,
    detail: BrokerDetail = {},
): BrokerResult {
    const coarse = detail.coarse === true;
    const me = jobs[i];
    const block = level.blocking;
    const delay = detail.delay;
    const L = busyPeriod(jobs, level, reg, horizon, delay);
    if (L === undefined) return { reason: 'the broker busy period does not end below the horizon: the worst case charged at this priority level (blocking, section waits, regulation stalls) reaches the broker\'s capacity', unbounded: true };
    const Q = Math.max(1, ceilDivInt(L + me.jitter, me.period));
    // From here on the sums cover the more urgent flows only.
    const hp = level.arrivals;
    hp.switchOff(i);
    try {
        // The worst job so far, as plain numbers: the result object is built once, at the end.
        let worst = -1;
        let worstResponse = 0;
        let worstWindow = 0;
        let worstStalls = 0;
        // One step function for every job q (no closure per job): it reads the job's own part from these two.
        let ownPre = 0;
        let bytesPre = 0;
        // Arrivals up to and including the instant the last unit is picked (Davis et al.'s τ → 0⁺).
        const total = (t: number) => block.time + ownPre + hp.cost(t) + (reg ? stallAllowance(reg, block.bytes + bytesPre + hp.bytes(t)) : 0)
            + (delay ? delay.cost(t) : 0);
        for (let q = 0; q < Q; q++) {
            ownPre = mulCapped(q + 1, me.cost) - me.last;
            bytesPre = (q + 1) * me.bytes - me.lastBytes;
            const w = leastFixedPoint(total, block.time + ownPre, horizon);
            if (w === undefined) return { reason: `no fixed point below the horizon for job ${q} of the busy period`, unbounded: true };
            const x = block.bytes + bytesPre + hp.bytes(w);
            const stallsTotal = stallAllowance(reg, x + me.lastBytes);
            const response = w + me.last + (stallsTotal - stallAllowance(reg, x)) - q * me.period + me.jitter;
            if (worst < 0 || response > worstResponse) {
                worst = q;
                worstResponse = response;
                worstWindow = w;
                worstStalls = stallsTotal;
            }
            // No early exit: with a non-preemptive last unit, more urgent work that arrived during it keeps the level-i
            // busy period going past this job's completion (the flaw Davis et al. 2007 corrected), so every job of L counts.
        }
        return {
            response: worstResponse, criticalJob: worst, coarse,
            breakdown: {
                blocking: block.time, blockingBytes: block.bytes, blockers: block.blockers, interference: hp.cost(worstWindow),
                interferers: detail.boundsOnly ? [] : interferersIn(jobs, i, level, worstWindow), ownJobs: worst + 1, stalls: worstStalls,
                selfBacklog: worst * me.cost - worst * me.period, sectionDelay: delay ? delay.cost(worstWindow) : 0,
            },
        };
    } finally {
        hp.switchOn(i);
    }
}

/** The more urgent flows with at least one arrival of non-zero cost in [0, w], most urgent first. */
function interferersIn(jobs: readonly BrokerJob[], i: number, level: PriorityLevel, w: number): number[] {
    const interferes = (k: number) => k !== i && jobs[k].cost > 0 && arrivalsUpTo(w, jobs[k].period, jobs[k].jitter) > 0;
    // Counted first, so the list is allocated once at its size (these lists are O(n²) in all for n flows).
    let n = 0;
    for (let p = 0; p < level.count; p++) if (interferes(level.members[p])) n++;
    const found = new Array<number>(n);
    n = 0;
    for (let p = 0; p < level.count; p++) if (interferes(level.members[p])) found[n++] = level.members[p];
    return found;
}

/** EDF broker (absolute deadline = nominal release + D; ties FIFO, counted as interference). */
export function brokerEdf(
    jobs: readonly BrokerJob[], i: number, everyFlow: PriorityLevel, reg: Regulation | undefined, pickRemainder: number,
    horizon: number, maxCandidates = MAX_BROKER_CANDIDATES, delay?: ServerDelay,
): BrokerResult {
    const me = jobs[i];
    const all = everyFlow.members;
    const L = busyPeriod(jobs, { ...everyFlow, blocking: longestUnit(jobs, all.filter((k) => k !== i), pickRemainder, reg !== undefined) }, reg, horizon, delay);
    if (L === undefined) return { reason: 'the broker busy period does not end below the horizon: the worst case charged (blocking, section waits, regulation stalls) reaches the broker\'s capacity', unbounded: true };
    const candidates = new Set<number>([-me.jitter]);
    for (let k = 0; k < jobs.length; k++) {
        const j = jobs[k];
        const first = k === i ? -me.jitter : j.deadline - j.jitter - me.deadline;
        const start = first < -me.jitter ? first + Math.max(0, ceilDivInt(-me.jitter - first, j.period)) * j.period : first;
        for (let r = start; r < L; r += j.period) {
            candidates.add(r);
            if (candidates.size > maxCandidates) return brokerFixedPriority(jobs, i, everyFlow, reg, horizon, { coarse: true, delay });
        }
    }
    let best: BrokerResult | undefined;
    for (const r of candidates) {
        const d = r + me.deadline;
        // Blocking: one unit of a job whose deadline is later than d (including a later job of this flow when
        // jitter lets it arrive first).
        const blockers = all.filter((k) => (k !== i && jobs[k].deadline > d) || (k === i && r + me.period < 0));
        const block = longestUnit(jobs, blockers, pickRemainder, reg !== undefined);
        const ownJobs = floorDivInt(r + me.jitter, me.period) + 1;
        const ownPre = mulCapped(ownJobs, me.cost) - me.last;
        const bytesPre = ownJobs * me.bytes - me.lastBytes;
        const demand = (t: number, found?: number[]) => {
            let interference = 0;
            let x = block.bytes + bytesPre;
            for (let k = 0; k < jobs.length; k++) {
                if (k === i) continue;
                const j = jobs[k];
                const n = Math.max(0, Math.min(arrivalsUpTo(t, j.period, j.jitter), arrivalsUpTo(d - j.deadline, j.period, j.jitter)));
                const c = mulCapped(n, j.cost);
                if (found && c > 0) found.push(k);
                interference += c;
                x += n * j.bytes;
            }
            return { total: block.time + ownPre + interference + stallAllowance(reg, x) + (delay ? delay.cost(t) : 0), interference, x };
        };
        const w = leastFixedPoint((t) => demand(t).total, block.time + ownPre, horizon);
        if (w === undefined) return { reason: 'no fixed point below the horizon', unbounded: true };
        const dm = demand(w);
        const stallsTotal = stallAllowance(reg, dm.x + me.lastBytes);
        const response = w + me.last + (stallsTotal - stallAllowance(reg, dm.x)) - r;
        if (!best || best.response === undefined || response > best.response) {
            const interferers: number[] = [];
            demand(w, interferers);
            best = {
                response, criticalJob: ownJobs - 1,
                breakdown: {
                    blocking: block.time, blockingBytes: block.bytes, blockers: block.blockers, interference: dm.interference, interferers,
                    ownJobs, stalls: stallsTotal, selfBacklog: (ownJobs - 1) * me.cost - r - me.jitter, sectionDelay: delay ? delay.cost(w) : 0,
                },
            };
        }
    }
    return best ?? { reason: 'no candidate release' };
}
