/**
 * Completion: Langium's grammar-driven keywords and cross-references (cell names after `from`/`to`/`shared with`,
 * VCPU names after `on`), plus units that fit the attribute being typed: after `period 10` only times, after
 * `budget 300` in a cell only bandwidths and `events`, each with what it means.
 */
import { AstUtils, GrammarAST, type MaybePromise } from 'langium';
import { DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext } from 'langium/lsp';
import { CompletionItemKind } from 'vscode-languageserver';
import { UNITS, type UnitKind } from '../simulator/model/units.js';

const KINDS_AFTER: Readonly<Record<string, readonly UnitKind[]>> = {
    period: ['time'], sporadic: ['time'], deadline: ['time'], jitter: ['time'], wcet: ['time'], bcet: ['time'],
    latency: ['time'], '<=': ['time'], notify: ['time'], dispatch: ['time'], 'dma-setup': ['time'], ipi: ['time'],
    'irq-entry': ['time'], nonpreemptible: ['time'],
    size: ['size'], chunk: ['size'], llc: ['size'], line: ['size'], page: ['size'], dram: ['size'],
    guaranteed: ['bandwidth'], rate: ['bandwidth'], at: ['frequency'], clock: ['frequency'],
    memory: ['size', 'refills'],
};

/** The unit kinds that fit the number just before `offset`, or undefined when unknown (then all are offered). */
export function expectedUnitKinds(text: string, offset: number): readonly UnitKind[] | undefined {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const before = text.slice(lineStart, offset);
    const match = /([A-Za-z<=][\w<=-]*)\s+(?:<=\s*)?[0-9][0-9_.xXa-fA-F]*\s*[A-Za-z/]*$/.exec(before);
    if (!match) return undefined;
    const keyword = match[1];
    if (keyword === 'budget') {
        if (/\bvcpu\b/.test(before)) return ['time'];
        if (/\bbroker\b/.test(before)) return ['bandwidth'];
        return ['bandwidth', 'events'];
    }
    if (keyword === 'period' && /\bvcpu\b/.test(before)) return ['time'];
    return KINDS_AFTER[keyword];
}

export class RtcellCompletionProvider extends DefaultCompletionProvider {
    protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor): MaybePromise<void> {
        // A keyword of the `Name` rule stands for a name the user invents (any keyword may be one): not a suggestion.
        if (AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name === 'Name') return;
        const unit = UNITS[keyword.value];
        if (!unit) return super.completionForKeyword(context, keyword, acceptor);
        const kinds = expectedUnitKinds(context.textDocument.getText(), context.offset);
        if (kinds && !kinds.includes(unit.kind)) return;
        return super.completionForKeyword(context, keyword, (ctx, item) => acceptor(ctx, {
            ...item, kind: CompletionItemKind.Unit, detail: unit.description,
            // Smaller factors first inside a kind would be arbitrary; keep the grammar's order but after other keywords.
            sortText: `1_${keyword.value}`,
        }));
    }
}
