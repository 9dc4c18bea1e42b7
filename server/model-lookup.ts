/**
 * From analysis results (which name items) back to the model elements and AST nodes they describe, so diagnostics,
 * hovers and quick-fixes land on the exact text. Names are unique per scope (flows system-wide, tasks and events per
 * cell): the `duplicate-name` rule guarantees it before the analysis ever runs.
 */
import type { AstNode } from 'langium';
import type { AnalysisResult, ItemKind, ItemResult, VcpuResult } from '../simulator/analysis/types.js';
import type { Cell, Flow, IrqEvent, SystemModel, Task, Vcpu } from '../simulator/model/types.js';
import type { ModelIndex } from '../language/lowering/source-range.js';

export type ItemElement = Flow | Task | IrqEvent;

export function findCell(model: SystemModel, name: string | undefined): Cell | undefined {
    return model.cells.find((c) => c.name === name);
}

/** The cell of a task or event result: `owner` is the cell name. */
export function elementOfItem(model: SystemModel, item: { kind: ItemKind; name: string; owner?: string }): ItemElement | undefined {
    if (item.kind === 'flow') return model.flows.find((f) => f.name === item.name);
    const cells = item.owner !== undefined ? model.cells.filter((c) => c.name === item.owner) : model.cells;
    for (const cell of cells) {
        const found = item.kind === 'task' ? cell.tasks.find((t) => t.name === item.name) : cell.events.find((e) => e.name === item.name);
        if (found) return found;
    }
    return undefined;
}

export function elementOfVcpu(model: SystemModel, result: Pick<VcpuResult, 'cell' | 'name'>): Vcpu | undefined {
    return findCell(model, result.cell)?.vcpus.find((v) => v.name === result.name);
}

/** The analysis result for a model element, or undefined. */
export function resultOfElement(analysis: AnalysisResult, model: SystemModel, element: object): ItemResult | undefined {
    const flow = model.flows.find((f) => f === element);
    if (flow) return analysis.flows.find((r) => r.name === flow.name);
    for (const cell of model.cells) {
        const task = cell.tasks.find((t) => t === element);
        if (task) return analysis.tasks.find((r) => r.name === task.name && (r.owner === undefined || r.owner === cell.name));
        const event = cell.events.find((e) => e === element);
        if (event) return analysis.events.find((r) => r.name === event.name && (r.owner === undefined || r.owner === cell.name));
    }
    return undefined;
}

export function resultOfVcpu(analysis: AnalysisResult, cell: Cell, vcpu: Vcpu): VcpuResult | undefined {
    return analysis.vcpus.find((v) => v.name === vcpu.name && v.cell === cell.name);
}

/** The model element lowered from `node` (reverse of ModelIndex), searching the element kinds that have results. */
export function elementOfNode(model: SystemModel, index: ModelIndex, node: AstNode): object | undefined {
    const candidates: object[] = [
        ...model.flows,
        ...model.cells,
        ...model.cells.flatMap((c) => [...c.tasks, ...c.events, ...c.vcpus, ...(c.budget ? [c.budget] : [])]),
        ...(model.hypervisor.broker ? [model.hypervisor.broker] : []),
        ...(model.hypervisor.broker?.dmaBudget ? [model.hypervisor.broker.dmaBudget] : []),
    ];
    return candidates.find((c) => index.nodeOf(c) === node);
}
