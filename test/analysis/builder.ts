/** Small builders for hand-made system models in the analysis tests (no language needed). */
import type { Cell, Flow, Overheads, SystemModel, Task } from '../../simulator/model/types.js';
import { zcu102Preset } from '../../simulator/model/presets.js';
import { bytesPerPeriod, eventsToBandwidth } from '../../simulator/model/units.js';

export const ZERO_OVERHEADS: Overheads = { notify: 0, dispatch: 0, dmaSetup: 0, ipi: 0, irqEntry: 0, nonPreemptible: 0 };

export function system(parts: {
    cells?: Cell[]; flows?: Flow[]; overheads?: Partial<Overheads>; broker?: Partial<NonNullable<SystemModel['hypervisor']['broker']>> | null;
    dmaRate?: number; dmaBudget?: number; period?: number;
}): SystemModel {
    const platform = zcu102Preset();
    if (parts.dmaRate) platform.dmaEngines[0].rate = parts.dmaRate;
    const P = parts.period ?? 1_000_000;
    const broker = parts.broker === null ? undefined : {
        mode: 'dedicated' as const, core: 3, policy: 'fixed-priority' as const, chunkSize: 4096, dma: 'gdma',
        ...(parts.dmaBudget !== undefined ? { dmaBudget: { bytesPerSecond: parts.dmaBudget, bytesPerPeriod: bytesPerPeriod(parts.dmaBudget, P) } } : {}),
        ...(parts.broker ?? {}),
    };
    return {
        name: 'test', platform,
        hypervisor: { kind: 'jailhouse', memguardPeriod: P, ...(broker ? { broker } : {}), overheads: { ...ZERO_OVERHEADS, ...(parts.overheads ?? {}) } },
        cells: parts.cells ?? [], flows: parts.flows ?? [],
    };
}

export function cell(name: string, p: Partial<Cell> & { budgetEvents?: number } = {}): Cell {
    const { budgetEvents, ...rest } = p;
    return {
        name, root: false, cores: [], vcpus: [], scheduler: 'fixed-priority', colors: [], banks: [], memory: [], sharedWith: [], tasks: [], events: [],
        ...(budgetEvents !== undefined ? { budget: { eventsPerPeriod: budgetEvents, bytesPerSecond: eventsToBandwidth(budgetEvents, 1_000_000, 64) } } : {}),
        ...rest,
    };
}

export function task(name: string, wcet: number, period: number, p: Partial<Task> = {}): Task {
    return {
        name, period, sporadic: false, wcet, bcet: wcet, deadline: period, priority: 1, priorityDeclared: true, jitter: 0, memoryRefills: 0,
        placement: { core: 0 }, ...p,
    };
}

export function flow(name: string, from: string, to: string, size: number, period: number, p: Partial<Flow> = {}): Flow {
    return { name, from, to, size, period, sporadic: false, deadline: period, priority: 1, priorityDeclared: true, jitter: 0, chunkSize: 4096, ...p };
}

/** Every bound that is a sum must equal the sum of its terms. */
export function termsAddUp(item: { wcrt?: number; terms: { value: number }[] }): boolean {
    return item.wcrt === undefined || item.terms.reduce((s, t) => s + t.value, 0) === item.wcrt;
}
