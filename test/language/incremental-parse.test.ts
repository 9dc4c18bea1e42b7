// Incremental re-parsing (language/incremental-parse.ts) must give exactly what a full parse gives: the same AST
// (types, values, containment, cross-reference texts), the same CST (offsets, ranges, hidden comments, containment,
// root) — checked on random edit sequences over the examples and a generated system, and end to end through the
// server's document builder.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EmptyFileSystem, type LangiumParser, type ParseResult } from 'langium';
import { generateLargeDocument } from '../../bench/server-document.js';
import type { Document } from '../../language/generated/ast.js';
import { reparseChangedDeclarations } from '../../language/incremental-parse.js';
import { DEFAULT_ENGINE } from '../../server/default-engine.js';
import { createRtcellServices } from '../../server/rtcell-server-module.js';
import { BASE, readExample } from './helpers.js';
import { astShape, cstShape } from './tree-shape.js';

const { Rtcell } = createRtcellServices(EmptyFileSystem, { engine: DEFAULT_ENGINE });
const parser: LangiumParser = Rtcell.parser.LangiumParser;

function expectSameAsFullParse(incremental: ParseResult<Document>, text: string): void {
    const full = parser.parse<Document>(text);
    expect(incremental.value.$cstNode?.root.fullText).toBe(text);
    expect(astShape(incremental.value)).toEqual(astShape(full.value));
    const root = incremental.value.$cstNode!;
    expect(root.astNode).toBe(incremental.value);
    expect(cstShape(root, root)).toEqual(cstShape(full.value.$cstNode!, full.value.$cstNode!));
}

const SNIPPETS = ['', ' ', '\n', '\r\n', '// note\n', '/* x */', '}', '{', 'x', '7', 'ms', '"', 'cell', 'on zcu102',
    '\ntask extra period 5 ms wcet 10 us\n', '\nflow added from a to b { size 1 KiB period 10 ms }\n', '\ncell fresh { cores 3 }\n',
    'system "again"\n', 'é', '\u{1F600}'];

type Edit = (text: string) => string;

/** Anywhere, any snippet, sometimes deleting: mostly breaks the syntax (the fallback paths). */
const anyEdit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat(24), insert: fc.constantFrom(...SNIPPETS) })
    .map((e): Edit => (text) => {
        const at = Math.floor(e.at * text.length);
        return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
    });

/** The n-th match (modulo their count) of a pattern, or -1. */
function nthMatch(text: string, pattern: RegExp, n: number): number {
    const all = [...text.matchAll(pattern)];
    return all.length === 0 ? -1 : all[n % all.length].index! + all[n % all.length][0].length;
}

/** Typing that keeps the text valid: a comment or blank line at a line start, a digit changed, an identifier extended. */
const validEdit = fc.tuple(fc.constantFrom('line', 'digit', 'name'), fc.nat(10_000), fc.constantFrom('\n', '// typed\n', '/* c */ ', '\r\n', '  ', '\t'))
    .map(([kind, n, insert]): Edit => (text) => {
        if (kind === 'line') {
            const at = nthMatch(text, /\n/g, n);
            return at < 0 ? text : text.slice(0, at) + insert + text.slice(at);
        }
        if (kind === 'digit') {
            const at = nthMatch(text, /[0-9]/g, n) - 1;
            return at < 0 ? text : text.slice(0, at) + String((Number(text[at]) + 1) % 10) + text.slice(at + 1);
        }
        const at = nthMatch(text, /\b(c|f|t|v)[0-9]+/g, n);
        return at < 0 ? text : `${text.slice(0, at)}9${text.slice(at)}`;
    });

const edit = fc.oneof(anyEdit, validEdit, validEdit);

const STARTS = [BASE, readExample('zcu102-broker.rtcell'), readExample('zcu102-floating.rtcell'), readExample('reservations.rtcell'), readExample('resources.rtcell'),
    `// leading comment\n${generateLargeDocument(5, 3, 12)}// trailing comment\n`,
    // Several declarations per line: an edit in one moves the next along its line (column shifts).
    generateLargeDocument(4, 2, 12).replace(/\}\nflow/g, '} /* x */ flow').replace(/\}\ncell/g, '}\r\ncell')];

describe('incremental re-parsing', () => {
    it('equals a full parse after random edit sequences, and is taken for most edits between valid texts', () => {
        let taken = 0;
        let eligible = 0;
        fc.assert(fc.property(fc.constantFrom(...STARTS.keys()), fc.array(edit, { minLength: 1, maxLength: 6 }), (start, sequence) => {
            let text = STARTS[start];
            let previous = parser.parse<Document>(text);
            for (const e of sequence) {
                const next = e(text);
                if (next === text) continue;
                const incremental = reparseChangedDeclarations(parser, previous, text, next);
                const valid = (r: ParseResult<Document>) => r.lexerErrors.length === 0 && r.parserErrors.length === 0;
                if (valid(previous) && valid(parser.parse<Document>(next))) eligible++;
                if (incremental) {
                    taken++;
                    expectSameAsFullParse(incremental, next);
                    previous = incremental;
                } else previous = parser.parse<Document>(next);
                text = next;
            }
        }), { numRuns: 200, seed: 20261121 });
        // From a valid text to a valid text the incremental path is the rule (the exceptions: most of the document
        // changed, or a second system declaration).
        expect(eligible).toBeGreaterThan(100);
        expect(taken / eligible).toBeGreaterThan(0.6);
    });

    it('re-parses only the declaration typed in, keeping the others, and shifts what follows', () => {
        const text = generateLargeDocument(8, 4, 30);
        const previous = parser.parse<Document>(text);
        const keptCell = previous.value.cells[0];
        const keptFlow = previous.value.flows[29];
        const at = text.indexOf('task t2 period 30 ms wcet 22 us', text.indexOf('cell c3'));
        const next = `${text.slice(0, at)}task t2 period 30 ms wcet 22 us bcet 5 us\n  ${text.slice(at)}`;
        const incremental = reparseChangedDeclarations(parser, previous, text, next);
        expect(incremental).toBeDefined();
        expectSameAsFullParse(incremental!, next);
        expect(incremental!.value.cells[0]).toBe(keptCell);
        expect(incremental!.value.flows[29]).toBe(keptFlow);
        expect(incremental!.value.cells[3]).not.toBe(previous.value.cells[3]);
        expect(incremental!.value).not.toBe(previous.value);
    });

    it('falls back to a full parse when the old or new text has syntax errors or system would not come first', () => {
        const broken = parser.parse<Document>(`${BASE}\ncell {`);
        expect(reparseChangedDeclarations(parser, broken, `${BASE}\ncell {`, `${BASE}\ncell x {}`)).toBeUndefined();
        const ok = parser.parse<Document>(BASE);
        expect(reparseChangedDeclarations(parser, ok, BASE, `${BASE}\ncell {`)).toBeUndefined();
        expect(reparseChangedDeclarations(parser, ok, BASE, `${BASE}\nsystem "second"\n`)).toBeUndefined();
    });
});
