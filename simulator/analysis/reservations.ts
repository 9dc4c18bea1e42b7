/**
 * Admission control of VCPU reservations on each time-shared core: the VCPUs of a core are periodic servers scheduled
 * rate-monotonically (docs/semantics.md §1); a VCPU is admissible when its worst-case response time (its budget plus
 * the budgets of shorter-period VCPUs and the hypervisor work of flows on the core) is within its period
 * (Liu & Layland's model, exact response-time test of Joseph & Pandya / Audsley et al.). docs/analysis.md §5.
 */
import { DEFAULT_HORIZON, leastFixedPoint, mulCapped, arrivalsBefore } from './arith.js';
import type { SystemContext } from './context.js';
import { hypervisorDemand, type CoreLoad } from './tasks.js';
import type { Vcpu, Cell } from '../model/types.js';

export interface VcpuAdmission {
    cell: Cell;
    vcpu: Vcpu;
    admissible: boolean;
    responseTime?: number;
}

export function admitVcpus(ctx: SystemContext, loads: Map<number, CoreLoad>, horizon = DEFAULT_HORIZON): Map<Vcpu, VcpuAdmission> {
    const out = new Map<Vcpu, VcpuAdmission>();
    for (const core of ctx.cores.values()) {
        // Declaration order breaks ties between equal periods (the semantics' rule).
        const ordered = core.vcpus.map((v, idx) => ({ ...v, idx })).sort((a, b) => a.vcpu.period - b.vcpu.period || a.idx - b.idx);
        const load = loads.get(core.core);
        for (let k = 0; k < ordered.length; k++) {
            const { cell, vcpu } = ordered[k];
            if (vcpu.budget >= vcpu.period && ordered.length === 1 && !load) {
                out.set(vcpu, { cell, vcpu, admissible: true, responseTime: vcpu.period });
                continue;
            }
            if (load && load.unbounded.length > 0) { out.set(vcpu, { cell, vcpu, admissible: false }); continue; }
            const hp = ordered.slice(0, k).map((o) => o.vcpu);
            const r = leastFixedPoint((t) => {
                let d = vcpu.budget + hypervisorDemand(load, t);
                for (const h of hp) d += mulCapped(arrivalsBefore(t, h.period, 0), h.budget);
                return d;
            }, Math.max(1, vcpu.budget), Math.min(horizon, vcpu.period + 1));
            out.set(vcpu, { cell, vcpu, admissible: r !== undefined && r <= vcpu.period, responseTime: r });
        }
    }
    return out;
}
