/**
 * "What if" changes to a model, for quick-fixes and fix searches. Returns a modified copy; the input is untouched.
 */
import { coresOfCell } from '../model/cell-cores.js';
import type { SystemModel } from '../model/types.js';
import { bytesPerPeriod, eventsToBandwidth } from '../model/units.js';
import type { ModelOverrides } from './types.js';

export function applyOverrides(model: SystemModel, ov: ModelOverrides): SystemModel {
    const m: SystemModel = structuredClone(model);
    const broker = m.hypervisor.broker;
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
        for (const f of m.flows) if (f.chunkSize === old) f.chunkSize = ov.chunkSize;
    }
    const line = m.platform.llc.lineSize;
    const P = m.hypervisor.memguardPeriod;
    const setBudget = (cellName: string, events: number) => {
        const cell = m.cells.find((c) => c.name === cellName);
        if (!cell) return;
        cell.budget = { ...(cell.budget?.source ? { source: cell.budget.source } : {}), eventsPerPeriod: events, bytesPerSecond: eventsToBandwidth(events, P, line) };
    };
    for (const b of ov.cellBudgetEvents ?? []) setBudget(b.cell, b.eventsPerPeriod);
    for (const b of ov.coreBudgetEvents ?? []) {
        for (const cell of m.cells) {
            if (coresOfCell(cell).includes(b.core)) setBudget(cell.name, b.eventsPerPeriod);
        }
    }
    for (const v of ov.vcpuBudgets ?? []) {
        const vcpu = m.cells.find((c) => c.name === v.cell)?.vcpus.find((x) => x.name === v.vcpu);
        if (vcpu) vcpu.budget = v.budget;
    }
    for (const d of ov.deadlines ?? []) {
        if (d.kind === 'flow') { const f = m.flows.find((x) => x.name === d.name); if (f) f.deadline = d.value; }
        else {
            for (const cell of m.cells) {
                if (d.owner !== undefined && cell.name !== d.owner) continue;
                if (d.kind === 'task') { const t = cell.tasks.find((x) => x.name === d.name); if (t) t.deadline = d.value; }
                else { const e = cell.events.find((x) => x.name === d.name); if (e) e.latencyBound = d.value; }
            }
        }
    }
    for (const p of ov.priorities ?? []) {
        if (p.kind === 'flow') { const f = m.flows.find((x) => x.name === p.name); if (f) f.priority = p.value; }
        else {
            for (const cell of m.cells) {
                if (p.owner !== undefined && cell.name !== p.owner) continue;
                const t = cell.tasks.find((x) => x.name === p.name);
                if (t) t.priority = p.value;
            }
        }
    }
    for (const s of ov.sectionLengths ?? []) {
        const section = m.cells.find((c) => c.name === s.cell)?.tasks.find((t) => t.name === s.task)?.sections?.[s.index];
        if (section) section.length = s.length;
    }
    return m;
}
