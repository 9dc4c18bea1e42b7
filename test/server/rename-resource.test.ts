/**
 * Resources are linked names: renaming one renames its `uses` (local and global, from either end), go to definition
 * finds the cell's own resource before a global one, and an unknown one gets lowering's message alone.
 */
import { describe, expect, it } from 'vitest';
import { applyEdits, codesOf, open, Rtcell } from './helpers.js';

const TEXT = [
    'system "r" on zcu102',
    'resource bus shared with a, b',
    'cell a root { cores 0',
    '  resource log',
    '  task t1 period 10 ms wcet 1 ms priority 2 uses log for 10 us uses bus for 5 us',
    '  task t2 period 20 ms wcet 1 ms priority 1 uses log for 20 us }',
    'cell b { cores 1',
    '  task u period 10 ms wcet 1 ms uses bus for 7 us }',
].join('\n');

async function rename(text: string, line: number, character: number, newName: string): Promise<string> {
    const document = await open(text);
    const edit = await Rtcell.lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position: { line, character }, newName });
    return applyEdits(text, (edit?.changes?.[document.uri.toString()] ?? []) as never);
}

describe('renaming resources', () => {
    it('renames a local resource at its declaration and every use', async () => {
        const renamed = await rename(TEXT, 3, 12, 'journal');
        expect(renamed.match(/journal/g)?.length).toBe(3);
        expect(renamed).not.toMatch(/\blog\b/);
    });

    it('renames a global resource from one of its uses', async () => {
        const line = TEXT.split('\n')[7];
        const renamed = await rename(TEXT, 7, line.indexOf('bus') + 1, 'axi');
        expect(renamed.match(/\baxi\b/g)?.length).toBe(3);
        expect(renamed).not.toMatch(/\bbus\b/);
    });

    it('goes to the cell\'s own resource before a global one of the same name', async () => {
        const text = TEXT.replace('resource log', 'resource bus');
        const document = await open(text);
        const line = text.split('\n')[4];
        const links = await Rtcell.lsp.DefinitionProvider!.getDefinition(document, { textDocument: { uri: document.uri.toString() }, position: { line: 4, character: line.indexOf('bus') + 1 } });
        expect(links?.map((l) => l.targetSelectionRange.start.line)).toEqual([3]);
        const other = text.split('\n')[7];
        const global = await Rtcell.lsp.DefinitionProvider!.getDefinition(document, { textDocument: { uri: document.uri.toString() }, position: { line: 7, character: other.indexOf('bus') + 1 } });
        expect(global?.map((l) => l.targetSelectionRange.start.line)).toEqual([1]);
    });

    it('reports an unknown resource once, with what the task can use', async () => {
        const document = await open(TEXT.replace('uses log for 20 us', 'uses lgo for 20 us'));
        expect(codesOf(document)).toEqual(['unknown-resource']);
        expect(document.diagnostics?.[0].message).toMatch(/Unknown resource 'lgo': task 't2' can use log, bus/);
    });
});
