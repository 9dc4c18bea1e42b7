/** Shared resources (docs/semantics.md §9): names unique where they are looked up, and every resource used. */
import type { Resource } from '../../simulator/model/types.js';
import { reportAt, type Rule, type RuleContext } from './rule-context.js';

function checkUnique(ctx: RuleContext, resources: readonly Resource[], where: string): void {
    const first = new Map<string, Resource>();
    for (const r of resources) {
        const earlier = first.get(r.name);
        if (!earlier) { first.set(r.name, r); continue; }
        const node = ctx.index.nodeOf(earlier);
        reportAt(ctx, r, 'error', 'duplicate-name', `Duplicate resource name '${r.name}' ${where}`, {
            property: 'name', ...(node ? { related: [{ node, message: `'${r.name}' first declared here` }] } : {}),
        });
    }
}

export const resourceRules: Rule = (ctx) => {
    const globals = ctx.model.resources ?? [];
    checkUnique(ctx, globals, 'at top level');
    const used = new Set<string>();
    for (const cell of ctx.model.cells) {
        checkUnique(ctx, cell.resources ?? [], `in cell '${cell.name}'`);
        for (const t of cell.tasks) for (const s of t.sections ?? []) used.add(s.scope === 'global' ? s.resource : `${cell.name}/${s.resource}`);
    }
    for (const r of globals) {
        if (!used.has(r.name)) reportAt(ctx, r, 'warning', 'unused-resource', `Resource '${r.name}' is used by no task ('uses ${r.name} for ...' in a task of ${r.cells.join(', ') || 'a cell'})`, { property: 'name' });
    }
    for (const cell of ctx.model.cells) {
        for (const r of cell.resources ?? []) {
            if (!used.has(`${cell.name}/${r.name}`)) reportAt(ctx, r, 'warning', 'unused-resource', `Resource '${r.name}' is used by no task of cell '${cell.name}'`, { property: 'name' });
        }
    }
};
