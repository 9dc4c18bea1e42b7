/** Quick-fixes: one provider dispatching on the stable diagnostic codes to the fix builders. */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind } from 'vscode-languageserver';
import type { Document } from '../language/generated/ast.js';
import type { RtcellServices } from '../language/rtcell-module.js';
import { analysisFixes, fixesOfItem, type FixContext, type ProposedFix } from './analysis-fixes.js';
import type { AnalysisService } from './analysis-service.js';
import type { RtcellSettingsService } from './settings.js';
import { ANALYSIS_CODES, SAVE_REPRODUCTION_COMMAND, type AnalysisDiagnosticData } from './protocol.js';
import { bandwidthScaleFix, colorOverlapFix } from './structural-fixes.js';
import { REPAIRABLE, structuralRepair } from './structural-repairs.js';

const ANALYSIS_FIXABLE: ReadonlySet<string> = new Set([
    ANALYSIS_CODES.unschedulableFlow, ANALYSIS_CODES.unschedulableTask, ANALYSIS_CODES.eventLatency,
    ANALYSIS_CODES.vcpuInadmissible, ANALYSIS_CODES.inconclusive,
]);

// Langium 4.2.1 is typed against its own vscode-languageserver (9.x, LSP 3.17); the project's top-level copy is 10.x, whose
// Diagnostic differs. Taking the types from Langium's interface keeps the provider assignable to it.
type LangiumCodeActionParams = Parameters<CodeActionProvider['getCodeActions']>[1];
type Diagnostic = LangiumCodeActionParams['context']['diagnostics'][number];
type CodeActionResult = NonNullable<Awaited<ReturnType<CodeActionProvider['getCodeActions']>>>;
type CodeAction = Extract<CodeActionResult[number], { edit?: unknown }>;

export class RtcellCodeActionProvider implements CodeActionProvider {
    constructor(private readonly services: RtcellServices, private readonly analysis: AnalysisService, private readonly settings?: RtcellSettingsService) {}

    getCodeActions(document: LangiumDocument, params: LangiumCodeActionParams): MaybePromise<CodeActionResult | undefined> {
        const actions: CodeAction[] = [];
        const root = document.parseResult.value as Document;
        const checked = this.services.lowering.LoweringCache.get(root, document.uri.toString());
        const ctx: FixContext = { model: checked.model, index: checked.index, marginPercent: this.settings?.fixMarginPercent ?? 0 };
        for (const diagnostic of params.context.diagnostics) {
            for (const fix of this.fixesFor(document, diagnostic, ctx)) actions.push(toAction(fix, diagnostic, document.uri.toString()));
            if (codeOf(diagnostic) === ANALYSIS_CODES.simulationExceedsBound && diagnostic.data) {
                // Not an edit: the server writes the file (workspace/executeCommand), so any client can run it.
                const args: unknown[] = [document.uri.toString(), diagnostic.data];
                actions.push({ title: 'Save a reproduction file (document, scenario, seed, job) to report the disagreement', kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title: 'Save a reproduction file', command: SAVE_REPRODUCTION_COMMAND, arguments: args } });
            }
        }
        return actions;
    }

    private fixesFor(document: LangiumDocument, diagnostic: Diagnostic, ctx: FixContext): ProposedFix[] {
        const code = codeOf(diagnostic);
        // Clients echo diagnostics back; a malformed one gets no fix rather than an error.
        if (code === 'color-overlap') return diagnostic.range?.start && diagnostic.range.end ? maybe(colorOverlapFix(diagnostic.range, ctx)) : [];
        if (code === 'bandwidth-overcommit') return maybe(bandwidthScaleFix(ctx));
        if (code && REPAIRABLE.has(code)) return diagnostic.range?.start ? maybe(structuralRepair(code, diagnostic.range, String(diagnostic.message ?? ''), document, ctx)) : [];
        if (code && ANALYSIS_FIXABLE.has(code)) {
            const data = diagnostic.data as AnalysisDiagnosticData | undefined;
            if (!data || typeof data.name !== 'string') return [];
            // The fix searches run here, on demand, once per document version.
            const analysis = this.analysis.getWithFixes(document);
            return analysis ? analysisFixes(data, fixesOfItem(analysis, data), ctx) : [];
        }
        return [];
    }
}

function maybe(fix: ProposedFix | undefined): ProposedFix[] {
    return fix ? [fix] : [];
}

function codeOf(diagnostic: Diagnostic): string | undefined {
    if (typeof diagnostic.code === 'string') return diagnostic.code;
    const data = diagnostic.data as { code?: unknown } | undefined;
    return typeof data?.code === 'string' ? data.code : undefined;
}

function toAction(fix: ProposedFix, diagnostic: Diagnostic, uri: string): CodeAction {
    return {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        ...(fix.preferred ? { isPreferred: true } : {}),
        edit: { changes: { [uri]: fix.edits } },
    };
}
