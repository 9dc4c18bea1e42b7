// The targeted reference services (language/references/): linking and the reference index visit only the nodes
// that can hold references; nothing Langium's whole-AST walk would find may be missed.
import { describe, expect, it } from 'vitest';
import { AstUtils, DefaultScopeProvider, TextDocument, URI, type AstNodeDescription, type Reference, type ReferenceInfo } from 'langium';
import { setTextDocument } from 'langium/test';
import { generateLargeDocument } from '../../bench/server-document.js';
import type { Document } from '../../language/generated/ast.js';
import { Rtcell, errorsOf, open, shared } from '../server/helpers.js';
import { BASE, exampleFiles } from './helpers.js';
import { readFileSync } from 'node:fs';

const UNRESOLVED = `${BASE}
flow ghost from nowhere to base-app { size 1 KiB period 10 ms }
cell extra { cores 3 shared with missing, control
  task t period 1 ms wcet 1 us on nosuchvcpu }
`;

/** Names declared twice (the first declaration wins), and VCPUs of one name in two cells (each cell sees its own). */
const SHADOWED = `${BASE}
cell control { cores 3 }
cell twin-a { vcpu v0 on core 3 budget 1 ms period 10 ms
  task ta period 10 ms wcet 1 us on v0 }
cell twin-b { vcpu v0 on core 3 budget 1 ms period 10 ms
  task tb period 10 ms wcet 1 us on v0 }
flow dup from control to twin-b { size 1 KiB period 10 ms }
`;

const TEXTS = [...exampleFiles().map((f) => readFileSync(f, 'utf8')), BASE, UNRESOLVED, SHADOWED, generateLargeDocument(6, 4, 20)];

describe('reference services', () => {
    it('link every reference Langium\'s generic walk finds (resolved or not)', async () => {
        for (const text of TEXTS) {
            const document = await open(text);
            const root = document.parseResult.value as Document;
            const everywhere = AstUtils.streamAst(root).flatMap((node) => AstUtils.streamReferences(node)).map((info) => info.reference).toArray();
            expect(everywhere.length).toBeGreaterThan(0);
            expect(new Set(document.references)).toEqual(new Set(everywhere));
        }
    });

    it('report unresolved names in each reference position, with a code', async () => {
        const document = await open(UNRESOLVED);
        const unresolved = (document.diagnostics ?? []).filter((d) => /Could not resolve reference/.test(d.message));
        for (const name of ['nowhere', 'missing', 'nosuchvcpu']) expect(unresolved.some((d) => d.message.includes(`'${name}'`))).toBe(true);
        // The editor shows the same code as `rtcell check` (Langium only sets data.code).
        expect(unresolved.map((d) => d.code)).toEqual(unresolved.map(() => 'linking-error'));
        const syntax = await open(`${BASE}\ncell {`);
        expect(syntax.diagnostics?.filter((d) => d.severity === 1).map((d) => d.code)).toContain('parsing-error');
    });

    it('build the reference index on demand: every flow naming a cell is found', async () => {
        const text = generateLargeDocument(6, 4, 20);
        const document = await open(text);
        const root = document.parseResult.value as Document;
        const cell = root.cells[1];
        const locator = Rtcell.workspace.AstNodeLocator;
        const found = shared.workspace.IndexManager.findAllReferences(cell, locator.getAstNodePath(cell)).toArray();
        const expected = root.flows.filter((f) => f.from.ref === cell).length + root.flows.filter((f) => f.to.ref === cell).length;
        expect(expected).toBeGreaterThan(0);
        expect(found.filter((r) => r.sourceUri.toString() === document.uri.toString()).length).toBe(expected);
        expect(URI.parse(found[0].targetUri.toString()).toString()).toBe(document.uri.toString());
    });

    it('answer every reference as Langium\'s default scope provider does, and see a renamed cell after an edit', async () => {
        const reference = new DefaultScopeProvider(Rtcell);
        const key = (d: AstNodeDescription | undefined) => (d ? `${d.name}@${d.path}` : 'none');
        for (const text of TEXTS) {
            const document = await open(text);
            const root = document.parseResult.value as Document;
            const infos: ReferenceInfo[] = AstUtils.streamAst(root).flatMap((node) => AstUtils.streamReferences(node)).toArray();
            for (const info of infos) {
                const ours = Rtcell.references.ScopeProvider.getScope(info);
                const theirs = reference.getScope(info);
                const name = info.reference.$refText;
                expect(key(ours.getElement(name))).toBe(key(theirs.getElement(name)));
                expect(ours.getElements(name).map(key).toArray()).toEqual(theirs.getElements(name).map(key).toArray());
                expect(ours.getAllElements().map(key).toArray()).toEqual(theirs.getAllElements().map(key).toArray());
                expect(key(ours.getElement('no-such-name'))).toBe('none');
            }
        }
        // Twin VCPUs: each task links to the VCPU of its own cell.
        const twins = (await open(SHADOWED)).parseResult.value as Document;
        for (const cellName of ['twin-a', 'twin-b']) {
            const cell = twins.cells.find((c) => c.name === cellName)!;
            const placements = AstUtils.streamAst(cell).flatMap((node) => AstUtils.streamReferences(node)).toArray();
            expect(placements.length).toBe(1);
            expect(AstUtils.getContainerOfType((placements[0].reference as Reference).ref, (n): n is typeof cell => n === cell)).toBe(cell);
        }
        // The scopes of one document state are not reused for the next state of the same document: a cell renamed by
        // an edit (to a name of the same length, so the incremental parse keeps the declarations after it) is found by
        // the flow and by the kept cell naming it.
        const text = `${BASE}\ncell twin { vcpu w on core 3 budget 1 ms period 10 ms\n  shared with renamed }\nflow late from sensor to renamed { size 1 KiB period 10 ms }\n`;
        const document = await open(text);
        expect(errorsOf(document, 'linking-error').length).toBe(2);
        setTextDocument(shared, TextDocument.create(document.uri.toString(), 'rtcell', 2, text.replace('cell control {', 'cell renamed {').replace('to control', 'to renamed')));
        await shared.workspace.DocumentBuilder.update([document.uri], []);
        const edited = shared.workspace.LangiumDocuments.getDocument(document.uri)!;
        expect(edited.textDocument.version).toBe(2);
        expect(errorsOf(edited, 'linking-error')).toEqual([]);
    });
});
