// The fast parser (language/parser/fast-parser.ts) must give exactly Langium's AST and CST (values, containment,
// cross-reference texts, CST offsets, ranges, comments, grammar elements, token types) whenever it takes a document,
// and must refuse every document Langium finds a lexing or syntax error in. Checked on the examples, the test
// fixtures, generated large systems and 1,500 soak documents (generated systems, and mutations of them and
// of the examples: names swapped for keywords, lines dropped and repeated, numbers replaced, garbage inserted).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EmptyFileSystem, URI, type LangiumParser, type ParseResult } from 'langium';
import { generateLargeDocument } from '../../bench/server-document.js';
import { soakDocument } from '../../bench/soak-documents.js';
import type { Document } from '../../language/generated/ast.js';
import { loadModelFromText } from '../../language/load.js';
import { FastParser } from '../../language/parser/fast-parser.js';
import { createRtcellCoreServices } from '../../language/rtcell-module.js';
import { BASE, EXAMPLES_DIR, exampleFiles } from './helpers.js';
import { astShape, cstShape, grammarIndex } from './tree-shape.js';

const { Rtcell } = createRtcellCoreServices(EmptyFileSystem);
const langium: LangiumParser = Rtcell.parser.LangiumParser;
const fast = new FastParser(Rtcell);
const grammar = grammarIndex(Rtcell.Grammar);

const valid = (r: ParseResult<Document>) => r.lexerErrors.length === 0 && r.parserErrors.length === 0;

/** Compares the two parsers on `text`; returns whether the fast parser took it. */
function compare(text: string): boolean {
    const reference = langium.parse<Document>(text);
    const result = fast.parse(text);
    if (!result) return false;
    expect(valid(reference), `the fast parser took a text Langium rejects:\n${text}`).toBe(true);
    expect(result.value.$cstNode?.root.fullText).toBe(text);
    expect(astShape(result.value)).toEqual(astShape(reference.value));
    const root = result.value.$cstNode!;
    expect(root.astNode).toBe(result.value);
    expect(cstShape(root, root, undefined, grammar)).toEqual(cstShape(reference.value.$cstNode!, reference.value.$cstNode!, undefined, grammar));
    return true;
}

const FIXTURES = [
    ...exampleFiles(),
    ...readdirSync(join(EXAMPLES_DIR, 'published')).filter((f) => f.endsWith('.rtcell')).map((f) => join(EXAMPLES_DIR, 'published', f)),
    ...['cli/fixtures', 'regressions'].flatMap((dir) => {
        const path = join(import.meta.dirname, '..', dir);
        return readdirSync(path).filter((f) => f.endsWith('.rtcell')).map((f) => join(path, f));
    }),
].map((file) => readFileSync(file, 'utf8'));

describe('fast parser', () => {
    it('gives Langium\'s AST and CST on every well-formed example and fixture', () => {
        let taken = 0;
        for (const text of FIXTURES) if (compare(text)) taken++;
        // broken.rtcell is the only one with a syntax error... or none: every well-formed one is taken.
        const wellFormed = FIXTURES.filter((t) => valid(langium.parse<Document>(t))).length;
        expect(taken).toBe(wellFormed);
        expect(taken).toBeGreaterThan(15);
    });

    it('takes generated systems with comments, CRLF line ends and several declarations per line', () => {
        const large = generateLargeDocument(6, 4, 20);
        for (const text of [
            large, `// leading comment\n${large}/* trailing */`, large.replace(/\n/g, '\r\n'), large.replace(/\}\nflow/g, '} /* x */ flow'),
            `${BASE}\n/* a comment\n   over lines */\n`, '', '   \n', '// only a comment', `system "s"\ncell a { cores 1 }\ncell b { shared with a, a }\nresource r shared with a, b`,
            BASE.replace(/\n/g, '\r'), BASE.replace(/ {2}/g, '\t\v\f'), `// héllo → 😀\n/* ü\r\n ö */\n${BASE}`, `system "a\nb\\"c"\n${BASE.split('\n').slice(1).join('\n')}`,
            `${'// c\n'.repeat(5000)}${BASE}${'/* x */\n'.repeat(5000)}`,
        ]) expect(compare(text), text.slice(0, 200)).toBe(true);
    });

    it('reads keywords as names exactly where Langium does', () => {
        const texts = [
            'cell memory { cores 1 memory memory at 0x0 size 4 KiB task task period 1 ms wcet 1 us memory 4 KiB }',
            'cell core { vcpu core on core 1 budget 1 ms period 2 ms task on period 1 ms wcet 1 us on core }',
            'cell c { vcpu v on core 1 budget 1 ms period 2 ms task t period 1 ms wcet 1 us on core 1 }',
            'cell s { cores 1 task ms period 1 s wcet 1 us uses B for 2 us }\nresource B shared with s',
            'flow from from to to to { size 1 B period 1 ms }',
            'hypervisor jailhouse { broker floating policy edf dma dma budget 1 MB/s chunk 4 KiB vmpcp overrun boost }',
        ];
        for (const text of texts) expect(compare(text), text).toBe(true);
    });

    it('refuses what it does not read with certainty, and what Langium finds errors in', () => {
        // A memory region right after a task is a syntax error for Langium (it reads `memory` as the task's).
        for (const text of ['cell m { task t period 1 ms memory r at 0x0 size 4 KiB }', `${BASE}\ncell {`, `${BASE} @`, 'cell a { cores 1 }\u00a0', 'system "unterminated', '/* open', `${BASE}\nsystem "second"`, 'cell é { }']) {
            expect(fast.parse(text), text).toBeUndefined();
        }
    });

    it('agrees with Langium on 1,500 soak documents (valid, and mutated)', () => {
        const examples = exampleFiles().map((f) => readFileSync(f, 'utf8'));
        let taken = 0;
        let wellFormed = 0;
        for (let k = 0; k < 1500; k++) {
            const text = soakDocument(5, k, examples);
            if (valid(langium.parse<Document>(text))) wellFormed++;
            if (compare(text)) taken++;
        }
        // Every document it refuses has an error, or a character it leaves to Chevrotain (a non-ASCII space).
        expect(wellFormed).toBeGreaterThan(600);
        expect(taken / wellFormed).toBeGreaterThan(0.98);
    }, 120_000);

    it('never keeps a file from loading: when the fast parser itself fails, Langium parses the document', async () => {
        const { shared } = createRtcellCoreServices(EmptyFileSystem);
        const original = FastParser.prototype.parse;
        FastParser.prototype.parse = () => { throw new Error('a bug in the fast parser'); };
        try {
            const document = shared.workspace.LangiumDocumentFactory.fromString<Document>(BASE, URI.parse('memory:///fallback.rtcell'));
            expect(astShape(document.parseResult.value)).toEqual(astShape(langium.parse<Document>(BASE).value));
        } finally {
            FastParser.prototype.parse = original;
        }
    });

    it('is what loading uses for well-formed documents', async () => {
        const original = FastParser.prototype.parse;
        let taken = 0;
        FastParser.prototype.parse = function (this: FastParser, text: string) {
            const result = original.call(this, text);
            if (result) taken++;
            return result;
        };
        try {
            for (const text of FIXTURES) {
                const loaded = await loadModelFromText(text);
                expect(loaded.document.parseResult.value.$cstNode?.root.fullText).toBe(text);
            }
        } finally {
            FastParser.prototype.parse = original;
        }
        expect(taken).toBe(FIXTURES.filter((t) => valid(langium.parse<Document>(t))).length);
    });
});
