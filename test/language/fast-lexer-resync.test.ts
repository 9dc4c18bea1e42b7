// The lexer's faster resync after an unexpected character (language/parser/fast-lexer-resync.ts) must give exactly
// Chevrotain's own tokens and errors: compared with an unpatched lexer of the same grammar on random text mixing
// keywords, numbers, punctuation that starts no token, half tokens ('/', '.', '<', '"') and non-ASCII characters
// (a Unicode space starts whitespace), and on the examples.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DefaultLexer, EmptyFileSystem, type LexerResult } from 'langium';
import { withFastResync } from '../../language/parser/fast-lexer-resync.js';
import { createRtcellCoreServices } from '../../language/rtcell-module.js';
import { exampleFiles } from './helpers.js';
import { readFileSync } from 'node:fs';

const { Rtcell } = createRtcellCoreServices(EmptyFileSystem);
const plain = new DefaultLexer(Rtcell);
const fast = withFastResync(new DefaultLexer(Rtcell));

function shape(result: LexerResult): unknown {
    const token = (t: LexerResult['tokens'][number]) => [t.image, t.tokenType.name, t.startOffset, t.endOffset, t.startLine, t.startColumn, t.endLine, t.endColumn];
    return { tokens: result.tokens.map(token), hidden: result.hidden.map(token), errors: result.errors };
}

const PIECES = [
    'task', 'period', 'ms', 'B/s', 'KiB/s', 'MB', 'B', 's', 'fixed-priority', 'dma-setup', 'x_1', '12', '0x1F', '1.5', '0..7',
    '{', '}', ',', '..', '<=', ' ', '\n', '\t', '// c\n', '/* c */', '"s"', '/', '.', '<', '"', '@', '#', '$', '%', '^', '&',
    '*', ';', ':', '?', '!', '|', '\\', '\u00a0', '\u2028', '\ufeff', 'é', '→', '😀', '\u0000',
];

describe('fast lexer resync', () => {
    it('really replaces the resync loop (the patched lexer is not the plain one)', () => {
        const internals = (lexer: DefaultLexer) => (lexer as unknown as { chevrotainLexer: { patternIdxToConfig: Record<string, { length: number }> } }).chevrotainLexer.patternIdxToConfig;
        expect(Object.values(internals(fast))[0].length).toBe(1);
        expect(Object.values(internals(plain))[0].length).toBeGreaterThan(100);
    });

    it('gives the same tokens and errors as Chevrotain on random text', () => {
        fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }), (pieces) => {
            const text = pieces.join('');
            expect(shape(fast.tokenize(text))).toEqual(shape(plain.tokenize(text)));
        }), { numRuns: 1500, seed: 17 });
    });

    it('gives the same tokens and errors on random characters', () => {
        fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
            expect(shape(fast.tokenize(text))).toEqual(shape(plain.tokenize(text)));
        }), { numRuns: 800, seed: 18 });
    });

    it('gives the same tokens on the examples', () => {
        for (const file of exampleFiles()) {
            const text = readFileSync(file, 'utf8');
            expect(shape(fast.tokenize(text))).toEqual(shape(plain.tokenize(text)));
        }
    });
});
