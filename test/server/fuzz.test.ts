// Half-typed and broken input through every service: no exception, no hang (fast-check over random edits).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LangiumDocument } from 'langium';
import { BASE, readExample } from '../language/helpers.js';
import { Rtcell, open } from './helpers.js';

const FRAGMENTS = ['{', '}', ' ', '\n', 'cell', 'flow', 'task', 'period', '10', 'ms', 'MB/s', 'budget', 'on', 'core', 'vcpu', '..', ',', '0x', '<=', 'colors', 'from', 'to', 'x', '"', '1.5', '//', '/*'];

const edit = fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 12 }),
    insert: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 4 }).map((parts) => parts.join(' ')),
});

async function exercise(document: LangiumDocument, at: number): Promise<void> {
    const uri = document.uri.toString();
    const text = document.textDocument.getText();
    const position = document.textDocument.positionAt(Math.min(at, text.length));
    const range = { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(text.length) };
    await Rtcell.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri }, position });
    await Rtcell.lsp.CompletionProvider!.getCompletion(document, { textDocument: { uri }, position });
    await Rtcell.lsp.InlayHintProvider!.getInlayHints(document, { textDocument: { uri }, range });
    await Rtcell.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri } });
    await Rtcell.lsp.CodeActionProvider!.getCodeActions(document, { textDocument: { uri }, range, context: { diagnostics: (document.diagnostics ?? []) as never } });
    await Rtcell.lsp.Formatter!.formatDocument(document, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    await Rtcell.lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument: { uri } });
    await Rtcell.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri } });
}

describe('robustness', () => {
    for (const [name, source] of [['BASE', BASE], ['reservations', readExample('reservations.rtcell')], ['broken', readExample('broken.rtcell')]] as const) {
        it(`survives random edits of ${name}`, async () => {
            await fc.assert(fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (edits) => {
                let text = source;
                for (const e of edits) {
                    const at = e.at % (text.length + 1);
                    text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
                }
                const started = performance.now();
                const document = await open(text);
                await exercise(document, edits[0].at % (text.length + 1));
                // A hang, not a slow step: generous because the machine is shared (2 cores) while other suites run.
                expect(performance.now() - started).toBeLessThan(20_000);
            }), { numRuns: 40, seed: 20_240_501 });
        });
    }

    it('gives diagnostics, not exceptions, for every prefix of an example (typing it out)', async () => {
        const text = readExample('zcu102-broker.rtcell');
        for (let end = 0; end <= text.length; end += 97) {
            const document = await open(text.slice(0, end));
            await exercise(document, end);
        }
    });
});
