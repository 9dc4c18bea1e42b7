/** Flow analysis in two passes: the second drops DMA-regulation stalls the first pass proves impossible. */
import type { SystemContext } from './context.js';
import { analyzeFlows } from './flows.js';
import type { ItemResult } from './types.js';

/** Flows, then again with the first bounds to drop regulation stalls that provably never happen. */
export function analyzeFlowsTwoPass(ctx: SystemContext, only?: number[]): ItemResult[] {
    const first = analyzeFlows(ctx);
    if (!ctx.model.hypervisor.broker?.dmaBudget || first.some((f) => f.wcrt === undefined)) {
        return only ? first.filter((_, i) => only.includes(i)) : first;
    }
    return analyzeFlows(ctx, { previous: new Map(first.map((f) => [f.name, f.wcrt])), ...(only ? { only } : {}) });
}

