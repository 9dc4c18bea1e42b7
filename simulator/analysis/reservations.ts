/**
 * Admission control of VCPU reservations on each time-shared core: the VCPUs of a core are periodic servers scheduled
 * rate-monotonically (docs/semantics.md §1); a VCPU is admissible when its worst-case response time (its budget plus
 * the budgets of shorter-period VCPUs and the hypervisor work of flows on the core) is within its period
 * (Liu & Layland's model, exact response-time test of Joseph & Pandya / Audsley et al.). docs/analysis.md §5.
 */
import { arrivalsBefore, DEFAULT_HORIZON, largestTrue, leastFixedPoint, mulCapped } from './arith.js';
import type { CoreFacts, SystemContext } from './context.js';
import { hypervisorDemand, type CoreLoad } from './tasks.js';
import { boostedDemand, vcpuOverrunOf } from './mpcp.js';
import { rateMonotonic } from './vcpu-order.js';
import type { Vcpu, Cell } from '../model/types.js';

export interface VcpuAdmission {
    cell: Cell;
    vcpu: Vcpu;
    admissible: boolean;
    responseTime?: number;
}

export function admitVcpus(ctx: SystemContext, loads: Map<number, CoreLoad>, horizon = DEFAULT_HORIZON): Map<Vcpu, VcpuAdmission> {
    const out = new Map<Vcpu, VcpuAdmission>();
    const admission = lazyAdmission(ctx, loads, horizon);
    for (const core of ctx.cores.values()) {
        for (const { vcpu } of rateMonotonic(core)) {
            const a = admission(vcpu);
            if (a) out.set(vcpu, a);
        }
    }
    return out;
}

/** vMPCP boosting: the boosted execution of the less urgent VCPUs in a window of length t (0 without boosting). */
function lowerBoost(ctx: SystemContext, lower: readonly Vcpu[]): (t: number) => number {
    if (!ctx.model.hypervisor.vcpuBoost || lower.length === 0) return () => 0;
    return (t) => lower.reduce((sum, l) => sum + boostedDemand(ctx, l, t), 0);
}

/**
 * The admission of single VCPUs, computed on demand and kept: what `admitVcpus` gives for the same VCPU (a VCPU's test
 * reads only its core's load and the budgets of the VCPUs above it), without testing every VCPU of the core. A probe
 * asks about the VCPUs of one core only; with a hundred VCPUs on it, testing them all made each probe quadratic.
 */
export function lazyAdmission(ctx: SystemContext, loads: Map<number, CoreLoad>, horizon = DEFAULT_HORIZON): (vcpu: Vcpu) => VcpuAdmission | undefined {
    const ordered = new Map<number, CoreFacts['vcpus']>();
    const known = new Map<Vcpu, VcpuAdmission>();
    return (vcpu) => {
        const hit = known.get(vcpu);
        if (hit) return hit;
        const core = ctx.cores.get(vcpu.core);
        if (!core) return undefined;
        let order = ordered.get(core.core);
        if (!order) ordered.set(core.core, (order = rateMonotonic(core)));
        const k = order.findIndex((o) => o.vcpu === vcpu);
        if (k < 0) return undefined;
        const { cell } = order[k];
        const load = loads.get(core.core);
        let a: VcpuAdmission;
        if (wholeCoreBudget(vcpu, vcpu.budget, order.length, load)) a = { cell, vcpu, admissible: true, responseTime: vcpu.period };
        else if (load && load.unbounded.length > 0) a = { cell, vcpu, admissible: false };
        else {
            const r = vcpuResponseTime(vcpu.budget, vcpu.period, order.slice(0, k).map((o) => o.vcpu), load, horizon, (h) => vcpuOverrunOf(ctx, h), lowerBoost(ctx, order.slice(k + 1).map((o) => o.vcpu)));
            a = { cell, vcpu, admissible: r !== undefined && r <= vcpu.period, responseTime: r };
        }
        known.set(vcpu, a);
        return a;
    };
}


/** A budget of the whole period for the only VCPU of a core without hypervisor work: admissible without a test. */
function wholeCoreBudget(vcpu: Vcpu, budget: number, vcpusOnCore: number, load: CoreLoad | undefined): boolean {
    return budget >= vcpu.period && vcpusOnCore === 1 && !load;
}

/**
 * R = Θ + Σ_{hp} ⌈R/Π_h⌉(Θ_h + O_h) + H(R), or undefined when it passes Π (or the horizon). O_h: the vMPCP budget
 * overrun of a more urgent VCPU (0 unless `vmpcp overrun`, docs/analysis.md §10.3).
 */
function vcpuResponseTime(
    budget: number, period: number, hp: readonly Vcpu[], load: CoreLoad | undefined, horizon: number, overrun: (v: Vcpu) => number,
    boosted: (t: number) => number = () => 0,
): number | undefined {
    return leastFixedPoint((t) => {
        let d = budget + hypervisorDemand(load, t) + boosted(t);
        for (const h of hp) d += mulCapped(arrivalsBefore(t, h.period, 0), h.budget + overrun(h));
        return d;
    }, Math.max(1, budget), Math.min(horizon, period + 1));
}

/**
 * The largest budget in [1, Π] at which `vcpu` stays admissible on its core, other VCPUs unchanged (undefined when
 * none is). The VCPU's response only grows with its budget and the VCPUs above it do not depend on it, so this is a
 * binary search on the same test `admitVcpus` applies, without rebuilding anything per step.
 */
export function largestAdmissibleBudget(ctx: SystemContext, loads: Map<number, CoreLoad>, vcpu: Vcpu, horizon = DEFAULT_HORIZON): number | undefined {
    const core = ctx.cores.get(vcpu.core);
    if (!core) return undefined;
    const load = loads.get(vcpu.core);
    if (load && load.unbounded.length > 0) return undefined;
    const ordered = rateMonotonic(core);
    const k = ordered.findIndex((o) => o.vcpu === vcpu);
    if (k < 0) return undefined;
    const hp = ordered.slice(0, k).map((o) => o.vcpu);
    return largestTrue(1, vcpu.period, (budget) => {
        if (wholeCoreBudget(vcpu, budget, ordered.length, load)) return true;
        const r = vcpuResponseTime(budget, vcpu.period, hp, load, horizon, (h) => vcpuOverrunOf(ctx, h), lowerBoost(ctx, ordered.slice(k + 1).map((o) => o.vcpu)));
        return r !== undefined && r <= vcpu.period;
    });
}
