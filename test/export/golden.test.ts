/**
 * Golden files: every valid example in examples/ exported in every coloring convention, compared byte for byte with
 * test/export/golden/<example>/<coloring>/. Regenerate with UPDATE_GOLDEN=1 after an intended change and review the
 * diff. That every exported C file builds against the real trees is trees.test.ts.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadModelFromFile } from '../../language/load.js';
import { COLORING_OPTIONS, exportJailhouse } from '../../simulator/export/jailhouse/index.js';
import type { ExportResult } from '../../simulator/export/export-diagnostic.js';
import { EXAMPLES, exampleFiles, GOLDEN } from './helpers.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

function diagnosticsText(result: ExportResult): string {
    return result.diagnostics.map((d) => `${d.severity} ${d.code}${d.source ? ` @${d.source.start.line + 1}:${d.source.start.character + 1}` : ''} ${d.message}`).join('\n') + '\n';
}

const valid: { file: string; model: NonNullable<Awaited<ReturnType<typeof loadModelFromFile>>['model']> }[] = [];

beforeAll(async () => {
    for (const file of exampleFiles()) {
        const loaded = await loadModelFromFile(join(EXAMPLES, file));
        if (loaded.model) valid.push({ file, model: loaded.model });
    }
});

describe('Jailhouse export golden files', () => {
    test('there are valid examples to export, including the sensor-fusion one', () => {
        expect(valid.map((v) => v.file)).toContain('zcu102-broker.rtcell');
    });

    test('every valid example, every convention, matches its golden files', () => {
        const mismatches: string[] = [];
        for (const { file, model } of valid) {
            for (const coloring of COLORING_OPTIONS) {
                const result = exportJailhouse(model, { coloring });
                const expected = new Map<string, string>([['diagnostics.txt', diagnosticsText(result)], ...result.files.map((f) => [f.path, f.content] as [string, string])]);
                const dir = join(GOLDEN, file.replace(/\.rtcell$/, ''), coloring);
                if (UPDATE) {
                    rmSync(dir, { recursive: true, force: true });
                    mkdirSync(dir, { recursive: true });
                    for (const [path, content] of expected) writeFileSync(join(dir, path), content);
                    continue;
                }
                const present = existsSync(dir) ? readdirSync(dir).sort() : [];
                if (present.join() !== [...expected.keys()].sort().join()) {
                    mismatches.push(`${dir}: files ${present.join(', ')} != ${[...expected.keys()].sort().join(', ')}`);
                    continue;
                }
                for (const [path, content] of expected) {
                    if (readFileSync(join(dir, path), 'utf8') !== content) mismatches.push(`${join(dir, path)} differs`);
                }
            }
        }
        expect(mismatches, 'run with UPDATE_GOLDEN=1 and review the diff').toEqual([]);
    });

    test('export is deterministic: two runs give identical files', () => {
        for (const { model } of valid) {
            for (const coloring of COLORING_OPTIONS) {
                expect(exportJailhouse(model, { coloring })).toEqual(exportJailhouse(structuredClone(model), { coloring }));
            }
        }
    });
});
