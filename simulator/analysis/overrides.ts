/**
 * "What if" changes to a model, for quick-fixes and fix searches. Returns a modified copy; the input is untouched.
 *
 * Copy on write: the copy shares every object the overrides do not change (cells, tasks, flows, regions, sources) with
 * the input, and each changed object is copied before it is changed. A fix search applies overrides once per probe,
 * so copying the whole model (structuredClone) made every probe cost the model's size; now a probe pays for what it
 * changes plus the shallow arrays it replaces. Nothing in the analysis mutates a model, so sharing is safe; callers
 * that want to mutate the result must copy what they change.
 */
import { coresOfCell } from '../model/cell-cores.js';
import type { Cell, Flow, SystemModel, Task } from '../model/types.js';
import { bytesPerPeriod, eventsToBandwidth } from '../model/units.js';
import type { ModelOverrides } from './types.js';

export function applyOverrides(model: SystemModel, ov: ModelOverrides): SystemModel {
    const m: SystemModel = { ...model, hypervisor: { ...model.hypervisor }, cells: [...model.cells], flows: [...model.flows] };
    if (model.hypervisor.broker) m.hypervisor.broker = { ...model.hypervisor.broker };
    const broker = m.hypervisor.broker;
    const copiedCells = new Set<number>();
    const copiedFlows = new Set<number>();
    /** The copy's cell at index k, copied (with its own task, event and VCPU arrays) on first write. */
    const cellAt = (k: number): Cell => {
        if (!copiedCells.has(k)) {
            const c = m.cells[k];
            m.cells[k] = { ...c, tasks: [...c.tasks], events: [...c.events], vcpus: [...c.vcpus] };
            copiedCells.add(k);
        }
        return m.cells[k];
    };
    const flowAt = (k: number): Flow => {
        if (!copiedFlows.has(k)) {
            m.flows[k] = { ...m.flows[k] };
            copiedFlows.add(k);
        }
        return m.flows[k];
    };
    /** Copies task k of cell c (already copied) before a write. */
    const taskAt = (cell: Cell, k: number): Task => (cell.tasks[k] = { ...cell.tasks[k] });
    if (ov.dmaBudgetBytesPerSecond !== undefined && broker) {
        if (ov.dmaBudgetBytesPerSecond === null) delete broker.dmaBudget;
        else broker.dmaBudget = {
            ...(broker.dmaBudget?.source ? { source: broker.dmaBudget.source } : {}),
            bytesPerSecond: ov.dmaBudgetBytesPerSecond,
            bytesPerPeriod: bytesPerPeriod(ov.dmaBudgetBytesPerSecond, m.hypervisor.memguardPeriod),
        };
    }
    if (ov.chunkSize !== undefined && broker) {
        const old = broker.chunkSize;
        broker.chunkSize = ov.chunkSize;
        // Flows that use the broker's chunk size follow it; explicit per-flow overrides stay.
        m.flows.forEach((f, k) => { if (f.chunkSize === old) flowAt(k).chunkSize = ov.chunkSize!; });
    }
    const line = m.platform.llc.lineSize;
    const P = m.hypervisor.memguardPeriod;
    const setBudget = (k: number, events: number) => {
        const cell = cellAt(k);
        cell.budget = { ...(cell.budget?.source ? { source: cell.budget.source } : {}), eventsPerPeriod: events, bytesPerSecond: eventsToBandwidth(events, P, line) };
    };
    for (const b of ov.cellBudgetEvents ?? []) {
        const k = m.cells.findIndex((c) => c.name === b.cell);
        if (k >= 0) setBudget(k, b.eventsPerPeriod);
    }
    for (const b of ov.coreBudgetEvents ?? []) {
        m.cells.forEach((cell, k) => { if (coresOfCell(cell).includes(b.core)) setBudget(k, b.eventsPerPeriod); });
    }
    for (const v of ov.vcpuBudgets ?? []) {
        const k = m.cells.findIndex((c) => c.name === v.cell);
        if (k < 0) continue;
        const cell = m.cells[k];
        const j = cell.vcpus.findIndex((x) => x.name === v.vcpu);
        if (j < 0) continue;
        const copy = cellAt(k);
        copy.vcpus[j] = { ...copy.vcpus[j], budget: v.budget };
    }
    /** Visits every cell named `owner` (every cell when absent) with its index, for the task or event lookup. */
    const eachCell = (owner: string | undefined, visit: (cell: Cell, k: number) => void) => {
        m.cells.forEach((cell, k) => { if (owner === undefined || cell.name === owner) visit(cell, k); });
    };
    for (const d of ov.deadlines ?? []) {
        if (d.kind === 'flow') {
            const k = m.flows.findIndex((x) => x.name === d.name);
            if (k >= 0) flowAt(k).deadline = d.value;
            continue;
        }
        eachCell(d.owner, (cell, k) => {
            if (d.kind === 'task') {
                const j = cell.tasks.findIndex((x) => x.name === d.name);
                if (j >= 0) taskAt(cellAt(k), j).deadline = d.value;
            } else {
                const j = cell.events.findIndex((x) => x.name === d.name);
                if (j >= 0) { const c = cellAt(k); c.events[j] = { ...c.events[j], latencyBound: d.value }; }
            }
        });
    }
    // A priority order names every item of a set (Audsley's search probes whole orders): look names up in tables
    // built once, not by a scan per entry (quadratic in the set).
    const flowIndex = firstIndexByName(m.flows);
    const taskIndex = new Map<number, Map<string, number>>();
    const taskIndexOf = (k: number) => {
        let index = taskIndex.get(k);
        if (!index) taskIndex.set(k, (index = firstIndexByName(m.cells[k].tasks)));
        return index;
    };
    const cellsNamed = new Map<string, number[]>();
    m.cells.forEach((c, k) => { const list = cellsNamed.get(c.name); if (list) list.push(k); else cellsNamed.set(c.name, [k]); });
    for (const p of ov.priorities ?? []) {
        if (p.kind === 'flow') {
            const k = flowIndex.get(p.name);
            if (k !== undefined) flowAt(k).priority = p.value;
            continue;
        }
        for (const k of p.owner === undefined ? m.cells.keys() : cellsNamed.get(p.owner) ?? []) {
            const j = taskIndexOf(k).get(p.name);
            if (j !== undefined) taskAt(cellAt(k), j).priority = p.value;
        }
    }
    for (const s of ov.sectionLengths ?? []) {
        const k = m.cells.findIndex((c) => c.name === s.cell);
        const j = k < 0 ? -1 : m.cells[k].tasks.findIndex((t) => t.name === s.task);
        if (j < 0 || !m.cells[k].tasks[j].sections?.[s.index]) continue;
        // Copy on write down to the section: the input's task and its sections stay untouched.
        const task = taskAt(cellAt(k), j);
        const sections = [...task.sections!];
        sections[s.index] = { ...sections[s.index], length: s.length };
        task.sections = sections;
    }
    return m;
}

/** Index of the first element with each name (as `findIndex` by name would find it). */
function firstIndexByName(list: readonly { name: string }[]): Map<string, number> {
    const index = new Map<string, number>();
    list.forEach((x, k) => { if (!index.has(x.name)) index.set(x.name, k); });
    return index;
}
