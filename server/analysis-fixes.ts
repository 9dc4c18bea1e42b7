/**
 * Quick-fixes computed by the analysis (its `fixes`): each turns one of the analysis's values into an edit of the
 * declaration it belongs to. The values were found by re-running the analysis, so the edit is what makes the item
 * schedulable; the tests apply every edit and re-validate.
 */
import type { AstNode } from 'langium';
import type { TextEdit } from 'vscode-languageserver';
import * as ast from '../language/generated/ast.js';
import type { ModelIndex } from '../language/lowering/source-range.js';
import type { AnalysisResult, Fixes, PriorityOrderFix } from '../simulator/analysis/types.js';
import type { Cell, SystemModel, Task } from '../simulator/model/types.js';
import { bandwidthToEvents } from '../simulator/model/units.js';
import { elementOfItem, findCell } from './model-lookup.js';
import type { AnalysisDiagnosticData } from './protocol.js';
import { appendAfter, defined, replaceNode } from './text-edits.js';
import { formatInUnitOf, withMargin } from './unit-choice.js';

export interface ProposedFix {
    title: string;
    edits: TextEdit[];
    /** The fix that changes the least (a budget before a deadline): the editor's default. */
    preferred?: boolean;
}

export interface FixContext {
    model: SystemModel;
    index: ModelIndex;
    /** Margin of the second fix offered beside an exact minimum, percent (setting `rtcell.quickFixes.margin`); 0: none. */
    marginPercent?: number;
}

/** The item's fixes and (for VCPUs) the guest's minimal interface, looked up in the analysis with fixes. */
export interface ItemFixes {
    fixes?: Fixes;
    minimalBudget?: number;
}

export function fixesOfItem(analysis: AnalysisResult, data: AnalysisDiagnosticData): ItemFixes {
    if (data.kind === 'vcpu') {
        const vcpu = analysis.vcpus.find((v) => v.name === data.name && v.cell === data.owner);
        return vcpu?.minimalBudget !== undefined && vcpu.minimalBudget < vcpu.budget ? { minimalBudget: vcpu.minimalBudget } : {};
    }
    const list = data.kind === 'flow' ? analysis.flows : data.kind === 'task' ? analysis.tasks : data.kind === 'event' ? analysis.events : [];
    const item = list.find((i) => i.name === data.name && (data.kind === 'flow' || data.owner === undefined || i.owner === data.owner));
    if (!item?.fixes) return {};
    const memguard = item.fixes.memguardBudget;
    if (!memguard) return { fixes: item.fixes };
    // MemGuard regulates the core, not the task: every late task of the core gets the budget the neediest one needs
    // (a larger budget only shortens stalls), so fixing any of them fixes all, and they all offer the same edit.
    let needed = memguard;
    for (const other of analysis.tasks) {
        const m = other.fixes?.memguardBudget;
        if (m && m.core === memguard.core && m.eventsPerPeriod > needed.eventsPerPeriod) needed = m;
    }
    return { fixes: { ...item.fixes, memguardBudget: needed } };
}

/** Every fix the analysis found for the diagnostic's item, most direct first. */
export function analysisFixes(data: AnalysisDiagnosticData, found: ItemFixes, ctx: FixContext): ProposedFix[] {
    const out: ProposedFix[] = [];
    const fixes: Fixes | undefined = found.fixes;
    const who = `${data.kind} '${data.name}'`;
    const margin = ctx.marginPercent ?? 0;
    if (fixes?.dmaBudget) {
        const unit = dmaBudgetNode(ctx)?.budget.unit;
        const exact = fixes.dmaBudget.bytesPerSecond;
        push(out, `Raise the DMA budget to ${formatInUnitOf(unit, exact, 'bandwidth')} (smallest that makes ${who} meet its deadline)`, dmaBudgetEdits(ctx, exact));
        if (margin > 0) {
            const padded = withMargin(exact, margin, unit, 'bandwidth');
            push(out, `Raise the DMA budget to ${formatInUnitOf(unit, padded, 'bandwidth')} (${margin} % above the smallest)`, dmaBudgetEdits(ctx, padded));
        }
    }
    if (fixes?.memguardBudget) {
        const m = fixes.memguardBudget;
        const unit = coreBudgetUnit(ctx, m.core);
        const shown = (events: number, bytesPerSecond: number) => unit === 'events' ? `${events} events per period` : `${formatInUnitOf(unit, bytesPerSecond, 'bandwidth')} = ${events} events per period`;
        push(out, `Raise the MemGuard budget of core ${m.core} to ${shown(m.eventsPerPeriod, m.bytesPerSecond)}`, coreBudgetEdits(ctx, m.core, m.eventsPerPeriod, m.bytesPerSecond));
        if (margin > 0) {
            const events = Number((BigInt(m.eventsPerPeriod) * BigInt(Math.round(100 * (100 + margin))) + 9_999n) / 10_000n);
            const bytesPerSecond = Math.max(withMargin(m.bytesPerSecond, margin, unit === 'events' ? undefined : unit, 'bandwidth'), m.bytesPerSecond);
            push(out, `Raise the MemGuard budget of core ${m.core} to ${shown(unit === 'events' ? events : eventsOf(ctx, bytesPerSecond), bytesPerSecond)} (${margin} % above the smallest)`, coreBudgetEdits(ctx, m.core, events, bytesPerSecond));
        }
    }
    if (fixes?.vcpuBudget) {
        const cell = findCell(ctx.model, data.owner);
        vcpuFixes(out, ctx, cell, fixes.vcpuBudget.vcpu, fixes.vcpuBudget.budget, margin);
    }
    if (data.kind === 'vcpu' && found.minimalBudget !== undefined) {
        const cell = findCell(ctx.model, data.owner);
        vcpuFixes(out, ctx, cell, data.name ?? '', found.minimalBudget, margin);
    }
    if (fixes?.chunkSize) {
        const unit = brokerNode(ctx)?.options.find(ast.isBrokerChunkOption)?.size.unit;
        push(out, `Shrink the broker's chunk size to ${formatInUnitOf(unit, fixes.chunkSize, 'size')} (largest that makes ${who} meet its deadline)`, chunkEdits(ctx, fixes.chunkSize));
    }
    if (fixes?.sectionLength) {
        const s = fixes.sectionLength;
        push(out, `Shorten the critical section of task '${s.task}' on '${s.resource}' to ${formatInUnitOf(sectionUnit(ctx, s), s.length, 'time')} (longest that makes ${who} meet its deadline)`, sectionEdits(ctx, s));
    }
    if (fixes?.priorityOrder) push(out, `Reorder priorities (${fixes.priorityOrder.order.join(' > ')}): Audsley's assignment makes the set schedulable`, priorityEdits(ctx, fixes.priorityOrder, data.owner));
    if (fixes?.deadline !== undefined && data.kind && data.kind !== 'vcpu' && data.kind !== 'memory') {
        const what = data.kind === 'event' ? 'latency bound' : 'deadline';
        const unit = deadlineUnit(ctx, data);
        push(out, `Relax the ${what} of ${who} to ${formatInUnitOf(unit, fixes.deadline, 'time')} (smallest that holds)`, deadlineEdits(ctx, data, fixes.deadline));
        if (margin > 0) {
            const padded = withMargin(fixes.deadline, margin, unit, 'time');
            // Past the period a deadline changes the model (several pending jobs): no margin fix then.
            const element = data.kind === 'event' ? undefined : elementOfItem(ctx.model, { kind: data.kind, name: data.name ?? '', ...(data.owner !== undefined ? { owner: data.owner } : {}) });
            const period = element && 'period' in element ? element.period : undefined;
            if (period === undefined || padded <= period) push(out, `Relax the ${what} of ${who} to ${formatInUnitOf(unit, padded, 'time')} (${margin} % above the smallest)`, deadlineEdits(ctx, data, padded));
        }
    }
    if (out.length > 0) out[0].preferred = true;
    return out;
}

function push(out: ProposedFix[], title: string, edits: TextEdit[] | undefined): void {
    if (edits && edits.length > 0) out.push({ title, edits });
}

function vcpuFixes(out: ProposedFix[], ctx: FixContext, cell: Cell | undefined, vcpuName: string, budget: number, margin: number): void {
    const vcpu = (cell ? [cell] : ctx.model.cells).flatMap((c) => c.vcpus).find((v) => v.name === vcpuName);
    const node = vcpu && ctx.index.nodeOf(vcpu);
    const unit = node && ast.isVcpu(node) ? node.budget.unit : undefined;
    push(out, `Set the budget of VCPU '${vcpuName}' to ${formatInUnitOf(unit, budget, 'time')} (the guest's minimal interface)`, vcpuBudgetEdits(ctx, cell, vcpuName, budget));
    if (margin <= 0 || !vcpu) return;
    const padded = withMargin(budget, margin, unit, 'time');
    // A budget cannot exceed its period.
    if (padded < vcpu.period) push(out, `Set the budget of VCPU '${vcpuName}' to ${formatInUnitOf(unit, padded, 'time')} (${margin} % above the guest's minimal interface)`, vcpuBudgetEdits(ctx, cell, vcpuName, padded));
}

function dmaBudgetNode(ctx: FixContext): ast.BrokerBudgetOption | undefined {
    return brokerNode(ctx)?.options.find(ast.isBrokerBudgetOption);
}

/** The unit the budgets of the cells on `core` are written in (the first that has one): `events`, `MB/s`... */
function coreBudgetUnit(ctx: FixContext, core: number): string | undefined {
    for (const cell of ctx.model.cells) {
        if (![...cell.cores, ...cell.vcpus.map((v) => v.core)].includes(core)) continue;
        const node = ctx.index.nodeOf(cell);
        const unit = node && ast.isCell(node) ? node.members.find(ast.isBudgetMember)?.budget.unit : undefined;
        if (unit) return unit;
    }
    return undefined;
}

/** MemGuard events per period a bandwidth grants (rounded down, as the model converts it). */
function eventsOf(ctx: FixContext, bytesPerSecond: number): number {
    return bandwidthToEvents(bytesPerSecond, ctx.model.hypervisor.memguardPeriod, ctx.model.platform.llc.lineSize);
}

/** The unit of the item's deadline (or latency bound), else of its period: what a relaxed deadline is written in. */
function deadlineUnit(ctx: FixContext, data: AnalysisDiagnosticData): string | undefined {
    if (data.kind !== 'flow' && data.kind !== 'task' && data.kind !== 'event') return undefined;
    const element = elementOfItem(ctx.model, { kind: data.kind, name: data.name ?? '', ...(data.owner !== undefined ? { owner: data.owner } : {}) });
    const node = element && ctx.index.nodeOf(element);
    if (!node) return undefined;
    if (ast.isIrqEvent(node)) return node.attrs.find(ast.isLatencyAttr)?.value.unit;
    if (ast.isTask(node) || ast.isFlow(node)) {
        const attrs: AstNode[] = node.attrs;
        const deadline = attrs.find(ast.isDeadlineAttr);
        if (deadline) return deadline.value.unit;
        const period = attrs.find(ast.isPeriodAttr);
        return period?.value.unit;
    }
    return undefined;
}

function brokerNode(ctx: FixContext): ast.BrokerDecl | undefined {
    const broker = ctx.model.hypervisor.broker;
    const node = broker && ctx.index.nodeOf(broker);
    return node && ast.isBrokerDecl(node) ? node : undefined;
}

function dmaBudgetEdits(ctx: FixContext, bytesPerSecond: number): TextEdit[] | undefined {
    const broker = brokerNode(ctx);
    if (!broker) return undefined;
    const option = broker.options.find(ast.isBrokerBudgetOption);
    const text = formatInUnitOf(option?.budget.unit, bytesPerSecond, 'bandwidth');
    return defined([option ? replaceNode(option.budget, text) : appendAfter(broker, `budget ${text}`)]);
}

function chunkEdits(ctx: FixContext, size: number): TextEdit[] | undefined {
    const broker = brokerNode(ctx);
    if (!broker) return undefined;
    const option = broker.options.find(ast.isBrokerChunkOption);
    const text = formatInUnitOf(option?.size.unit, size, 'size');
    return defined([option ? replaceNode(option.size, text) : appendAfter(broker, `chunk ${text}`)]);
}

/** Every cell that runs on `core` gets at least the new budget (MemGuard regulates per core). */
function coreBudgetEdits(ctx: FixContext, core: number, events: number, bytesPerSecond: number): TextEdit[] {
    const edits: Array<TextEdit | undefined> = [];
    for (const cell of ctx.model.cells) {
        const cores = [...cell.cores, ...cell.vcpus.map((v) => v.core)];
        if (!cores.includes(core)) continue;
        if (cell.budget && cell.budget.eventsPerPeriod >= events) continue;
        const node = ctx.index.nodeOf(cell);
        if (!node || !ast.isCell(node)) continue;
        const member = node.members.find(ast.isBudgetMember);
        const text = member?.budget.unit === 'events' ? `${events} events` : formatInUnitOf(member?.budget.unit ?? coreBudgetUnit(ctx, core), bytesPerSecond, 'bandwidth');
        edits.push(member ? replaceNode(member.budget, text) : appendAfter(lastMember(node), `budget ${text}`));
    }
    return defined(edits);
}

function lastMember(cell: ast.Cell): AstNode {
    return cell.members.filter((m) => !ast.isTask(m) && !ast.isIrqEvent(m)).at(-1) ?? cell;
}

function vcpuBudgetEdits(ctx: FixContext, cell: Cell | undefined, vcpuName: string, budget: number): TextEdit[] | undefined {
    const cells = cell ? [cell] : ctx.model.cells;
    for (const c of cells) {
        const vcpu = c.vcpus.find((v) => v.name === vcpuName);
        const node = vcpu && ctx.index.nodeOf(vcpu);
        if (node && ast.isVcpu(node)) return defined([replaceNode(node.budget, formatInUnitOf(node.budget.unit, budget, 'time'))]);
    }
    return undefined;
}

/** The `for LENGTH` of the section (in the unit it was written in when exact). */
/** The unit the section's length is written in (the fix keeps it). */
function sectionUnit(ctx: FixContext, s: NonNullable<Fixes['sectionLength']>): string | undefined {
    const section = findCell(ctx.model, s.owner)?.tasks.find((t) => t.name === s.task)?.sections?.[s.index];
    const node = section && ctx.index.nodeOf(section);
    return node && ast.isCriticalSectionAttr(node) ? node.length.unit : undefined;
}

function sectionEdits(ctx: FixContext, s: NonNullable<Fixes['sectionLength']>): TextEdit[] | undefined {
    const section = findCell(ctx.model, s.owner)?.tasks.find((t) => t.name === s.task)?.sections?.[s.index];
    const node = section && ctx.index.nodeOf(section);
    if (!node || !ast.isCriticalSectionAttr(node)) return undefined;
    return defined([replaceNode(node.length, formatInUnitOf(node.length.unit, s.length, 'time'))]);
}

function deadlineEdits(ctx: FixContext, data: AnalysisDiagnosticData, value: number): TextEdit[] | undefined {
    if (data.kind !== 'flow' && data.kind !== 'task' && data.kind !== 'event') return undefined;
    const element = elementOfItem(ctx.model, { kind: data.kind, name: data.name ?? '', ...(data.owner !== undefined ? { owner: data.owner } : {}) });
    const node = element && ctx.index.nodeOf(element);
    if (!node) return undefined;
    const text = formatInUnitOf(deadlineUnit(ctx, data), value, 'time');
    if (ast.isIrqEvent(node)) {
        const latency = node.attrs.find(ast.isLatencyAttr);
        return defined([latency ? replaceNode(latency.value, text) : appendAfter(node.attrs.at(-1) ?? node, `latency <= ${text}`)]);
    }
    if (ast.isTask(node) || ast.isFlow(node)) {
        const attrs: AstNode[] = node.attrs;
        const deadline = attrs.find(ast.isDeadlineAttr);
        if (deadline) return defined([replaceNode(deadline.value, text)]);
        // A deadline above the period changes the model (several pending jobs): not a fix the editor should suggest.
        if (element && 'period' in element && value > element.period) return undefined;
        return defined([appendAfter(attrs.find((a) => ast.isPeriodAttr(a) || ast.isSporadicAttr(a)) ?? attrs.at(-1) ?? node, `deadline ${text}`)]);
    }
    return undefined;
}

function priorityEdits(ctx: FixContext, fix: PriorityOrderFix, owner: string | undefined): TextEdit[] | undefined {
    const targets = new Map<string, ast.Flow | ast.Task>();
    if (fix.scope === 'broker') {
        for (const flow of ctx.model.flows) {
            const node = ctx.index.nodeOf(flow);
            if (node && ast.isFlow(node)) targets.set(flow.name, node);
        }
    } else {
        const core = /^core (\d+)$/.exec(fix.scope);
        const vcpu = /^vcpu (.+)$/.exec(fix.scope);
        const inScope = (t: Task) => (core ? t.placement.vcpu === undefined && t.placement.core === Number(core[1]) : t.placement.vcpu === vcpu?.[1]);
        for (const cell of ctx.model.cells) {
            if (owner !== undefined && cell.name !== owner) continue;
            for (const task of cell.tasks.filter(inScope)) {
                const node = ctx.index.nodeOf(task);
                if (node && ast.isTask(node)) targets.set(task.name, node);
            }
        }
    }
    const edits: Array<TextEdit | undefined> = [];
    for (let i = 0; i < fix.order.length; i++) {
        const node = targets.get(fix.order[i]);
        if (!node) return undefined;
        const priority = String(fix.priorities[i]);
        const attrs: AstNode[] = node.attrs;
        const existing = attrs.find(ast.isPriorityAttr);
        if (existing) {
            if (existing.value !== priority) edits.push(replacePriority(existing, priority));
        } else {
            edits.push(appendAfter(attrs.at(-1) ?? node, `priority ${priority}`));
        }
    }
    return defined(edits);
}

function replacePriority(attr: ast.PriorityAttr, value: string): TextEdit | undefined {
    const cst = attr.$cstNode;
    if (!cst) return undefined;
    // `priority 2`: keep the keyword, replace the number (the last leaf of the attribute).
    const text = cst.text;
    const numberStart = text.search(/[0-9][0-9_xXa-fA-F]*\s*$/);
    if (numberStart < 0) return replaceNode(attr, `priority ${value}`);
    const start = { line: cst.range.end.line, character: cst.range.end.character - (text.length - numberStart) };
    return { range: { start, end: cst.range.end }, newText: value };
}
