/** Flow analysis in two passes: the second drops DMA-regulation stalls the first pass proves impossible. */
import type { SystemContext } from './context.js';
import { analyzeFlows } from './flows.js';
import type { ItemResult } from './types.js';

/**
 * Flows as if the DMA were unregulated, then again with those bounds to drop regulation stalls that provably never
 * happen (docs/analysis.md §2.4: the bounds hold until a first stall, and with them no period runs out of budget).
 * The first pass only needs the bounds, so it builds no terms; when the stalls cannot be dropped, the full pass keeps
 * them. `only` limits the full pass to those flows.
 */
export function analyzeFlowsTwoPass(ctx: SystemContext, only?: number[]): ItemResult[] {
    const scope = only ? { only } : {};
    if (!ctx.model.hypervisor.broker?.dmaBudget) return analyzeFlows(ctx, scope);
    const first = analyzeFlows(ctx, { boundsOnly: true, unregulated: true });
    if (first.some((f) => f.wcrt === undefined)) return analyzeFlows(ctx, scope);
    return analyzeFlows(ctx, { previous: new Map(first.map((f) => [f.name, f.wcrt])), ...scope });
}
