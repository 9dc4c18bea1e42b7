/** Names must be unique where they are looked up: cells and flows in the document, tasks/events/VCPUs/regions in a cell. */
import type { Rule, RuleContext } from './rule-context.js';

function checkUnique(ctx: RuleContext, items: Array<{ name: string }>, what: string): void {
    const first = new Map<string, object>();
    for (const item of items) {
        const earlier = first.get(item.name);
        if (earlier) {
            const earlierNode = ctx.index.nodeOf(earlier);
            ctx.report({
                severity: 'error', code: 'duplicate-name', node: ctx.index.nodeOf(item) ?? ctx.doc, property: 'name',
                message: `Duplicate ${what} name '${item.name}'`,
                ...(earlierNode ? { related: [{ node: earlierNode, message: `'${item.name}' first declared here` }] } : {}),
            });
        } else {
            first.set(item.name, item);
        }
    }
}

export const uniqueNames: Rule = (ctx) => {
    checkUnique(ctx, ctx.model.cells, 'cell');
    checkUnique(ctx, ctx.model.flows, 'flow');
    checkUnique(ctx, ctx.model.platform.dmaEngines, 'DMA engine');
    for (const cell of ctx.model.cells) {
        checkUnique(ctx, [...cell.tasks, ...cell.events], `task or event (in cell '${cell.name}')`);
        checkUnique(ctx, cell.vcpus, `VCPU (in cell '${cell.name}')`);
        checkUnique(ctx, cell.memory, `memory region (in cell '${cell.name}')`);
    }
};
