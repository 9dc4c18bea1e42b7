/** Analyze · Simulate · Show timeline above every cell and flow (commands the extension implements, see COMMANDS). */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens } from 'vscode-languageserver';
import type { Document } from '../language/generated/ast.js';
import type { AnalysisService } from './analysis-service.js';
import { COMMANDS, type LensCommandArguments } from './protocol.js';

export class RtcellCodeLensProvider implements CodeLensProvider {
    constructor(private readonly analysis: AnalysisService) {}

    provideCodeLens(document: LangiumDocument): MaybePromise<CodeLens[] | undefined> {
        const root = document.parseResult.value as Document;
        const uri = document.uri.toString();
        const result = this.analysis.get(document).analysis;
        const lenses: CodeLens[] = [];
        const add = (node: { name: string; $cstNode?: { range: CodeLens['range'] } }, kind: 'cell' | 'flow') => {
            const range = node.$cstNode?.range;
            if (!range || !node.name) return;
            const at = { start: range.start, end: range.start };
            const args: LensCommandArguments = [uri, node.name, kind];
            lenses.push({ range: at, command: { title: `Analyze${verdictSuffix(result, kind, node.name)}`, command: COMMANDS.analyze, arguments: args } });
            lenses.push({ range: at, command: { title: 'Simulate', command: COMMANDS.simulate, arguments: args } });
            lenses.push({ range: at, command: { title: 'Show timeline', command: COMMANDS.showTimeline, arguments: args } });
        };
        for (const cell of root.cells) add(cell, 'cell');
        for (const flow of root.flows) add(flow, 'flow');
        return lenses;
    }
}

function verdictSuffix(result: ReturnType<AnalysisService['get']>['analysis'], kind: 'cell' | 'flow', name: string): string {
    if (!result) return '';
    const items = kind === 'flow' ? result.flows.filter((f) => f.name === name) : [...result.tasks, ...result.events].filter((i) => i.owner === name);
    if (items.length === 0) return '';
    const late = items.filter((i) => i.verdict !== 'schedulable').length;
    return late === 0 ? ' (on time)' : ` (${late} late)`;
}
