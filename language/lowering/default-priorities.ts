/**
 * Deadline-monotonic default priorities for tasks and flows that do not declare one (larger = more urgent).
 * Each scheduling domain is ranked on its own: the tasks of one core or VCPU of a cell, and all flows at the broker.
 * When a domain mixes declared and undeclared priorities, the undeclared ones rank below every declared one and a
 * warning says so: silently interleaving them would hide a design decision.
 */
import type { AstNode } from 'langium';
import type { Cell, Flow, Task } from '../../simulator/model/types.js';
import type { ProblemSink } from './problems.js';
import type { ModelIndex } from './source-range.js';

type Prioritized = Task | Flow;

function rankDomain(items: Prioritized[], what: string, index: ModelIndex, report: ProblemSink): void {
    const undeclared = items.filter((i) => !i.priorityDeclared);
    if (undeclared.length === 0) return;
    const declared = items.filter((i) => i.priorityDeclared);
    // Longest deadline first, so it gets the lowest number; ties keep declaration order (earlier = more urgent).
    const order = undeclared
        .map((item, position) => ({ item, position }))
        .sort((a, b) => b.item.deadline - a.item.deadline || b.position - a.position);
    const floor = declared.length > 0 ? Math.min(...declared.map((d) => d.priority)) - order.length - 1 : 0;
    order.forEach(({ item }, rank) => { item.priority = floor + rank + 1; });
    if (declared.length > 0) {
        for (const item of undeclared) {
            const node = index.nodeOf(item) as AstNode | undefined;
            if (node) {
                report({ severity: 'warning', code: 'priority-missing', node, property: 'name', message: `${what} '${item.name}' has no priority while others do: it ranks below all declared priorities (${item.priority})` });
            }
        }
    }
}

export function assignDefaultPriorities(cells: Cell[], flows: Flow[], index: ModelIndex, report: ProblemSink): void {
    for (const cell of cells) {
        const domains = new Map<string, Task[]>();
        for (const task of cell.tasks) {
            const key = task.placement.vcpu ? `vcpu:${task.placement.vcpu}` : `core:${task.placement.core}`;
            const list = domains.get(key) ?? [];
            list.push(task);
            domains.set(key, list);
        }
        for (const tasks of domains.values()) rankDomain(tasks, 'Task', index, report);
    }
    rankDomain(flows, 'Flow', index, report);
}
