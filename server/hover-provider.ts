/**
 * Hovers that answer "is it on time, and why": items show their bound and its terms; budgets what they convert to and
 * what share of the guaranteed bandwidth they take; colors the cache share and physical span; cores what runs there.
 * Reads the per-version analysis (computed once, see AnalysisService); never runs it twice.
 */
import { AstUtils, CstUtils, GrammarUtils, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import * as ast from '../language/generated/ast.js';
import { physicalSpan } from '../language/validation/isolation.js';
import type { AnalysisResult, BlockingCause, ItemResult } from '../simulator/analysis/types.js';
import { coresOfCell } from '../simulator/model/cell-cores.js';
import type { Cell, SystemModel } from '../simulator/model/types.js';
import { formatBandwidth, formatBound, formatDuration as formatTime, formatPercent, formatSize } from '../simulator/model/format.js';
import type { AnalysisService, DocumentAnalysis } from './analysis-service.js';
import { eventsToBandwidth } from '../simulator/model/units.js';
import { BackgroundSimulation, type Observation } from './background-simulation.js';
import { COMMANDS, type LensCommandArguments, type TimelineFocus } from './protocol.js';
import { describeThrottling, dominantTerm } from './format-terms.js';
import { elementOfNode, findCell, resultOfElement, resultOfVcpu } from './model-lookup.js';

export class RtcellHoverProvider implements HoverProvider {
    constructor(private readonly analysis: AnalysisService, private readonly background?: BackgroundSimulation) {}

    getHoverContent(document: LangiumDocument, params: HoverParams): MaybePromise<Hover | undefined> {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
        if (!leaf) return undefined;
        const entry = this.analysis.get(document);
        const uri = document.uri.toString();
        const observed: ObservedLookup = {
            uri,
            enabled: this.background?.enabled ?? false,
            observation: this.background?.get(uri, document.parseResult.value),
            running: this.background?.isRunning(uri, document.parseResult.value) ?? false,
        };
        const markdown = hoverFor(leaf.astNode, GrammarUtils.findAssignment(leaf)?.feature, leaf.text, entry, () => this.analysis.getWithFixes(document), observed);
        return markdown ? { contents: { kind: 'markdown', value: markdown }, range: leaf.range } : undefined;
    }
}

/** What the background simulation knows about the hovered document's version. */
interface ObservedLookup {
    uri: string;
    enabled: boolean;
    observation: Observation | undefined;
    running: boolean;
}

function hoverFor(start: AstNode, feature: string | undefined, text: string, entry: DocumentAnalysis, deep: () => AnalysisResult | undefined, observed?: ObservedLookup): string | undefined {
    const { model, index } = entry.checked;
    const result = entry.analysis;
    const note = entry.blockedBy ? `\n\n_Analysis not run: ${entry.blockedBy}._` : entry.failure ? `\n\n_Analysis failed: ${entry.failure}_` : '';
    for (let node: AstNode | undefined = start; node; node = node.$container) {
        if (ast.isCriticalSectionAttr(node) || ast.isCellResource(node) || ast.isGlobalResource(node)) return resourceHover(node, model, result) + note;
        if (ast.isBudgetMember(node) || ast.isBrokerBudgetOption(node)) return budgetHover(node, model, index) + note;
        if (ast.isColorsMember(node)) return colorsHover(node, model, index);
        if ((ast.isIntItem(node) && ast.isCoresMember(node.$container?.$container)) || (feature === 'core' && (ast.isPlacementAttr(node) || ast.isVcpu(node) || ast.isBrokerDecl(node)))) {
            const core = Number(text.replace(/_/g, ''));
            if (Number.isInteger(core)) return coreHover(core, model, result) + note;
        }
        if (ast.isVcpu(node) || ast.isTask(node) || ast.isIrqEvent(node) || ast.isFlow(node) || ast.isCell(node)) {
            const element = elementOfNode(model, index, node);
            if (!element) return undefined;
            if (ast.isCell(node)) return cellHover(element as Cell, model, result) + budgetRoom(element as Cell, model, observed?.observation) + note;
            // A VCPU's minimal interface needs the guest-interface search: worth its cost on this one hover.
            if (ast.isVcpu(node)) return vcpuHover(node, model, result ? deep() ?? result : undefined) + note;
            const item = result && resultOfElement(result, model, element);
            return item ? itemHover(item, observed ? observedSection(item, observed) : '') : `**${node.$type === 'IrqEvent' ? 'event' : node.$type.toLowerCase()} ${node.name}**${note}`;
        }
    }
    return undefined;
}

const VERDICT = { schedulable: '✅ schedulable', unschedulable: '❌ can miss its deadline', inconclusive: '⚠️ inconclusive' } as const;

/** Markdown table cells must not break the table: escape pipes and newlines in user-derived text. */
function cell(text: string): string {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** `observed`: the background simulation's paragraph, shown right under the bound it is compared with. */
export function itemHover(item: ItemResult, observed = ''): string {
    const owner = item.owner ? ` (${item.kind === 'flow' ? item.owner.replace('->', '→') : `cell ${item.owner}`})` : '';
    const lines = [`**${item.kind} ${item.name}**${owner} — ${VERDICT[item.verdict]}`, ''];
    const bound = formatBound(item.wcrt);
    const deadlineWord = item.kind === 'event' ? 'latency bound' : 'deadline';
    const parts = [`${item.kind === 'event' ? 'worst-case latency' : 'WCRT'} **${bound}**`];
    if (item.deadline !== undefined) parts.push(`${deadlineWord} ${formatTime(item.deadline)}`);
    if (item.slack !== undefined) parts.push(item.slack >= 0 ? `slack ${formatTime(item.slack)}` : `misses by **${formatTime(-item.slack)}**`);
    lines.push(parts.join(' · '));
    if (observed) lines.push(observed.replace(/^\n+/, '\n'));
    if (item.reason) lines.push('', `_${item.reason}_`);
    if (item.terms.length > 0) {
        const dominant = dominantTerm(item);
        lines.push('', '| term | value | why |', '|---|---:|---|');
        for (const term of item.terms) {
            const label = term === dominant ? `**${cell(term.label)}**` : cell(term.label);
            lines.push(`| ${label} | ${formatTime(term.value)} | ${cell(term.explanation)} |`);
        }
    }
    if (item.blockedBy?.length) {
        lines.push('', `Blocked by: ${item.blockedBy.map(describeBlocking).join('; ')}`);
    }
    if (item.interferers.length > 0) {
        lines.push('', `Interfering: ${item.interferers.map((i) => `${i.kind} ${i.owner ? `${i.owner}.` : ''}${i.name} (${i.relation})`).join(', ')}`);
    }
    if (item.throttledBy) lines.push('', `Throttled by the ${describeThrottling(item.throttledBy)}`);
    return lines.join('\n');
}

/** ` · WCET can grow to 4.2 ms (×3.5) before a deadline can be missed` for a task, likewise a flow's size. */
function roomOf(item: ItemResult, observation: Observation): string {
    const room = observation.sensitivity.find((r) => r.kind === item.kind && r.name === item.name && (item.kind === 'flow' || r.cell === item.owner));
    if (!room) return '';
    const times = room.current > 0 ? ` (×${Math.floor((room.limit / room.current) * 100) / 100})` : '';
    const limit = room.what === 'wcet' ? formatTime(room.limit) : formatSize(room.limit);
    const what = room.what === 'wcet' ? 'WCET' : 'size';
    return `\n\nSensitivity: its ${what} can grow to ${room.capped ? 'at least ' : ''}**${limit}**${times} before any deadline can be missed (analysis, everything else unchanged)`;
}

/** On a cell: how far its MemGuard budget can shrink before a deadline can be missed. */
function budgetRoom(cell: Cell, model: SystemModel, observation: Observation | undefined): string {
    const room = observation?.sensitivity.find((r) => r.kind === 'cell' && r.name === cell.name);
    if (!room || !cell.budget) return '';
    const bytes = eventsToBandwidth(room.limit, model.hypervisor.memguardPeriod, model.platform.llc.lineSize);
    return `\n\nSensitivity: the MemGuard budget can shrink to **${formatBandwidth(bytes)}** (${room.limit} of ${room.current} events per period) before any deadline can be missed (analysis)`;
}

/**
 * What the background simulation observed for an item, beside its bound: `Observed 2.14 ms (67 % of the bound) in the
 * adversarial scenario, seed 1, job 12 released at 120 ms`, and a link that opens the timeline at that job (a command link: VS Code runs
 * it, other clients show the text).
 */
function observedSection(item: ItemResult, lookup: ObservedLookup): string {
    if (!lookup.enabled) return '';
    if (!lookup.observation) return lookup.running ? '\n\n_Simulating in the background…_' : '';
    const seen = BackgroundSimulation.itemOf(lookup.observation, item.kind, item.name, item.owner);
    if (!seen || seen.max < 0) return `\n\nObserved: no ${item.kind === 'event' ? 'interrupt handled' : 'job completed'} in ${lookup.observation.runs.length} run(s) of ${formatTime(lookup.observation.durationNs)}`;
    const ratio = item.wcrt !== undefined && item.wcrt > 0 ? ` (${formatPercent(seen.max, item.wcrt)} of the bound)` : '';
    const above = item.wcrt !== undefined && seen.max > item.wcrt ? ' ❗ **above the bound**' : '';
    const qualified = item.kind === 'flow' || !item.owner ? item.name : `${item.owner}.${item.name}`;
    const focus: TimelineFocus = { item: qualified, job: seen.job, scenario: seen.scenario, seed: seen.seed, durationNs: lookup.observation.durationNs };
    const args: LensCommandArguments = [lookup.uri, item.kind === 'flow' ? item.name : item.owner ?? null, item.kind === 'flow' ? 'flow' : 'cell', focus];
    const link = `command:${COMMANDS.showTimeline}?${encodeURIComponent(JSON.stringify(args))}`;
    const verb = item.kind === 'event' ? 'arriving' : 'released';
    // A first job released late by its jitter counts from its nominal release, before the run's start.
    const when = seen.from >= 0 ? ` ${verb} at ${formatTime(seen.from)}` : ` ${verb} (nominally) ${formatTime(-seen.from)} before the run's start`;
    return `\n\nObserved **${formatTime(seen.max)}**${ratio}${above} · ${seen.scenario} scenario, seed ${seen.seed}, job ${seen.job}${when}`
        + ` · ${seen.count} job(s) over ${lookup.observation.runs.length} run(s) of ${formatTime(lookup.observation.durationNs)}${seen.misses > 0 ? `, ${seen.misses} missed` : ''}`
        + ` · [Show this job in the timeline](${link})${roomOf(item, lookup.observation)}`;
}

const BLOCKING_KIND = { local: 'holds it (priority ceiling)', remote: 'holds it on another core (MPCP wait)', boosted: 'runs its section boosted' } as const;

function describeBlocking(c: BlockingCause): string {
    return `task ${c.owner}.${c.task} ${BLOCKING_KIND[c.kind]} — resource **${c.resource}** (${c.scope}), section ${formatTime(c.length)}, adds ${formatTime(c.value)}`;
}

/** A resource: its protocol, users with their sections, ceiling, and the tasks whose bound it blocks. */
function resourceHover(node: ast.CriticalSectionAttr | ast.CellResource | ast.GlobalResource, model: SystemModel, result: AnalysisResult | undefined): string {
    const cellNode = AstUtils.getContainerOfType(node, ast.isCell);
    const name = ast.isCriticalSectionAttr(node) ? node.resource?.$refText : node.name;
    const cellModel = cellNode ? findCell(model, cellNode.name) : undefined;
    const localDecl = cellModel?.resources?.find((r) => r.name === name);
    const resource = ast.isGlobalResource(node) ? model.resources?.find((r) => r.name === name) : localDecl ?? model.resources?.find((r) => r.name === name);
    if (!resource) return `**resource ${name}** (not declared: see the diagnostics)`;
    const global = resource.scope === 'global';
    const protocol = global
        ? `global, shared with ${resource.cells.join(', ')} · MPCP${model.hypervisor.vcpuOverrun ? ', VCPU budget overrun (vMPCP)' : ', VCPU budget enforced'}`
        : `local to cell ${resource.cells[0]} · stack resource policy (priority ceiling)`;
    const lines = [`**resource ${resource.name}** — ${protocol}`];
    const users = model.cells.filter((c) => (global ? resource.cells.includes(c.name) : c.name === resource.cells[0]))
        .flatMap((c) => c.tasks.map((t) => ({ c, t, sections: (t.sections ?? []).filter((s) => s.resource === resource.name && s.scope === resource.scope) })))
        .filter((u) => u.sections.length > 0);
    if (ast.isCriticalSectionAttr(node) && node.length?.value !== undefined) lines.push('', `This section: ${cell(`${node.length.value} ${node.length.unit ?? ''}`.trim())} of the job's execution hold it`);
    if (users.length > 0) {
        lines.push('', `Users: ${users.map((u) => `${u.c.name}.${u.t.name} (priority ${u.t.priority}, ${u.sections.map((s) => formatTime(s.length)).join(' + ')})`).join(', ')}`);
        const ceiling = Math.max(...users.map((u) => u.t.priority));
        lines.push(`Ceiling: priority ${ceiling}${!global && cellModel?.scheduler === 'edf' ? ` (EDF: preemption level of deadline ${formatTime(Math.min(...users.map((u) => u.t.deadline)))})` : ''}`);
    }
    const blocked = (result?.tasks ?? []).flatMap((t) => (t.blockedBy ?? []).filter((b) => b.resource === resource.name && b.scope === resource.scope && (global || b.owner === resource.cells[0])).map((b) => ({ t, b })));
    if (blocked.length > 0) lines.push('', `Blocks: ${blocked.map(({ t, b }) => `${t.owner}.${t.name} by ${formatTime(b.value)} (through task ${b.task}, ${b.kind})`).join(', ')}`);
    else if (result) lines.push('', 'Blocks no task\'s bound.');
    return lines.join('\n');
}

function budgetHover(node: ast.BudgetMember | ast.BrokerBudgetOption, model: SystemModel, index: DocumentAnalysis['checked']['index']): string {
    const guaranteed = model.platform.dram.guaranteedBandwidth;
    const period = formatTime(model.hypervisor.memguardPeriod);
    if (ast.isBrokerBudgetOption(node)) {
        const dma = model.hypervisor.broker?.dmaBudget;
        if (!dma || index.nodeOf(dma) !== node) return '**DMA budget** (not understood: see the diagnostics)';
        return [`**DMA budget** of the broker: ${formatBandwidth(dma.bytesPerSecond)}`, '',
            `= ${formatSize(dma.bytesPerPeriod)} (${dma.bytesPerPeriod} B) per MemGuard period of ${period}`,
            `· ${formatPercent(dma.bytesPerSecond, guaranteed)} of the guaranteed ${formatBandwidth(guaranteed)}`].join('\n');
    }
    const owner = model.cells.find((c) => c.budget && index.nodeOf(c.budget) === node);
    const budget = owner?.budget;
    if (!owner || !budget) return '**MemGuard budget** (not understood: see the diagnostics)';
    const cores = coresOfCell(owner);
    return [`**MemGuard budget** of cell ${owner.name}: ${budget.eventsPerPeriod} LLC refills per ${period} period`, '',
        `= ${formatBandwidth(budget.bytesPerSecond)} (${model.platform.llc.lineSize}-byte lines) on each of core${cores.length === 1 ? '' : 's'} ${cores.join(', ') || '(none)'}`,
        `· ${formatPercent(budget.bytesPerSecond * Math.max(1, cores.length), guaranteed)} of the guaranteed ${formatBandwidth(guaranteed)}`].join('\n');
}

function colorsHover(node: ast.ColorsMember, model: SystemModel, index: DocumentAnalysis['checked']['index']): string | undefined {
    const owner = model.cells.find((c) => index.nodeOf(c) === node.$container);
    if (!owner) return undefined;
    const p = model.platform;
    const k = owner.colors.length;
    const perColor = p.colors > 0 ? Math.floor(p.llc.size / p.colors) : 0;
    const lines = [`**Cache colors** of cell ${owner.name}: ${k} of ${p.colors}`, '',
        `LLC share ${formatSize(k * perColor)} of ${formatSize(p.llc.size)} (${formatPercent(k, p.colors)}), ${formatSize(perColor)} per color`];
    for (const region of owner.memory.filter((r) => r.colored)) {
        const span = physicalSpan(region, owner, p);
        lines.push(`- region ${region.name}: ${formatSize(region.size)} colored spans ${formatSize(span)} of physical memory (0x${region.phys.toString(16)}..0x${(region.phys + span).toString(16)})`);
    }
    return lines.join('\n');
}

function coreHover(core: number, model: SystemModel, result: AnalysisResult | undefined): string {
    const lines = [`**core ${core}**`];
    const broker = model.hypervisor.broker;
    if (broker?.mode === 'dedicated' && broker.core === core) lines.push('', 'Dedicated broker core');
    const users = model.cells.filter((c) => c.cores.includes(core) || c.vcpus.some((v) => v.core === core));
    if (users.length > 0) lines.push('', `Used by ${users.map((c) => c.cores.includes(core) ? `cell ${c.name} (whole core)` : `cell ${c.name} (${c.vcpus.filter((v) => v.core === core).map((v) => `vcpu ${v.name}`).join(', ')})`).join(', ')}`);
    const r = result?.cores.find((c) => c.core === core);
    if (r) {
        lines.push('', `Task utilisation ${(r.taskUtilisation * 100).toFixed(1)} % · reservations ${(r.reservationLoad * 100).toFixed(1)} % · hypervisor ${formatTime(Math.round(r.hypervisorLoad))}/s`);
        lines.push(`Longest non-preemptible section ${formatTime(r.longestNonPreemptible)}${r.memguard ? ` · MemGuard ${r.memguard.eventsPerPeriod} events (${formatBandwidth(r.memguard.bytesPerSecond)})` : ' · unregulated'}`);
        lines.push(`${VERDICT[r.verdict]}${r.reason ? `: ${r.reason}` : ''}`);
    }
    return lines.join('\n');
}

function cellHover(cellModel: Cell, model: SystemModel, result: AnalysisResult | undefined): string {
    const lines = [`**cell ${cellModel.name}**${cellModel.root ? ' (root)' : ''}${cellModel.os ? ` · ${cellModel.os}` : ''}`, ''];
    const cpu = [cellModel.cores.length > 0 ? `cores ${cellModel.cores.join(', ')}` : '', ...cellModel.vcpus.map((v) => `vcpu ${v.name}: ${formatTime(v.budget)} / ${formatTime(v.period)} on core ${v.core}`)].filter(Boolean);
    lines.push(`CPU: ${cpu.join(' · ') || 'none'} · scheduler ${cellModel.scheduler}`);
    lines.push(`Colors ${cellModel.colors.length} of ${model.platform.colors} · ${cellModel.budget ? `MemGuard ${formatBandwidth(cellModel.budget.bytesPerSecond)}` : 'unregulated'}`);
    if (result) {
        const items = [...result.tasks, ...result.events].filter((i) => i.owner === cellModel.name);
        const late = items.filter((i) => i.verdict !== 'schedulable');
        lines.push('', `${items.length} task(s) and event(s): ${late.length === 0 ? 'all on time' : `${late.length} not proven on time (${late.map((i) => i.name).join(', ')})`}`);
        const flows = result.flows.filter((f) => f.owner?.split('->').map((s) => s.trim()).includes(cellModel.name));
        if (flows.length > 0) lines.push(`Flows: ${flows.map((f) => `${f.name} ${f.verdict === 'schedulable' ? '✅' : '❌'}`).join(', ')}`);
    }
    return lines.join('\n');
}

function vcpuHover(node: ast.Vcpu, model: SystemModel, result: AnalysisResult | undefined): string {
    const cellModel = findCell(model, node.$container.name);
    const vcpu = cellModel?.vcpus.find((v) => v.name === node.name);
    if (!cellModel || !vcpu) return `**vcpu ${node.name}**`;
    const lines = [`**vcpu ${vcpu.name}** of cell ${cellModel.name} on core ${vcpu.core}: ${formatTime(vcpu.budget)} every ${formatTime(vcpu.period)} (${formatPercent(vcpu.budget, vcpu.period)})`];
    const r = result && resultOfVcpu(result, cellModel, vcpu);
    if (r) {
        lines.push('', `${r.admissible ? '✅ admissible' : '❌ not admissible'}${r.responseTime !== undefined ? ` · budget delivered within ${formatTime(r.responseTime)}` : ''}`);
        if (r.minimalBudget !== undefined) lines.push(`Guest's minimal interface: ${formatTime(r.minimalBudget)} every ${formatTime(vcpu.period)}`);
        if (r.reason) lines.push(`_${r.reason}_`);
    }
    return lines.join('\n');
}
