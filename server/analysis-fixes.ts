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
import { formatExact } from '../simulator/model/units.js';
import { elementOfItem, findCell } from './model-lookup.js';
import type { AnalysisDiagnosticData } from './protocol.js';
import { appendAfter, defined, formatLike, replaceNode } from './text-edits.js';

export interface ProposedFix {
    title: string;
    edits: TextEdit[];
    /** The fix that changes the least (a budget before a deadline): the editor's default. */
    preferred?: boolean;
}

export interface FixContext {
    model: SystemModel;
    index: ModelIndex;
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
    return item?.fixes ? { fixes: item.fixes } : {};
}

/** Every fix the analysis found for the diagnostic's item, most direct first. */
export function analysisFixes(data: AnalysisDiagnosticData, found: ItemFixes, ctx: FixContext): ProposedFix[] {
    const out: ProposedFix[] = [];
    const fixes: Fixes | undefined = found.fixes;
    const who = `${data.kind} '${data.name}'`;
    if (fixes?.dmaBudget) push(out, `Raise the DMA budget to ${formatExact(fixes.dmaBudget.bytesPerSecond, 'bandwidth')} (smallest that makes ${who} meet its deadline)`, dmaBudgetEdits(ctx, fixes.dmaBudget.bytesPerSecond));
    if (fixes?.memguardBudget) {
        const m = fixes.memguardBudget;
        push(out, `Raise the MemGuard budget of core ${m.core} to ${m.eventsPerPeriod} events per period (${formatExact(m.bytesPerSecond, 'bandwidth')})`, coreBudgetEdits(ctx, m.core, m.eventsPerPeriod, m.bytesPerSecond));
    }
    if (fixes?.vcpuBudget) {
        const cell = findCell(ctx.model, data.owner);
        push(out, `Set the budget of VCPU '${fixes.vcpuBudget.vcpu}' to ${formatExact(fixes.vcpuBudget.budget, 'time')} (the guest's minimal interface)`, vcpuBudgetEdits(ctx, cell, fixes.vcpuBudget.vcpu, fixes.vcpuBudget.budget));
    }
    if (data.kind === 'vcpu' && found.minimalBudget !== undefined) {
        const cell = findCell(ctx.model, data.owner);
        push(out, `Set the budget of VCPU '${data.name}' to ${formatExact(found.minimalBudget, 'time')} (the guest's minimal interface)`, vcpuBudgetEdits(ctx, cell, data.name ?? '', found.minimalBudget));
    }
    if (fixes?.chunkSize) push(out, `Shrink the broker's chunk size to ${formatExact(fixes.chunkSize, 'size')} (largest that makes ${who} meet its deadline)`, chunkEdits(ctx, fixes.chunkSize));
    if (fixes?.sectionLength) {
        const s = fixes.sectionLength;
        push(out, `Shorten the critical section of task '${s.task}' on '${s.resource}' to ${formatExact(s.length, 'time')} (longest that makes ${who} meet its deadline)`, sectionEdits(ctx, s));
    }
    if (fixes?.priorityOrder) push(out, `Reorder priorities (${fixes.priorityOrder.order.join(' > ')}): Audsley's assignment makes the set schedulable`, priorityEdits(ctx, fixes.priorityOrder, data.owner));
    if (fixes?.deadline !== undefined && data.kind && data.kind !== 'vcpu' && data.kind !== 'memory') {
        const what = data.kind === 'event' ? 'latency bound' : 'deadline';
        push(out, `Relax the ${what} of ${who} to ${formatExact(fixes.deadline, 'time')} (smallest that holds)`, deadlineEdits(ctx, data, fixes.deadline));
    }
    if (out.length > 0) out[0].preferred = true;
    return out;
}

function push(out: ProposedFix[], title: string, edits: TextEdit[] | undefined): void {
    if (edits && edits.length > 0) out.push({ title, edits });
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
    const text = formatExact(bytesPerSecond, 'bandwidth');
    return defined([option ? replaceNode(option.budget, text) : appendAfter(broker, `budget ${text}`)]);
}

function chunkEdits(ctx: FixContext, size: number): TextEdit[] | undefined {
    const broker = brokerNode(ctx);
    if (!broker) return undefined;
    const option = broker.options.find(ast.isBrokerChunkOption);
    const text = formatExact(size, 'size');
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
        const text = member?.budget.unit === 'events' ? `${events} events` : formatLike(member?.budget, bytesPerSecond, 'bandwidth');
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
        if (node && ast.isVcpu(node)) return defined([replaceNode(node.budget, formatExact(budget, 'time'))]);
    }
    return undefined;
}

/** The `for LENGTH` of the section (in the unit it was written in when exact). */
function sectionEdits(ctx: FixContext, s: NonNullable<Fixes['sectionLength']>): TextEdit[] | undefined {
    const section = findCell(ctx.model, s.owner)?.tasks.find((t) => t.name === s.task)?.sections?.[s.index];
    const node = section && ctx.index.nodeOf(section);
    if (!node || !ast.isCriticalSectionAttr(node)) return undefined;
    return defined([replaceNode(node.length, formatLike(node.length, s.length, 'time'))]);
}

function deadlineEdits(ctx: FixContext, data: AnalysisDiagnosticData, value: number): TextEdit[] | undefined {
    if (data.kind !== 'flow' && data.kind !== 'task' && data.kind !== 'event') return undefined;
    const element = elementOfItem(ctx.model, { kind: data.kind, name: data.name ?? '', ...(data.owner !== undefined ? { owner: data.owner } : {}) });
    const node = element && ctx.index.nodeOf(element);
    if (!node) return undefined;
    const text = formatExact(value, 'time');
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
