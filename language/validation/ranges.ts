/** Values that must lie inside the platform (core, color, bank numbers) or be positive (periods, sizes, budgets). */
import { isBanksMember, isColorsMember, isCoresMember, type Cell as CellNode } from '../generated/ast.js';
import { formatSet, reportAt, type Rule, type RuleContext } from './rule-context.js';
import type { Cell } from '../../simulator/model/types.js';

function memberOf(ctx: RuleContext, cell: Cell, guard: (n: unknown) => boolean) {
    const node = ctx.index.nodeOf(cell) as CellNode | undefined;
    return node?.members.find(guard);
}

function outOfRange(ctx: RuleContext, cell: Cell, values: number[], limit: number, what: string, guard: (n: unknown) => boolean): void {
    // No such thing on the platform at all (`cores 0`): 'not-positive' says so once; "0..-1" would only confuse.
    if (limit <= 0) return;
    const bad = values.filter((v) => v < 0 || v >= limit);
    if (bad.length === 0) return;
    reportAt(ctx, cell, 'error', 'out-of-range', `${what} ${formatSet(bad)} of cell '${cell.name}' ${bad.length > 1 ? 'do' : 'does'} not exist: the platform has ${what}s 0..${limit - 1}`, { node: memberOf(ctx, cell, guard) });
}

export const platformRanges: Rule = (ctx) => {
    const p = ctx.model.platform;
    for (const cell of ctx.model.cells) {
        outOfRange(ctx, cell, cell.cores, p.cores, 'core', isCoresMember);
        outOfRange(ctx, cell, cell.colors, p.colors, 'color', isColorsMember);
        outOfRange(ctx, cell, cell.banks, p.dram.banks, 'bank', isBanksMember);
        for (const vcpu of cell.vcpus) {
            if (p.cores > 0 && (vcpu.core < 0 || vcpu.core >= p.cores)) {
                reportAt(ctx, vcpu, 'error', 'out-of-range', `VCPU '${vcpu.name}' is on core ${vcpu.core}, but the platform has cores 0..${p.cores - 1}`, { property: 'core' });
            }
        }
        for (const region of cell.memory) {
            if (region.colored && cell.colors.length === 0) {
                reportAt(ctx, region, 'error', 'colored-without-colors', `Region '${region.name}' is colored but cell '${cell.name}' has no 'colors'`, { property: 'colored' });
            }
        }
    }
    const broker = ctx.model.hypervisor.broker;
    if (broker?.mode === 'dedicated' && broker.core !== undefined && p.cores > 0 && (broker.core < 0 || broker.core >= p.cores)) {
        reportAt(ctx, broker, 'error', 'out-of-range', `The broker's core ${broker.core} does not exist: the platform has cores 0..${p.cores - 1}`, { property: 'core' });
    }
};

function positive(ctx: RuleContext, element: object, value: number, what: string, property?: string): void {
    if (value <= 0 && !ctx.hasErrorWithin(element)) reportAt(ctx, element, 'error', 'not-positive', `${what} must be greater than zero`, property ? { property } : {});
}

export const positiveValues: Rule = (ctx) => {
    const { platform, hypervisor } = ctx.model;
    positive(ctx, platform, platform.cores, 'The number of cores');
    positive(ctx, platform, platform.clockHz, 'The core clock');
    positive(ctx, platform, platform.llc.lineSize, 'The cache line size');
    positive(ctx, platform, platform.pageSize, 'The page size');
    positive(ctx, platform, platform.dram.banks, 'The number of DRAM banks');
    positive(ctx, platform, platform.dram.guaranteedBandwidth, 'The guaranteed DRAM bandwidth');
    for (const engine of platform.dmaEngines) {
        positive(ctx, engine, engine.rate, `The rate of DMA engine '${engine.name}'`);
        positive(ctx, engine, engine.channels, `The channel count of DMA engine '${engine.name}'`);
    }
    positive(ctx, hypervisor, hypervisor.memguardPeriod, 'The MemGuard period');
    const broker = hypervisor.broker;
    if (broker) {
        positive(ctx, broker, broker.chunkSize, 'The broker chunk size');
        if (broker.dmaBudget) positive(ctx, broker.dmaBudget, broker.dmaBudget.bytesPerPeriod, 'The DMA budget (bytes per MemGuard period)');
    }
    for (const cell of ctx.model.cells) {
        if (cell.budget) positive(ctx, cell.budget, cell.budget.eventsPerPeriod, `The MemGuard budget of cell '${cell.name}' (in events per period)`);
        for (const vcpu of cell.vcpus) {
            positive(ctx, vcpu, vcpu.period, `The period of VCPU '${vcpu.name}'`, 'period');
            positive(ctx, vcpu, vcpu.budget, `The budget of VCPU '${vcpu.name}'`, 'budget');
            if (vcpu.period > 0 && vcpu.budget > vcpu.period) {
                reportAt(ctx, vcpu, 'error', 'vcpu-budget-above-period', `VCPU '${vcpu.name}' asks for more budget than its period`, { property: 'budget' });
            }
        }
        for (const region of cell.memory) positive(ctx, region, region.size, `The size of region '${region.name}'`, 'size');
        for (const task of cell.tasks) {
            positive(ctx, task, task.period, `The period of task '${task.name}'`);
            positive(ctx, task, task.wcet, `The WCET of task '${task.name}'`);
            positive(ctx, task, task.deadline, `The deadline of task '${task.name}'`);
            if (task.bcet > task.wcet) reportAt(ctx, task, 'error', 'bcet-above-wcet', `Task '${task.name}': BCET exceeds WCET`, { property: 'name' });
        }
        for (const event of cell.events) {
            if (event.latencyBound !== undefined) positive(ctx, event, event.latencyBound, `The latency bound of event '${event.name}'`);
        }
    }
    for (const flow of ctx.model.flows) {
        positive(ctx, flow, flow.size, `The size of flow '${flow.name}'`, 'name');
        positive(ctx, flow, flow.period, `The period of flow '${flow.name}'`, 'name');
        positive(ctx, flow, flow.deadline, `The deadline of flow '${flow.name}'`, 'name');
        positive(ctx, flow, flow.chunkSize, `The chunk size of flow '${flow.name}'`, 'name');
    }
};

export const deadlineWithinPeriod: Rule = (ctx) => {
    const items = [...ctx.model.cells.flatMap((c) => c.tasks), ...ctx.model.flows];
    for (const item of items) {
        if (item.period > 0 && item.deadline > item.period) {
            const kind = 'wcet' in item ? 'Task' : 'Flow';
            reportAt(ctx, item, 'warning', 'deadline-above-period', `${kind} '${item.name}' has a deadline above its period: several jobs can be pending at once`, { property: 'name' });
        }
    }
};
