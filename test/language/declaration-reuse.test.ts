// Lowering with the declarations kept from the previous version (language/lowering/declaration-reuse.ts) must give
// what lowering the same AST from scratch gives: the same model (values and source ranges), the same problems at the
// same nodes, the same model-to-AST links; checked through the server's document builder on random edit sequences.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EmptyFileSystem, TextDocument, URI, type AstNode } from 'langium';
import { setTextDocument } from 'langium/test';
import { generateLargeDocument } from '../../bench/server-document.js';
import type { Document } from '../../language/generated/ast.js';
import { lowerAndCheck, type CheckedModel } from '../../language/lowering-cache.js';
import { DEFAULT_ENGINE } from '../../server/default-engine.js';
import { createRtcellServices } from '../../server/rtcell-server-module.js';
import { BASE, readExample } from './helpers.js';

const { shared, Rtcell } = createRtcellServices(EmptyFileSystem, { engine: DEFAULT_ENGINE });

/** Where an AST node is, and what it is (enough to tell two nodes of one document apart). */
function at(node: AstNode | undefined): string {
    return node ? `${node.$type}@${node.$cstNode?.offset}-${node.$cstNode?.end}` : 'none';
}

/** Every model element that lowering links to an AST node, in a fixed order. */
function elements(checked: CheckedModel): object[] {
    const m = checked.model;
    const out: object[] = [m, m.platform, m.hypervisor, ...(m.hypervisor.broker ? [m.hypervisor.broker] : [])];
    for (const c of m.cells) out.push(c, ...c.vcpus, ...c.memory, ...c.tasks, ...c.events, ...(c.budget ? [c.budget] : []));
    out.push(...m.flows);
    return out;
}

function expectSameLowering(kept: CheckedModel, fresh: CheckedModel): void {
    expect(kept.model).toEqual(fresh.model);
    expect(kept.hasErrors).toBe(fresh.hasErrors);
    const problems = (c: CheckedModel) => c.problems.map((p) => ({ ...p, node: at(p.node), related: p.related?.map((r) => ({ ...r, node: at(r.node) })) }));
    expect(problems(kept)).toEqual(problems(fresh));
    expect(elements(kept).map((e) => at(kept.index.nodeOf(e)))).toEqual(elements(fresh).map((e) => at(fresh.index.nodeOf(e))));
}

const SNIPPETS = ['\n', '// typed\n', ' ', '7', 'x', '}', '\ntask extra period 5 ms wcet 10 us\n', '\nflow added from c1 to c2 { size 1 KiB period 10 ms }\n',
    'wcet 3 us ', 'budget 5 MB/s\n', 'memguard period 2 ms\n', 'uses sensors for 10 us ', 'resource spare\n'];

const edit = fc.oneof(
    // A digit changed in place (the usual keystroke: nothing else moves).
    fc.nat(10_000).map((n) => (text: string) => {
        const digits = [...text.matchAll(/[0-9]/g)];
        if (digits.length === 0) return text;
        const i = digits[n % digits.length].index!;
        return text.slice(0, i) + String((Number(text[i]) + 1) % 10) + text.slice(i + 1);
    }),
    // A blank or comment line at a line start, or a column shift: a valid text in which what follows moves.
    fc.record({ n: fc.nat(10_000), insert: fc.constantFrom('\n', '// note\n', '\r\n', '  ', '/* c */ ') }).map((e) => (text: string) => {
        const starts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
        const i = starts[e.n % starts.length];
        return text.slice(0, i) + e.insert + text.slice(i);
    }),
    // Anything inserted anywhere (moves what follows, sometimes breaks the syntax).
    fc.record({ where: fc.double({ min: 0, max: 1, noNaN: true }), insert: fc.constantFrom(...SNIPPETS), remove: fc.nat(8) }).map((e) => (text: string) => {
        const i = Math.floor(e.where * text.length);
        return text.slice(0, i) + e.insert + text.slice(Math.min(text.length, i + e.remove));
    }),
);

const STARTS = [BASE, readExample('zcu102-broker.rtcell'), readExample('reservations.rtcell'), readExample('resources.rtcell'), generateLargeDocument(5, 3, 12),
    generateLargeDocument(4, 2, 10).replace(/\}\nflow/g, '} /* x */ flow')];

describe('lowering with kept declarations', () => {
    it('equals lowering from scratch after random edits, and keeps the untouched cells and flows', async () => {
        let version = 0;
        let keptCells = 0;
        await fc.assert(fc.asyncProperty(fc.constantFrom(...STARTS.keys()), fc.array(edit, { minLength: 1, maxLength: 5 }), async (start, edits) => {
            const uri = URI.parse(`file:///reuse-${version}.rtcell`);
            let text = STARTS[start];
            let previous: CheckedModel | undefined;
            for (const e of [(t: string) => t, ...edits]) {
                text = e(text);
                setTextDocument(shared, TextDocument.create(uri.toString(), 'rtcell', ++version, text));
                await shared.workspace.DocumentBuilder.update([uri], []);
                const root = shared.workspace.LangiumDocuments.getDocument(uri)!.parseResult.value as Document;
                const kept = Rtcell.lowering.LoweringCache.get(root, uri.toString());
                expectSameLowering(kept, lowerAndCheck(root, uri.toString()));
                if (previous) keptCells += kept.model.cells.filter((c) => previous!.model.cells.includes(c)).length;
                previous = kept;
            }
            await shared.workspace.DocumentBuilder.update([], [uri]);
        }), { numRuns: 60, seed: 42 });
        expect(keptCells).toBeGreaterThan(50);
    });
});
