/**
 * Robustness: random token soups and mutations of the examples (deleted, duplicated, swapped and truncated spans)
 * must never make parsing, lowering or validation throw; every diagnostic must have a sane range.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { loadModelFromText } from '../../language/load.js';
import { exampleFiles } from './helpers.js';
import { readFileSync } from 'node:fs';

const TOKENS = ['system', '"s"', 'on', 'zcu102', 'platform', 'hypervisor', 'jailhouse', '{', '}', 'cell', 'root', 'cores', 'colors',
    'banks', 'vcpu', 'core', 'budget', 'period', 'task', 'wcet', 'deadline', 'priority', 'event', 'irq', 'latency', '<=', 'flow',
    'from', 'to', 'size', 'chunk', 'memory', 'at', 'colored', 'broker', 'dedicated', 'floating', 'policy', 'edf', 'fixed-priority',
    'shared', 'with', '0', '1', '3', '16', '0x8_1000_0000', '1.5', '..', ',', 'ms', 'us', 'ns', 's', 'KiB', 'MiB', 'MB/s', 'GB/s',
    'events', 'refills', 'a', 'b', 'sensor', 'linux', '//x\n', '/*', '*/', '"', '\n'];

const sources = exampleFiles().map((f) => readFileSync(f, 'utf8'));

async function mustNotThrow(text: string): Promise<void> {
    const { diagnostics, model } = await loadModelFromText(text);
    const lines = text.split('\n').length;
    for (const d of diagnostics) {
        expect(d.range.start.line).toBeGreaterThanOrEqual(0);
        expect(d.range.start.line).toBeLessThanOrEqual(lines);
        expect(typeof d.code).toBe('string');
    }
    if (model) JSON.stringify(model);
}

describe('parse, lowering and validation never throw', () => {
    test('random token sequences', async () => {
        await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }), async (tokens) => {
            await mustNotThrow(tokens.join(' '));
        }), { numRuns: 300 });
    });

    test('mutated examples', async () => {
        const mutation = fc.record({
            source: fc.integer({ min: 0, max: sources.length - 1 }),
            edits: fc.array(fc.record({
                kind: fc.constantFrom('delete', 'duplicate', 'insert', 'truncate'),
                at: fc.nat(), length: fc.integer({ min: 1, max: 40 }), token: fc.constantFrom(...TOKENS),
            }), { minLength: 1, maxLength: 4 }),
        });
        await fc.assert(fc.asyncProperty(mutation, async ({ source, edits }) => {
            let text = sources[source];
            for (const e of edits) {
                const at = e.at % (text.length + 1);
                if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
                else if (e.kind === 'duplicate') text = text.slice(0, at) + text.slice(at, at + e.length) + text.slice(at);
                else if (e.kind === 'insert') text = text.slice(0, at) + ' ' + e.token + ' ' + text.slice(at);
                else text = text.slice(0, at);
            }
            await mustNotThrow(text);
        }), { numRuns: 300 });
    });

    test('regression: parser recovery leaves a quantity with a unit and no number', async () => {
        await mustNotThrow('cell a { cores 1 task t period ms wcet 1 ms }');
        await mustNotThrow('platform { cores at GHz llc MiB }\nflow f from a to b { size KiB period ms }');
    });

    test('every prefix of the main example (a document being typed)', async () => {
        const text = sources[0];
        for (let end = 0; end <= text.length; end += 37) await mustNotThrow(text.slice(0, end));
    });
});
