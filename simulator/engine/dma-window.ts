/**
 * Adversarial DMA budget window (docs/trace-format.md "Scenarios"; docs/analysis.md §2, "DMA regulation"). The broker
 * analysis charges every window one regulation stall more than its own bytes explain, 1 + ⌊(X − 1)/B⌋ stalls of up to
 * σ (the period less the time the fewest chunks take to move B, with the gaps between them): the MemGuard period the
 * window starts in may already have spent its budget. Releasing
 * every flow together never shows that stall to the flows served first, since nothing has spent the budget before
 * them. This plan makes the scenario do it: the least urgent flows (the "burners", just enough of them to move B
 * bytes; the largest messages when the less urgent ones are too small) are released so that their first chunk starts exactly at a MemGuard boundary; the DMA then moves their
 * chunks back to back until the period's budget is spent, which is as early in the period as the budget can run out,
 * so the stall that follows is as long as the analysis allows (less the chunk gaps). Every other flow is held and
 * released, in increasing urgency 1 ns apart as before, at the instant the budget is spent: each finds the DMA stalled
 * for the rest of the period (or stalling as soon as it starts a chunk), a burner's chunk maybe still to finish (its
 * blocking), and the more urgent flows arriving with it. If the budget is not spent within that period, the held
 * flows are released at its end.
 *
 * Pure planning plus a one-shot latch; the simulation applies it (simulation.ts, behind its one event loop).
 */

/** A flow as the plan sees it, in increasing urgency (the adversarial release order). */
export interface WindowFlow {
    index: number;
    /** Bytes of one message. */
    bytes: number;
}

export interface DmaWindowPlan {
    /** Release shift of each burner (its first job's actual release), by flow index. */
    burnerShift: Map<number, number>;
    /** The held flows, in increasing urgency: released together when the budget is first spent. */
    held: number[];
    /** When the held flows are released if the budget has not run out by then (the end of the burners' period). */
    fallbackAt: number;
}

/**
 * The plan, or undefined when it cannot apply: the DMA is not regulated, or one message of each flow but one holds
 * fewer than B bytes (the budget cannot be spent before the window and leave a flow to hold).
 * `startDelay` is the time from a burner's release to the start of its first chunk's transfer when nothing else is
 * going on (floating: the guest section the submit waits for, notify, dispatch, DMA setup; dedicated: notify,
 * dispatch, DMA setup).
 */
export function planDmaWindow(flows: readonly WindowFlow[], budget: number, period: number, startDelay: number): DmaWindowPlan | undefined {
    if (!Number.isFinite(budget) || budget <= 0 || period <= 0) return undefined;
    const burners = spenders(flows, budget, flows.map((_, rank) => rank))
        // Too few bytes among the less urgent ones: as few burners as can spend it, the largest messages first.
        ?? spenders(flows, budget, flows.map((_, rank) => rank).sort((a, b) => flows[b].bytes - flows[a].bytes || a - b));
    if (!burners) return undefined;
    // The first chunk starts at the first MemGuard boundary the burners can reach (a whole period to spend the budget in).
    const boundary = Math.ceil(startDelay / period) * period;
    const base = boundary - startDelay;
    const burnerShift = new Map<number, number>();
    const held: number[] = [];
    // Both in increasing urgency, 1 ns apart: the least urgent burner claims the DMA first.
    flows.forEach((f, rank) => {
        if (burners.has(rank)) burnerShift.set(f.index, base + burnerShift.size);
        else held.push(f.index);
    });
    return { burnerShift, held, fallbackAt: boundary + period };
}

/**
 * The first flows of `order` (ranks into `flows`) whose messages hold at least B bytes, or undefined when that takes
 * every flow (nothing would be left to hold).
 */
function spenders(flows: readonly WindowFlow[], budget: number, order: readonly number[]): Set<number> | undefined {
    let bytes = 0;
    let count = 0;
    while (count < order.length && bytes < budget) bytes += Math.max(0, flows[order[count++]].bytes);
    return bytes >= budget && count < flows.length ? new Set(order.slice(0, count)) : undefined;
}

/** The plan at run time: the held flows are released once, when the budget is first spent or at the fallback. */
export class DmaWindow {
    private released = false;

    constructor(readonly plan: DmaWindowPlan) {}

    /**
     * Whether the burners are still spending the budget (the held flows are not released yet). Meanwhile no guest
     * section is started as a chunk completes: the gaps between chunks are then the least the semantics allow, so the
     * budget is spent as early in the period as it can be (the analysis' stall σ counts only those gaps).
     */
    get spending(): boolean {
        return !this.released;
    }

    /** The held flows to release now (in increasing urgency), or undefined when they were released already. */
    release(): readonly number[] | undefined {
        if (this.released) return undefined;
        this.released = true;
        return this.plan.held;
    }
}
