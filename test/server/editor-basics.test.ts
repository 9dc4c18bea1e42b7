// Editor basics that come from Langium's defaults or our providers: each checked on rtcell text.
import { describe, expect, it } from 'vitest';
import { expectCompletion, expectFindReferences, expectFoldings, expectFormatting, expectGoToDefinition, expectHighlight, expectSymbols } from 'langium/test';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { BASE } from '../language/helpers.js';
import { readExample } from '../language/helpers.js';
import { Rtcell, applyEdits, open } from './helpers.js';

describe('completion', () => {
    const complete = expectCompletion(Rtcell);

    it('offers only time units after a period value', async () => {
        await complete({
            text: 'cell c {\n  cores 1\n  task t period 10 <|>\n}',
            index: 0,
            assert: (list) => {
                const labels = list.items.map((i) => i.label);
                expect(labels).toEqual(expect.arrayContaining(['ns', 'us', 'ms', 's']));
                expect(labels).not.toContain('MB/s');
                expect(labels).not.toContain('KiB');
            },
            disposeAfterCheck: true,
        });
    });

    it('offers bandwidths and events after a cell budget, times after a VCPU budget', async () => {
        await complete({
            text: 'cell c {\n  cores 1\n  budget 200 <|>\n}\ncell d {\n  vcpu v on core 2 budget 3 <|>\n}',
            index: 0,
            assert: (list) => {
                const labels = list.items.map((i) => i.label);
                expect(labels).toEqual(expect.arrayContaining(['MB/s', 'events']));
                expect(labels).not.toContain('ms');
            },
            disposeAfterCheck: true,
        });
        await complete({
            text: 'cell c {\n  cores 1\n  budget 200 <|>\n}\ncell d {\n  vcpu v on core 2 budget 3 <|>\n}',
            index: 1,
            assert: (list) => {
                const labels = list.items.map((i) => i.label);
                expect(labels).toContain('ms');
                expect(labels).not.toContain('MB/s');
            },
            disposeAfterCheck: true,
        });
    });

    it('offers cell names after `from` and keywords at the start of a member', async () => {
        await complete({
            text: `${BASE}flow f from <|>`,
            index: 0,
            assert: (list) => expect(list.items.map((i) => i.label)).toEqual(expect.arrayContaining(['linux', 'sensor', 'control'])),
            disposeAfterCheck: true,
        });
        await complete({
            text: 'cell c {\n  <|>\n}',
            index: 0,
            assert: (list) => expect(list.items.map((i) => i.label)).toEqual(expect.arrayContaining(['cores', 'vcpu', 'task', 'event', 'budget', 'colors'])),
            disposeAfterCheck: true,
        });
    });

    it('offers VCPU names of the cell after `on`', async () => {
        await complete({
            text: 'cell c {\n  vcpu alpha on core 1 budget 1 ms period 2 ms\n  task t period 10 ms wcet 1 ms on <|>\n}',
            index: 0,
            assert: (list) => expect(list.items.map((i) => i.label)).toContain('alpha'),
            disposeAfterCheck: true,
        });
    });
});

describe('navigation', () => {
    const text = 'cell <|al<|>pha|> {\n  cores 1\n}\ncell b {\n  cores 2\n  shared with <|al<|>pha|>\n}\nflow f from <|al<|>pha|> to b { size 1 KiB period 1 ms }';

    it('goes to the cell declaration from a flow endpoint', async () => {
        await expectGoToDefinition(Rtcell)({ text, index: 2, rangeIndex: 0, disposeAfterCheck: true });
    });

    it('finds every reference of a cell', async () => {
        await expectFindReferences(Rtcell)({ text, includeDeclaration: true, disposeAfterCheck: true });
    });

    it('highlights the declaration and its uses', async () => {
        await expectHighlight(Rtcell)({ text, index: 0, rangeIndex: [0, 1, 2], disposeAfterCheck: true });
    });

    it('renames a cell everywhere', async () => {
        const document = await open('cell a {\n  cores 1\n}\ncell b {\n  cores 2\n  shared with a\n}\nflow f from a to b { size 1 KiB period 1 ms }');
        const edit = await Rtcell.lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position: { line: 0, character: 5 }, newName: 'gateway' });
        const renamed = applyEdits(document.textDocument.getText(), (edit?.changes?.[document.uri.toString()] ?? []) as never);
        expect(renamed).toBe('cell gateway {\n  cores 1\n}\ncell b {\n  cores 2\n  shared with gateway\n}\nflow f from gateway to b { size 1 KiB period 1 ms }');
    });
});

describe('outline and folding', () => {
    it('lists cells with their tasks, events and VCPUs, and flows', async () => {
        await expectSymbols(Rtcell)({
            text: readExample('zcu102-broker.rtcell'),
            assert: (symbols) => {
                const top = symbols as DocumentSymbol[];
                const names = top.map((s) => s.name);
                expect(names).toEqual(expect.arrayContaining(['linux', 'sensor', 'control', 'camera', 'telemetry']));
                const sensor = top.find((s) => s.name === 'sensor')!;
                expect(sensor.children?.map((c) => c.name)).toEqual(expect.arrayContaining(['acquire', 'filter', 'can_rx', 'ram']));
                const control = top.find((s) => s.name === 'control')!;
                expect(control.children?.map((c) => c.name)).toContain('v0');
                expect(sensor.kind).not.toBe(SymbolKind.File);
            },
            disposeAfterCheck: true,
        });
    });

    it('folds blocks', async () => {
        await expectFoldings(Rtcell)({
            text: '<|cell a {\n  cores 1\n  task t period 1 ms wcet 1 us|>\n}\n<|hypervisor jailhouse {\n  memguard period 1 ms|>\n}\n',
            disposeAfterCheck: true,
        });
    });
});

describe('formatting', () => {
    it('puts one member per line, indented, with a space before braces', async () => {
        await expectFormatting(Rtcell)({
            before: 'cell a{cores 1   colors 0..3\ntask t period 1 ms wcet 1 us}\nflow f from a to b {size 1 KiB   period 1 ms}',
            after: 'cell a {\n    cores 1\n    colors 0..3\n    task t period 1 ms wcet 1 us\n}\nflow f from a to b { size 1 KiB period 1 ms }',
            disposeAfterCheck: true,
        });
    });

    it('leaves the examples as they are written (2-space indentation)', async () => {
        for (const name of ['zcu102-broker.rtcell', 'reservations.rtcell', 'resources.rtcell']) {
            const text = readExample(name);
            const document = await open(text);
            const edits = await Rtcell.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options: { tabSize: 2, insertSpaces: true } });
            expect(applyEdits(text, edits as never)).toBe(text);
        }
    });
});

describe('semantic tokens', () => {
    it('marks declarations, references, numbers and units', async () => {
        const document = await open('cell a {\n  cores 1\n  task t period 10 ms wcet 1 ms\n}');
        const tokens = await Rtcell.lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument: { uri: document.uri.toString() } });
        // 5 integers per token: a (cell), 1 (core), t (task), 10, ms, 1, ms
        expect(tokens.data.length / 5).toBe(7);
    });
});
