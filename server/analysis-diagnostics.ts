/**
 * Analysis results as diagnostics. A validation check on the document root, so they are published together with the
 * structural diagnostics of the same version (one build, one publish) and anchored on AST nodes (precise ranges).
 * The analysis itself runs once per version in AnalysisService; this check only reads it.
 */
import { AstUtils, type AstNode, type LangiumDocument, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { AnalysisResult, ItemResult } from '../simulator/analysis/types.js';
import { formatBandwidth, formatTime } from '../simulator/model/units.js';
import type { Document, RtcellAstType } from '../language/generated/ast.js';
import type { ModelIndex } from '../language/lowering/source-range.js';
import type { SystemModel } from '../simulator/model/types.js';
import type { RtcellServices } from '../language/rtcell-module.js';
import type { AnalysisService } from './analysis-service.js';
import { describeThrottling, lateMessage } from './format-terms.js';
import { elementOfItem, elementOfVcpu, findCell } from './model-lookup.js';
import { ANALYSIS_CODES, type AnalysisDiagnosticData } from './protocol.js';

const ITEM_CODE = { flow: ANALYSIS_CODES.unschedulableFlow, task: ANALYSIS_CODES.unschedulableTask, event: ANALYSIS_CODES.eventLatency } as const;

export function registerAnalysisChecks(services: RtcellServices, analysis: AnalysisService): void {
    const validator = new AnalysisValidator(analysis);
    const checks: ValidationChecks<RtcellAstType> = { Document: validator.checkDocument.bind(validator) };
    services.validation.ValidationRegistry.register(checks, validator);
}

export class AnalysisValidator {
    constructor(private readonly service: AnalysisService) {}

    checkDocument(root: Document, accept: ValidationAcceptor): void {
        const document = AstUtils.getDocument(root) as LangiumDocument<Document>;
        const entry = this.service.get(document);
        if (entry.blockedBy) return;
        const anchor: AstNode = root.system ?? root;
        if (entry.failure !== undefined) {
            accept('warning', `The schedulability analysis failed: ${entry.failure}`, { node: anchor, code: ANALYSIS_CODES.analysisFailed, data: { code: ANALYSIS_CODES.analysisFailed } });
            return;
        }
        const result = entry.analysis;
        if (!result) return;
        const { model, index } = entry.checked;
        const uri = document.uri.toString();
        for (const message of result.errors) {
            accept('warning', `The analysis could not run completely: ${message}`, { node: anchor, code: ANALYSIS_CODES.analysisFailed, data: { code: ANALYSIS_CODES.analysisFailed } });
        }
        for (const item of [...result.flows, ...result.tasks, ...result.events]) reportItem(item, model, index, uri, anchor, accept);
        reportVcpus(result, model, index, accept);
        reportMemory(result, model, index, anchor, accept);
    }
}

function reportItem(item: ItemResult, model: SystemModel, index: ModelIndex, uri: string, anchor: AstNode, accept: ValidationAcceptor): void {
    if (item.verdict === 'schedulable') return;
    const element = elementOfItem(model, item);
    const node = (element && index.nodeOf(element)) ?? anchor;
    const related: DiagnosticRelatedInformation[] = [];
    for (const other of item.interferers) {
        if (!other.source) continue;
        const owner = other.owner ? ` of cell '${other.owner}'` : '';
        related.push({ location: { uri: other.source.uri ?? uri, range: other.source }, message: `${other.relation} ${other.kind} '${other.name}'${owner}` });
    }
    if (item.throttledBy?.source) {
        related.push({ location: { uri: item.throttledBy.source.uri ?? uri, range: item.throttledBy.source }, message: `throttled by the ${describeThrottling(item.throttledBy)}` });
    }
    const unschedulable = item.verdict === 'unschedulable';
    const code = unschedulable ? ITEM_CODE[item.kind] : ANALYSIS_CODES.inconclusive;
    const data: AnalysisDiagnosticData = {
        code, kind: item.kind, name: item.name, ...(item.owner !== undefined && item.kind !== 'flow' ? { owner: item.owner } : {}),
        ...(item.wcrt !== undefined ? { wcrt: item.wcrt } : {}), ...(item.deadline !== undefined ? { deadline: item.deadline } : {}),
    };
    const message = unschedulable ? lateMessage(item) : `The analysis cannot bound ${item.kind} '${item.name}': ${item.reason ?? 'no reason given'}`;
    accept(unschedulable ? 'error' : 'warning', message, {
        node, ...(node !== anchor ? { property: 'name' as never } : {}), code, data,
        ...(related.length > 0 ? { relatedInformation: related } : {}),
    });
}

function reportVcpus(result: AnalysisResult, model: SystemModel, index: ModelIndex, accept: ValidationAcceptor): void {
    for (const vcpu of result.vcpus) {
        if (vcpu.admissible) continue;
        const element = elementOfVcpu(model, vcpu);
        const node = element && index.nodeOf(element);
        if (!node) continue;
        const data: AnalysisDiagnosticData = { code: ANALYSIS_CODES.vcpuInadmissible, kind: 'vcpu', name: vcpu.name, owner: vcpu.cell };
        const when = vcpu.responseTime !== undefined ? `its budget is delivered only ${formatTime(vcpu.responseTime)} into a ${formatTime(vcpu.period)} period` : (vcpu.reason ?? 'it cannot be served');
        accept('error', `VCPU '${vcpu.name}' on core ${vcpu.core} is not admissible: ${when}${vcpu.reason && vcpu.responseTime !== undefined ? ` (${vcpu.reason})` : ''}`, {
            node, property: 'budget' as never, code: ANALYSIS_CODES.vcpuInadmissible, data,
        });
    }
}

function reportMemory(result: AnalysisResult, model: SystemModel, index: ModelIndex, anchor: AstNode, accept: ValidationAcceptor): void {
    const memory = result.memory;
    if (memory.verdict === 'schedulable') return;
    // Anchor on the largest budget the analysis counted: reducing it is the first thing to try.
    let node: AstNode | undefined;
    let largest = -1;
    for (const core of memory.cores) {
        const budget = findCell(model, core.cell)?.budget;
        if (budget && core.bytesPerSecond > largest) {
            largest = core.bytesPerSecond;
            node = index.nodeOf(budget);
        }
    }
    const dma = model.hypervisor.broker?.dmaBudget;
    if (dma && memory.dma && memory.dma.bytesPerSecond > largest) node = index.nodeOf(dma);
    const reason = memory.reason ?? `budgets total ${formatBandwidth(memory.total)} against ${formatBandwidth(memory.guaranteed)} guaranteed`;
    accept(memory.verdict === 'unschedulable' ? 'error' : 'warning', `Memory bandwidth is over-reserved: ${reason}`, {
        node: node ?? anchor, code: ANALYSIS_CODES.memoryOvercommit, data: { code: ANALYSIS_CODES.memoryOvercommit, kind: 'memory' } satisfies AnalysisDiagnosticData,
    });
}
