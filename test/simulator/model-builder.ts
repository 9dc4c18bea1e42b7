/**
 * Small helpers that build SystemModel objects directly (no language involved), with the ZCU102 preset and the
 * default overheads, so each test states only what matters to it.
 */
import { defaultOverheads, zcu102Preset } from '../../simulator/model/presets.js';
import type { Broker, Cell, Flow, IrqEvent, SystemModel, Task, Vcpu } from '../../simulator/model/types.js';

export function system(parts: { cells: Cell[]; flows?: Flow[]; broker?: Broker; memguardPeriod?: number }): SystemModel {
    return {
        name: 'test',
        platform: zcu102Preset(),
        hypervisor: {
            kind: 'jailhouse',
            memguardPeriod: parts.memguardPeriod ?? 1_000_000,
            broker: parts.broker,
            overheads: defaultOverheads(),
        },
        cells: parts.cells,
        flows: parts.flows ?? [],
    };
}

export function cell(name: string, parts: Partial<Cell> = {}): Cell {
    return {
        name,
        root: false,
        cores: [],
        vcpus: [],
        scheduler: 'fixed-priority',
        colors: [],
        banks: [],
        memory: [],
        sharedWith: [],
        tasks: [],
        events: [],
        ...parts,
    };
}

export function vcpu(name: string, core: number, budget: number, period: number): Vcpu {
    return { name, core, budget, period };
}

export function task(name: string, parts: Partial<Task> & { period: number; wcet: number; core: number; vcpu?: string }): Task {
    const { core, vcpu: v, ...rest } = parts;
    return {
        name,
        sporadic: false,
        bcet: parts.wcet,
        deadline: parts.period,
        priority: 1,
        priorityDeclared: true,
        jitter: 0,
        memoryRefills: 0,
        placement: v === undefined ? { core } : { core, vcpu: v },
        ...rest,
    };
}

export function event(name: string, core: number, vcpuName?: string, latencyBound?: number): IrqEvent {
    return { name, irq: 54, latencyBound, placement: vcpuName === undefined ? { core } : { core, vcpu: vcpuName } };
}

export function flow(name: string, from: string, to: string, parts: Partial<Flow> & { size: number; period: number }): Flow {
    return {
        name,
        from,
        to,
        sporadic: false,
        deadline: parts.period,
        priority: 1,
        priorityDeclared: true,
        jitter: 0,
        chunkSize: 4096,
        ...parts,
    };
}

export function broker(parts: Partial<Broker> = {}): Broker {
    return { mode: 'dedicated', core: 3, policy: 'fixed-priority', chunkSize: 4096, dma: 'gdma', ...parts };
}

export const MS = 1_000_000;
export const US = 1_000;
