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
import { arrivalsBefore, arrivalsUpTo, ceilDivInt, floorDivInt, leastFixedPoint, mulCapped } from './arith.js';

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

/** Stall allowance for a window moving `bytes`: (1 + ⌊(X − 1)/B⌋)·σ when X > 0. */
export function stallAllowance(reg: Regulation | undefined, bytes: number): number {
    if (!reg || bytes <= 0) return 0;
    if (reg.budget <= 0) return Infinity;
    return mulCapped(1 + floorDivInt(bytes - 1, reg.budget), reg.stall);
}

export interface BrokerBreakdown {
    blocking: number;
    blockingBytes: number;
    /** Indices (into the job array) of the units that can block. */
    blockers: number[];
    interference: number;
    perInterferer: Map<number, number>;
    /** Own jobs counted (q+1 for fixed priority). */
    ownJobs: number;
    stalls: number;
    /** Value that makes the queue response add up: (ownJobs − 1)·C − r − J (≤ 0 typically). */
    selfBacklog: number;
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

function maxUnitOf(jobs: readonly BrokerJob[], idx: number[], extra: number): { time: number; bytes: number } {
    let time = 0;
    let bytes = 0;
    for (const k of idx) {
        time = Math.max(time, jobs[k].maxUnit);
        bytes = Math.max(bytes, jobs[k].maxUnitBytes);
    }
    return idx.length > 0 ? { time: time + extra, bytes } : { time: 0, bytes: 0 };
}

function busyPeriod(jobs: readonly BrokerJob[], level: number[], block: { time: number; bytes: number }, reg: Regulation | undefined, horizon: number) {
    const f = (t: number) => {
        let d = block.time;
        let x = block.bytes;
        for (const k of level) {
            const n = arrivalsBefore(t, jobs[k].period, jobs[k].jitter);
            d += mulCapped(n, jobs[k].cost);
            x += n * jobs[k].bytes;
        }
        return d + stallAllowance(reg, x);
    };
    let start = block.time;
    for (const k of level) start += jobs[k].cost;
    return leastFixedPoint(f, Math.max(1, start), horizon);
}

/**
 * Fixed-priority broker. `pickRemainder` is added to the blocking when some lower-priority unit exists (floating
 * broker: the completion section that already picked a lower chunk).
 */
export function brokerFixedPriority(
    jobs: readonly BrokerJob[], i: number, reg: Regulation | undefined, pickRemainder: number, horizon: number,
    treatAllAsHigher = false,
): BrokerResult {
    const me = jobs[i];
    const hp: number[] = [];
    const lp: number[] = [];
    jobs.forEach((j, k) => {
        if (k === i) return;
        if (treatAllAsHigher || j.priority >= me.priority) hp.push(k);
        else lp.push(k);
    });
    const block = maxUnitOf(jobs, lp, pickRemainder);
    const L = busyPeriod(jobs, [...hp, i], block, reg, horizon);
    if (L === undefined) return { reason: 'the broker busy period does not end below the horizon (the broker is overloaded at this priority level)', unbounded: true };
    const Q = Math.max(1, ceilDivInt(L + me.jitter, me.period));
    let best: BrokerResult | undefined;
    for (let q = 0; q < Q; q++) {
        const ownPre = mulCapped(q + 1, me.cost) - me.last;
        const bytesPre = (q + 1) * me.bytes - me.lastBytes;
        const demand = (t: number, per?: Map<number, number>) => {
            let interference = 0;
            let x = block.bytes + bytesPre;
            for (const k of hp) {
                // Arrivals up to and including the instant the last unit is picked (Davis et al.'s τ → 0⁺).
                const n = arrivalsUpTo(t, jobs[k].period, jobs[k].jitter);
                const c = mulCapped(n, jobs[k].cost);
                if (per && c > 0) per.set(k, c);
                interference += c;
                x += n * jobs[k].bytes;
            }
            return { total: block.time + ownPre + interference + stallAllowance(reg, x), interference, x };
        };
        const w = leastFixedPoint((t) => demand(t).total, block.time + ownPre, horizon);
        if (w === undefined) return { reason: `no fixed point below the horizon for job ${q} of the busy period`, unbounded: true };
        const d = demand(w);
        const stallsTotal = stallAllowance(reg, d.x + me.lastBytes);
        const response = w + me.last + (stallsTotal - stallAllowance(reg, d.x)) - q * me.period + me.jitter;
        if (!best || best.response === undefined || response > best.response) {
            // The per-interferer split only for a new worst job (it is a map over every more urgent flow).
            const per = new Map<number, number>();
            demand(w, per);
            best = {
                response, criticalJob: q, coarse: treatAllAsHigher,
                breakdown: {
                    blocking: block.time, blockingBytes: block.bytes, blockers: lp, interference: d.interference, perInterferer: per,
                    ownJobs: q + 1, stalls: stallsTotal, selfBacklog: q * me.cost - q * me.period,
                },
            };
        }
        // No early exit: with a non-preemptive last unit, more urgent work that arrived during it keeps the level-i
        // busy period going past this job's completion (the flaw Davis et al. 2007 corrected), so every job of L counts.
    }
    return best ?? { reason: 'empty busy period' };
}

/** EDF broker (absolute deadline = nominal release + D; ties FIFO, counted as interference). */
export function brokerEdf(
    jobs: readonly BrokerJob[], i: number, reg: Regulation | undefined, pickRemainder: number, horizon: number,
    maxCandidates = MAX_BROKER_CANDIDATES,
): BrokerResult {
    const me = jobs[i];
    const all = jobs.map((_, k) => k);
    const blockAll = maxUnitOf(jobs, all.filter((k) => k !== i), pickRemainder);
    const L = busyPeriod(jobs, all, blockAll, reg, horizon);
    if (L === undefined) return { reason: 'the broker busy period does not end below the horizon (the broker is overloaded)', unbounded: true };
    const candidates = new Set<number>([-me.jitter]);
    for (let k = 0; k < jobs.length; k++) {
        const j = jobs[k];
        const first = k === i ? -me.jitter : j.deadline - j.jitter - me.deadline;
        const start = first < -me.jitter ? first + Math.max(0, ceilDivInt(-me.jitter - first, j.period)) * j.period : first;
        for (let r = start; r < L; r += j.period) {
            candidates.add(r);
            if (candidates.size > maxCandidates) return brokerFixedPriority(jobs, i, reg, 0, horizon, true);
        }
    }
    let best: BrokerResult | undefined;
    for (const r of candidates) {
        const d = r + me.deadline;
        // Blocking: one unit of a job whose deadline is later than d (including a later job of this flow when
        // jitter lets it arrive first).
        const blockers = all.filter((k) => (k !== i && jobs[k].deadline > d) || (k === i && r + me.period < 0));
        const block = maxUnitOf(jobs, blockers, pickRemainder);
        const ownJobs = floorDivInt(r + me.jitter, me.period) + 1;
        const ownPre = mulCapped(ownJobs, me.cost) - me.last;
        const bytesPre = ownJobs * me.bytes - me.lastBytes;
        const demand = (t: number, per?: Map<number, number>) => {
            let interference = 0;
            let x = block.bytes + bytesPre;
            for (let k = 0; k < jobs.length; k++) {
                if (k === i) continue;
                const j = jobs[k];
                const n = Math.max(0, Math.min(arrivalsUpTo(t, j.period, j.jitter), arrivalsUpTo(d - j.deadline, j.period, j.jitter)));
                const c = mulCapped(n, j.cost);
                if (per && c > 0) per.set(k, c);
                interference += c;
                x += n * j.bytes;
            }
            return { total: block.time + ownPre + interference + stallAllowance(reg, x), interference, x };
        };
        const w = leastFixedPoint((t) => demand(t).total, block.time + ownPre, horizon);
        if (w === undefined) return { reason: 'no fixed point below the horizon', unbounded: true };
        const dm = demand(w);
        const stallsTotal = stallAllowance(reg, dm.x + me.lastBytes);
        const response = w + me.last + (stallsTotal - stallAllowance(reg, dm.x)) - r;
        if (!best || best.response === undefined || response > best.response) {
            const per = new Map<number, number>();
            demand(w, per);
            best = {
                response, criticalJob: ownJobs - 1,
                breakdown: {
                    blocking: block.time, blockingBytes: block.bytes, blockers, interference: dm.interference, perInterferer: per,
                    ownJobs, stalls: stallsTotal, selfBacklog: (ownJobs - 1) * me.cost - r - me.jitter,
                },
            };
        }
    }
    return best ?? { reason: 'no candidate release' };
}
