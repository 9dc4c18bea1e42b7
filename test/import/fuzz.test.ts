/**
 * Fuzz over mutated `.cell` images (flipped bytes, overwritten count fields, cuts, insertions): decoding either
 * succeeds or throws one ImportError; a decoded image always builds a system and formats to rtcell that parses
 * without syntax errors. No other exception, and each run stays fast (no hang on huge counts).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../language/load.js';
import {
    buildImportedSystem, decodeJailhouseConfig, formatImportedSystem, ImportError, JAILHOUSE_TREES, type RawConfig,
} from '../../simulator/import/jailhouse/index.js';
import { builtConfigs } from './fixtures.js';

type Mutation =
    | { kind: 'set'; at: number; value: number }
    | { kind: 'u32'; at: number; value: number }
    | { kind: 'cut'; at: number }
    | { kind: 'insert'; at: number; bytes: number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(4000), value: fc.integer({ min: 0, max: 255 }) }),
    // Count fields and flags live in the first few hundred bytes: overwrite aligned words there with edge values.
    fc.record({ kind: fc.constant('u32' as const), at: fc.nat(700), value: fc.constantFrom(0, 1, 2, 31, 32, 0x7fffffff, 0xffffffff, 0x10000, 4097) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(4000) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(4000), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }) }),
);

function mutate(original: Uint8Array, mutations: Mutation[]): Uint8Array {
    let bytes = original.slice();
    for (const m of mutations) {
        const at = bytes.length === 0 ? 0 : m.at % bytes.length;
        if (m.kind === 'set' && bytes.length > 0) bytes[at] = m.value;
        else if (m.kind === 'u32' && at + 4 <= bytes.length) new DataView(bytes.buffer).setUint32(at - (at % 4), m.value, true);
        else if (m.kind === 'cut') bytes = bytes.slice(0, at);
        else if (m.kind === 'insert') bytes = new Uint8Array([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
    }
    return bytes;
}

function tryDecode(bytes: Uint8Array, tree?: (typeof JAILHOUSE_TREES)[number]): RawConfig | undefined {
    try {
        return decodeJailhouseConfig(bytes, 'fuzz.cell', tree);
    } catch (error) {
        expect(error).toBeInstanceOf(ImportError);
        expect((error as ImportError).message).toMatch(/^fuzz\.cell: /);
        return undefined;
    }
}

describe('fuzzing the decoder with mutated images', () => {
    const images: Array<{ system: Uint8Array; cell: Uint8Array }> = [];
    beforeAll(async () => {
        for (const tree of JAILHOUSE_TREES) {
            const configs = await builtConfigs(tree);
            const read = (name: string) => new Uint8Array(readFileSync(configs.find((c) => c.name === name)!.image));
            images.push({ system: read('zynqmp-zcu102'), cell: read('zynqmp-zcu102-linux-demo') });
        }
    }, 120_000);

    it('decode and import never throw anything but ImportError, and stay fast', () => {
        let decoded = 0;
        fc.assert(fc.property(fc.nat(2), fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (which, system, mutations, giveTree) => {
            const base = system ? images[which].system : images[which].cell;
            const bytes = mutate(base, mutations);
            const started = performance.now();
            const config = tryDecode(bytes, giveTree ? JAILHOUSE_TREES[which] : undefined);
            if (config) {
                decoded++;
                try {
                    const root = config.kind === 'system' ? config : tryDecode(images[which].system, JAILHOUSE_TREES[which])!;
                    const inmates = config.kind === 'cell' && root.tree === config.tree ? [{ label: 'fuzz.cell', config }] : [];
                    formatImportedSystem(buildImportedSystem({ label: 'root.cell', config: root }, inmates));
                } catch (error) {
                    expect(error).toBeInstanceOf(ImportError);
                }
            }
            expect(performance.now() - started).toBeLessThan(2000);
        }), { numRuns: 3000, seed: 14 });
        // The mutations must not all be rejected: many leave a decodable image (a flipped flag, a changed address).
        expect(decoded).toBeGreaterThan(300);
    }, 120_000);

    it('the largest count it accepts (256 regions, all overlapping) imports quickly; one more is refused', () => {
        const base = images[2].cell; // mainline Linux demo: 132-byte descriptor, 8-byte CPU set, then the regions
        const crafted = (count: number) => {
            const bytes = new Uint8Array(140 + count * 32);
            bytes.set(base.subarray(0, 140));
            const view = new DataView(bytes.buffer);
            for (const at of [52, 56, 60, 64, 68, 72, 76]) view.setUint32(at, 0, true);
            view.setUint32(52, count, true);
            for (let i = 0; i < count; i++) {
                const at = 140 + i * 32;
                view.setBigUint64(at, 0x8_0100_0000n + BigInt(i % 7) * 0x1000n, true);
                view.setBigUint64(at + 8, 0x8_0100_0000n + BigInt(i % 7) * 0x1000n, true);
                view.setBigUint64(at + 16, 0x10_0000n - BigInt(i % 5) * 0x1000n, true);
                view.setBigUint64(at + 24, 0x7n, true);
            }
            return bytes;
        };
        const root = tryDecode(images[2].system, 'mainline')!;
        const started = performance.now();
        const config = decodeJailhouseConfig(crafted(256), 'many.cell', 'mainline');
        const text = formatImportedSystem(buildImportedSystem({ label: 'root.cell', config: root }, [{ label: 'many.cell', config }]));
        expect(text).toContain('cell ZynqMP-linux-demo os linux {');
        expect(performance.now() - started).toBeLessThan(5000);
        expect(() => decodeJailhouseConfig(crafted(257), 'many.cell', 'mainline')).toThrow(/257 entries of memory \(at most 256\)/);
    });

    it('whatever decodes formats to rtcell without syntax errors', async () => {
        const samples: string[] = [];
        fc.assert(fc.property(fc.nat(2), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, mutations) => {
            const config = tryDecode(mutate(images[which].cell, mutations), JAILHOUSE_TREES[which]);
            if (!config || config.kind !== 'cell') return;
            const root = tryDecode(images[which].system, JAILHOUSE_TREES[which])!;
            try {
                samples.push(formatImportedSystem(buildImportedSystem({ label: 'root.cell', config: root }, [{ label: 'fuzz.cell', config }])));
            } catch (error) {
                expect(error).toBeInstanceOf(ImportError);
            }
        }), { numRuns: 400, seed: 7 });
        expect(samples.length).toBeGreaterThan(40);
        for (const text of samples.slice(0, 80)) {
            const { diagnostics } = await loadModelFromText(text);
            const syntax = diagnostics.filter((d) => /^(lexing|parsing|linking)-error$|^syntax$/.test(d.code));
            expect(syntax, text).toEqual([]);
        }
    }, 120_000);
});
