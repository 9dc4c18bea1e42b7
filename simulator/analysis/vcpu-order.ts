/**
 * The order in which the VCPUs of a core are scheduled (docs/semantics.md: rate monotonic, shorter period first;
 * declaration order breaks ties between equal periods). One place for the rule: admission (reservations.ts) and the
 * vMPCP terms (mpcp.ts) both need it.
 */
import type { Vcpu } from '../model/types.js';
import type { CoreFacts, SystemContext } from './context.js';

/** The VCPUs of a core in scheduling order. */
export function rateMonotonic(core: CoreFacts): CoreFacts['vcpus'] {
    return core.vcpus.map((v, idx) => ({ v, idx })).sort((a, b) => a.v.vcpu.period - b.v.vcpu.period || a.idx - b.idx).map((x) => x.v);
}

/** The VCPUs scheduled before `vcpu` on its core. */
export function vcpusBefore(ctx: SystemContext, vcpu: Vcpu): Vcpu[] {
    const core = ctx.cores.get(vcpu.core);
    if (!core) return [];
    const ordered = rateMonotonic(core).map((x) => x.vcpu);
    const at = ordered.indexOf(vcpu);
    return at < 0 ? [] : ordered.slice(0, at);
}
