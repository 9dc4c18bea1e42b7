/**
 * What would make an infeasible item feasible, found by searching the analysis itself (docs/analysis.md §8):
 * binary searches on one value at a time (re-running the item's analysis on a modified copy of the model), and
 * Audsley's optimal priority assignment (Audsley 2001) for fixed-priority sets. Each result is verified: applying it
 * makes the item schedulable and the next value in the search direction does not (for monotone searches).
 */
import { bandwidthShares } from '../model/bandwidth.js';
import type { SystemModel } from '../model/types.js';
import { bandwidthToEvents, bytesPerPeriod, mulDivCeil } from '../model/units.js';
import { largestTrue, smallestTrue } from './arith.js';
import { smallestTrueNear } from './budgeted-search.js';
import { analyzeItem, isFeasibleWith, largestAdmissibleVcpuBudget, type ItemRef } from './probe.js';
import type { Fixes, ModelOverrides, PriorityOrderFix } from './types.js';

const NS_PER_S = 1_000_000_000;

export function dmaBudgetFix(model: SystemModel, ref: ItemRef): Fixes['dmaBudget'] {
    const broker = model.hypervisor.broker;
    if (!broker?.dmaBudget) return undefined; // an unregulated DMA cannot be made faster by a budget
    const P = model.hypervisor.memguardPeriod;
    const bpsFor = (b: number) => mulDivCeil(b, NS_PER_S, P); // smallest bytes/s that grants b bytes per period
    // Above what the other budgets leave of the guaranteed bandwidth the memory check fails anyway.
    const others = otherBudgets(model, undefined);
    const hiB = bytesPerPeriod(Math.max(0, model.platform.dram.guaranteedBandwidth - others), P);
    const b = smallestTrue(1, hiB, (x) => isFeasibleWith(model, ref, { dmaBudgetBytesPerSecond: bpsFor(x) }));
    if (b === undefined) return undefined;
    return { bytesPerSecond: bpsFor(b), bytesPerPeriod: b };
}

/** Sum of the MemGuard budgets counted in the bandwidth check, leaving out core `except` (semantics §7). */
function otherBudgets(model: SystemModel, except: number | undefined): number {
    let sum = 0;
    for (const share of bandwidthShares(model).cores) if (share.core !== except) sum += share.budget.bytesPerSecond;
    return sum;
}

export function chunkSizeFix(model: SystemModel, ref: ItemRef): number | undefined {
    if (!model.hypervisor.broker) return undefined;
    const maxSize = Math.max(1, ...model.flows.map((f) => f.size));
    const ok = (c: number) => isFeasibleWith(model, ref, { chunkSize: c });
    // The feasible chunk sizes need not be one interval: sample powers of two, then refine between the largest
    // feasible sample and the next sample above it.
    const samples: number[] = [];
    for (let c = 1; c < maxSize; c *= 2) samples.push(c);
    samples.push(maxSize);
    let best: number | undefined;
    let above: number | undefined;
    for (let k = samples.length - 1; k >= 0; k--) {
        if (ok(samples[k])) { best = samples[k]; above = samples[k + 1]; break; }
    }
    if (best === undefined) return undefined;
    if (above === undefined) return best;
    return largestTrue(best, above - 1, ok);
}

export function memguardBudgetFix(model: SystemModel, ref: ItemRef, core: number): Fixes['memguardBudget'] {
    const P = model.hypervisor.memguardPeriod;
    const line = model.platform.llc.lineSize;
    const dma = model.hypervisor.broker?.dmaBudget?.bytesPerSecond ?? 0;
    const hi = bandwidthToEvents(Math.max(0, model.platform.dram.guaranteedBandwidth - dma - otherBudgets(model, core)), P, line);
    const q = smallestTrue(1, hi, (x) => isFeasibleWith(model, ref, { coreBudgetEvents: [{ core, eventsPerPeriod: x }] }));
    if (q === undefined) return undefined;
    // The smallest bandwidth whose conversion gives q events: ⌈q·line·10⁹/P⌉.
    return { core, eventsPerPeriod: q, bytesPerSecond: mulDivCeil(q * line, NS_PER_S, P) };
}

/**
 * Smallest VCPU budget (at the VCPU's period) that makes the item schedulable. Feasibility is not monotone up to the
 * period: a budget close to Π stops being admissible once the core also runs hypervisor work (flow IRQs, broker
 * sections) or other VCPUs, and a non-admissible VCPU makes its items inconclusive. Admission is monotone (a larger
 * budget only lengthens the VCPU's own response on its core), so the search first finds the largest admissible
 * budget, then the smallest feasible one below it (docs/analysis.md §8). `estimate` (vcpu-interface.ts): where the
 * search starts, the answer does not depend on it; `lowerBound`: it may lie far below the answer (then the largest
 * budget is probed first, smallestTrueNear), else it is usually the answer or just above it.
 */
export function vcpuBudgetFix(
    model: SystemModel, ref: ItemRef, cell: string, vcpu: string, period: number, estimate?: number, lowerBound = true,
): Fixes['vcpuBudget'] {
    const ov = (budget: number): ModelOverrides => ({ vcpuBudgets: [{ cell, vcpu, budget }] });
    const hi = largestAdmissibleVcpuBudget(model, cell, vcpu);
    if (hi === undefined) return undefined;
    const ok = (x: number) => isFeasibleWith(model, ref, ov(x));
    const budget = estimate === undefined ? smallestTrue(1, Math.min(hi, period), ok) : smallestTrueNear(1, Math.min(hi, period), ok, estimate, undefined, lowerBound);
    return budget === undefined ? undefined : { vcpu, budget };
}


export function deadlineFix(model: SystemModel, ref: ItemRef): number | undefined {
    const ok = (d: number) => isFeasibleWith(model, ref, { deadlines: [{ kind: ref.kind, name: ref.name, owner: ref.owner, value: d }] });
    const current = analyzeItem(model, ref);
    // Start from the current bound (exact for fixed priorities, where the deadline does not change the bound).
    let hi = current?.wcrt ?? current?.deadline ?? 1;
    for (let k = 0; k < 40 && !ok(hi); k++) hi *= 2;
    if (!ok(hi)) return undefined;
    // Plain bisection, not a search from an estimate: under EDF, feasibility need not be monotone in the deadline (a
    // later deadline lets more jobs go first; system 533 of the contract generator, seed 4242: task c1/t4 is feasible
    // at 37,762,760 ns, not at 40 ms, again at 49,676,628 ns, which the bisection returns), and where it is not, the
    // answer depends on the values probed. Kept as it was, so the fixes stay those of before (docs/analysis.md §8).
    return smallestTrue(1, hi, ok);
}

/**
 * Audsley's optimal priority assignment: from the lowest level up, give it to any item that is schedulable there
 * with every unassigned item above it. `refs` are the items of one fixed-priority set.
 */
export function audsleyOrder(model: SystemModel, refs: ItemRef[], scope: string): PriorityOrderFix | undefined {
    const kind = refs[0]?.kind === 'flow' ? 'flow' : 'task';
    const unassigned = [...refs];
    const lowToHigh: ItemRef[] = [];
    const n = refs.length;
    while (unassigned.length > 0) {
        const level = lowToHigh.length + 1;
        let chosen = -1;
        for (let k = 0; k < unassigned.length && chosen < 0; k++) {
            const cand = unassigned[k];
            const priorities = [
                ...lowToHigh.map((r, idx) => ({ kind, name: r.name, owner: r.owner, value: idx + 1 })),
                { kind, name: cand.name, owner: cand.owner, value: level },
                ...unassigned.filter((_, j) => j !== k).map((r) => ({ kind, name: r.name, owner: r.owner, value: n + 1 })),
            ] as ModelOverrides['priorities'];
            if (isFeasibleWith(model, cand, { priorities })) chosen = k;
        }
        if (chosen < 0) return undefined;
        lowToHigh.push(unassigned[chosen]);
        unassigned.splice(chosen, 1);
    }
    const order = [...lowToHigh].reverse();
    return { scope, order: order.map((r) => r.name), priorities: order.map((_, idx) => n - idx) };
}
