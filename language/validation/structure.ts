/** Whole-system shape: a broker for flows, no flow to itself, one root cell, a CPU for every cell. */
import { isFlow } from '../generated/ast.js';
import { reportAt, type Rule } from './rule-context.js';

export const flowEndpoints: Rule = (ctx) => {
    for (const flow of ctx.model.flows) {
        if (flow.from && flow.from === flow.to) {
            reportAt(ctx, flow, 'error', 'flow-self', `Flow '${flow.name}' goes from cell '${flow.from}' to itself: the broker carries data between cells`, { property: 'to' });
        }
    }
    if (ctx.model.flows.length > 0 && !ctx.model.hypervisor.broker) {
        const first = ctx.model.flows[0];
        const node = ctx.index.nodeOf(first);
        ctx.report({
            severity: 'error', code: 'no-broker', node: node && isFlow(node) ? node : ctx.doc, ...(node ? { property: 'name' } : {}),
            message: "Flows need the inter-VM broker: add 'broker dedicated on core N' or 'broker floating' to the hypervisor block",
        });
    }
};

export const rootCell: Rule = (ctx) => {
    const roots = ctx.model.cells.filter((c) => c.root);
    for (const extra of roots.slice(1)) {
        reportAt(ctx, extra, 'error', 'multiple-roots', `Cell '${extra.name}' is a second root cell: Jailhouse has exactly one root cell ('${roots[0].name}')`, { property: 'root' });
    }
    if (ctx.model.cells.length > 0 && roots.length === 0) {
        reportAt(ctx, ctx.model.cells[0], 'warning', 'no-root', "No cell is marked 'root': Jailhouse needs a root cell (usually Linux) that hands out the others' resources", { property: 'name' });
    }
};

export const cellHasCpu: Rule = (ctx) => {
    for (const cell of ctx.model.cells) {
        if (cell.cores.length === 0 && cell.vcpus.length === 0) {
            reportAt(ctx, cell, 'error', 'cell-without-cpu', `Cell '${cell.name}' has no CPU: give it 'cores N' or a 'vcpu'`, { property: 'name' });
        }
        if (cell.cores.length > 0 && cell.vcpus.length > 0) {
            reportAt(ctx, cell, 'warning', 'cores-and-vcpus', `Cell '${cell.name}' has both whole cores and VCPU reservations`, { property: 'name' });
        }
    }
};
