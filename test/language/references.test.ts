// The targeted reference services (language/references/): linking and the reference index visit only the nodes
// that can hold references; nothing Langium's whole-AST walk would find may be missed.
import { describe, expect, it } from 'vitest';
import { AstUtils, URI } from 'langium';
import { generateLargeDocument } from '../../bench/server-document.js';
import type { Document } from '../../language/generated/ast.js';
import { Rtcell, open, shared } from '../server/helpers.js';
import { BASE, exampleFiles } from './helpers.js';
import { readFileSync } from 'node:fs';

const UNRESOLVED = `${BASE}
flow ghost from nowhere to base-app { size 1 KiB period 10 ms }
cell extra { cores 3 shared with missing, control
  task t period 1 ms wcet 1 us on nosuchvcpu }
`;

const TEXTS = [...exampleFiles().map((f) => readFileSync(f, 'utf8')), BASE, UNRESOLVED, generateLargeDocument(6, 4, 20)];

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
});
