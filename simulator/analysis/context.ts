/**
 * Facts about a system that every part of the analysis needs: where each cell runs, what runs on each core, the
 * MemGuard budget each core enforces, the hypervisor work flows put on each core, and the longest non-preemptible
 * section of each core. Built once per analysis (linear in the model's size).
 */
import { firstCore } from '../model/cell-cores.js';
import type { Cell, Flow, IrqEvent, SystemModel, Task, Vcpu } from '../model/types.js';
import { transferTime } from '../model/units.js';
import { ceilDivInt } from './arith.js';

export interface FlowFacts {
    flow: Flow;
    index: number;
    senderCore?: number;
    receiverCore?: number;
    /** Number of chunks of one message. */
    chunks: number;
    lastChunkBytes: number;
}

export interface TaskGroup {
    /** Key: `core N` or `vcpu CELL/NAME`. */
    key: string;
    core: number;
    cell: Cell;
    vcpu?: Vcpu;
    tasks: Task[];
    events: IrqEvent[];
}

export interface CoreFacts {
    core: number;
    cells: Cell[];
    groups: TaskGroup[];
    vcpus: { cell: Cell; vcpu: Vcpu }[];
    /** MemGuard events per period enforced on the core (smallest budget among its cells); undefined = unregulated. */
    memguardEvents?: number;
    memguardBytesPerSecond?: number;
    /** The cell whose budget is in force on the core (the smallest; the one `memguardEvents` comes from). */
    memguardCell?: Cell;
    /** Longest floating-broker section that can run on this core, ns (0 when none). */
    floatingSection: number;
}

export interface SystemContext {
    model: SystemModel;
    cellsByName: Map<string, Cell>;
    cores: Map<number, CoreFacts>;
    groups: TaskGroup[];
    flows: FlowFacts[];
    dmaRate?: number;
    errors: string[];
}

export function groupKey(core: number, cell: Cell, vcpuName: string | undefined): string {
    return vcpuName ? `vcpu ${cell.name}/${vcpuName}` : `core ${core}`;
}

export function submitSection(model: SystemModel): number {
    const o = model.hypervisor.overheads;
    return o.notify + o.dispatch + o.dmaSetup;
}

export function completionSection(model: SystemModel): number {
    const o = model.hypervisor.overheads;
    return o.irqEntry + o.dispatch + o.dmaSetup + o.ipi;
}

/**
 * `onlyCore`: the context of one core's guests only (a fix-search probe about an item on that core; the flows, which
 * every core's facts read, are all kept). The core's facts are those of the full context: the same cells, groups and
 * VCPUs in the same order.
 */
export function buildContext(model: SystemModel, onlyCore?: number): SystemContext {
    const errors: string[] = [];
    const cellsByName = new Map(model.cells.map((c) => [c.name, c]));
    const cores = new Map<number, CoreFacts>();
    const coreFacts = (core: number): CoreFacts => {
        let f = cores.get(core);
        if (!f) {
            f = { core, cells: [], groups: [], vcpus: [], floatingSection: 0 };
            cores.set(core, f);
        }
        return f;
    };
    const groups: TaskGroup[] = [];
    const groupIndex = new Map<string, TaskGroup>();
    const groupFor = (cell: Cell, core: number, vcpuName: string | undefined): TaskGroup => {
        const key = groupKey(core, cell, vcpuName);
        let g = groupIndex.get(key);
        if (!g) {
            const vcpu = vcpuName ? cell.vcpus.find((v) => v.name === vcpuName) : undefined;
            g = { key, core, cell, vcpu, tasks: [], events: [] };
            groupIndex.set(key, g);
            groups.push(g);
            coreFacts(core).groups.push(g);
        }
        return g;
    };
    const skip = (core: number) => onlyCore !== undefined && core !== onlyCore;
    for (const cell of model.cells) {
        for (const core of cell.cores) {
            if (skip(core)) continue;
            const f = coreFacts(core);
            if (!f.cells.includes(cell)) f.cells.push(cell);
        }
        for (const vcpu of cell.vcpus) {
            if (skip(vcpu.core)) continue;
            const f = coreFacts(vcpu.core);
            if (!f.cells.includes(cell)) f.cells.push(cell);
            f.vcpus.push({ cell, vcpu });
        }
        for (const task of cell.tasks) {
            if (skip(task.placement.core)) continue;
            if (task.period <= 0) { errors.push(`task ${cell.name}.${task.name}: period must be positive`); continue; }
            if (task.placement.vcpu && !cell.vcpus.some((v) => v.name === task.placement.vcpu)) {
                errors.push(`task ${cell.name}.${task.name}: unknown VCPU ${task.placement.vcpu}`);
                continue;
            }
            groupFor(cell, task.placement.core, task.placement.vcpu).tasks.push(task);
        }
        for (const ev of cell.events) if (!skip(ev.placement.core)) groupFor(cell, ev.placement.core, ev.placement.vcpu).events.push(ev);
    }
    for (const f of cores.values()) {
        let events: number | undefined;
        let bps: number | undefined;
        for (const cell of f.cells) {
            if (!cell.budget) continue;
            if (events === undefined || cell.budget.eventsPerPeriod < events) {
                events = cell.budget.eventsPerPeriod;
                bps = cell.budget.bytesPerSecond;
                f.memguardCell = cell;
            }
        }
        f.memguardEvents = events;
        f.memguardBytesPerSecond = bps;
    }
    const broker = model.hypervisor.broker;
    const dma = broker ? model.platform.dmaEngines.find((d) => d.name === broker.dma) : undefined;
    if (broker && !dma) errors.push(`broker: unknown DMA engine ${broker.dma}`);
    if (dma && dma.rate <= 0) errors.push(`DMA engine ${dma.name}: rate must be positive`);
    const flows: FlowFacts[] = [];
    model.flows.forEach((flow, index) => {
        const from = cellsByName.get(flow.from);
        const to = cellsByName.get(flow.to);
        if (!from) errors.push(`flow ${flow.name}: unknown sender cell ${flow.from}`);
        if (!to) errors.push(`flow ${flow.name}: unknown receiver cell ${flow.to}`);
        const chunk = Math.max(1, flow.chunkSize);
        const size = Math.max(0, flow.size);
        const chunks = Math.max(1, ceilDivInt(size, chunk));
        const lastChunkBytes = size - (chunks - 1) * chunk;
        flows.push({ flow, index, senderCore: from && firstCore(from), receiverCore: to && firstCore(to), chunks, lastChunkBytes });
    });
    if (broker?.mode === 'floating') {
        for (const ff of flows) {
            if (ff.senderCore !== undefined) {
                const c = coreFacts(ff.senderCore);
                c.floatingSection = Math.max(c.floatingSection, submitSection(model));
            }
            if (ff.receiverCore !== undefined) {
                const c = coreFacts(ff.receiverCore);
                c.floatingSection = Math.max(c.floatingSection, completionSection(model));
            }
        }
    }
    return { model, cellsByName, cores, groups, flows, dmaRate: dma?.rate, errors };
}

/** Longest non-preemptible section on a core: hypervisor sections, or floating-broker work on it. */
export function longestSection(ctx: SystemContext, core: number | undefined): number {
    const np = ctx.model.hypervisor.overheads.nonPreemptible;
    if (core === undefined) return np;
    return Math.max(np, ctx.cores.get(core)?.floatingSection ?? 0);
}

/** DMA time of one chunk of `bytes`, including the 1 ns rounding allowance when the DMA is regulated. */
export function chunkTransferTime(ctx: SystemContext, bytes: number): number {
    if (!ctx.dmaRate || bytes <= 0) return 0;
    const regulated = ctx.model.hypervisor.broker?.dmaBudget !== undefined;
    return transferTime(bytes, ctx.dmaRate) + (regulated ? 1 : 0);
}
