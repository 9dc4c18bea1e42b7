/**
 * `rtcell analyze --json` (docs/analysis-json.md, version 2): linear in the system, streamed, sources through the
 * `files` table, interferers only with --interferers and then as indices into the same output.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { writeAnalysisJson } from '../../cli/analysis-json.js';
import { loadModelFromText } from '../../language/load.js';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import type { AnalysisResult, ItemResult } from '../../simulator/analysis/types.js';
import { EXAMPLES_DIR } from '../language/helpers.js';
import { runCliProcess } from './run-cli.js';

const EXAMPLE = join(EXAMPLES_DIR, 'zcu102-broker.rtcell');

/** `n` fixed-priority tasks on each of cores 1 and 2 (harmonic periods, light load: all schedulable). */
function manyTasks(n: number): string {
    const tasks = (cell: string) => Array.from({ length: n }, (_, i) => `  task ${cell}${i} period ${10 * 2 ** (i % 4)} ms wcet 1 us priority ${n - i}`).join('\n');
    return `system "many" on zcu102\ncell linux root { cores 0 }\ncell a {\n  cores 1\n${tasks('a')}\n}\ncell b {\n  cores 2\n${tasks('b')}\n}\n`;
}

async function written(result: AnalysisResult, interferers = false): Promise<{ text: string; pieces: number }> {
    let text = '';
    let pieces = 0;
    await writeAnalysisJson(result, { write: (t) => { text += t; pieces++; }, drained: async () => undefined }, { interferers });
    return { text, pieces };
}

describe('analyze --json', () => {
    test('the example through the built CLI: version 2, sources resolve through files, no interferers unless asked', async () => {
        const r = await runCliProcess(['analyze', EXAMPLE, '--json']);
        expect(r.code, r.err).toBe(0);
        const json = JSON.parse(r.out);
        expect(json).toMatchObject({ format: 'rtcell-analysis', version: 2, system: 'sensor-fusion' });
        expect(json.files).toEqual([pathToFileURL(EXAMPLE).href]);
        for (const item of [...json.flows, ...json.tasks, ...json.events]) {
            expect(item.source.file).toBe(0);
            expect(item.source.start.line).toBeGreaterThanOrEqual(0);
            expect(item).not.toHaveProperty('interferers');
        }
        // One item per line.
        expect(r.out.split('\n').filter((l) => l.startsWith('{"kind":')).length).toBe(json.flows.length + json.tasks.length + json.events.length);
    });

    test('--interferers: every reference points at the item the analysis named', async () => {
        const r = await runCliProcess(['analyze', EXAMPLE, '--json', '--interferers']);
        expect(r.code, r.err).toBe(0);
        const json = JSON.parse(r.out);
        const loaded = await loadModelFromText((await import('node:fs')).readFileSync(EXAMPLE, 'utf8'));
        const expected = analyzeSystem(loaded.model!);
        let references = 0;
        for (const list of ['flows', 'tasks', 'events'] as const) {
            json[list].forEach((item: { interferers: Array<{ kind: string; item?: number; name?: string; relation: string }> }, i: number) => {
                const original = expected[list][i].interferers;
                expect(item.interferers.length).toBe(original.length);
                item.interferers.forEach((ref, k) => {
                    expect(ref.relation).toBe(original[k].relation);
                    if (ref.item !== undefined) {
                        references++;
                        const target = ref.kind === 'flow' ? json.flows[ref.item] : json.tasks[ref.item];
                        expect(target.name).toBe(original[k].name);
                        if (ref.kind === 'task') expect(target.owner).toBe(original[k].owner);
                    } else {
                        expect(ref.name).toBe(original[k].name);
                    }
                });
            });
        }
        expect(references).toBeGreaterThan(0);
    });

    test('the output grows linearly: twice the tasks, about twice the bytes (the old form grew fourfold)', async () => {
        const sizes: number[] = [];
        for (const n of [150, 300]) {
            const loaded = await loadModelFromText(manyTasks(n));
            expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
            const result = analyzeSystem(loaded.model!, { fixes: false });
            sizes.push((await written(result)).text.length);
            if (n === 300) expect(JSON.stringify(result).length).toBeGreaterThan(3 * sizes[1]);
        }
        expect(sizes[1] / sizes[0]).toBeGreaterThan(1.8);
        expect(sizes[1] / sizes[0]).toBeLessThan(2.2);
    });

    test('10,000 tasks with long interferer lists: written in pieces, well under 2 s, valid JSON', async () => {
        const loaded = await loadModelFromText(manyTasks(3));
        const sample = analyzeSystem(loaded.model!, { fixes: false });
        const template = sample.tasks[sample.tasks.length - 1];
        const interferers = Array.from({ length: 200 }, (_, k) => ({ ...template.interferers[0], name: `t${k}` }));
        const tasks: ItemResult[] = Array.from({ length: 10_000 }, (_, i) => ({ ...template, name: `t${i}`, owner: 'a', interferers }));
        const big: AnalysisResult = { ...sample, tasks };
        const started = performance.now();
        const out = await written(big);
        const ms = performance.now() - started;
        expect(ms).toBeLessThan(2000);
        expect(out.pieces).toBeGreaterThan(10);
        const parsed = JSON.parse(out.text);
        expect(parsed.tasks.length).toBe(10_000);
        expect(parsed.tasks[9_999].name).toBe('t9999');
        // Without --interferers, 200 interferers per task cost nothing: under 2 KB per task.
        expect(out.text.length / 10_000).toBeLessThan(2048);
    });

    test('a file with a quadratic interferer count still streams with --interferers through the CLI', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'rtcell-json-'));
        const file = join(dir, 'many.rtcell');
        writeFileSync(file, manyTasks(200));
        const r = await runCliProcess(['analyze', file, '--json', '--interferers']);
        expect(r.code, r.err).toBe(0);
        const json = JSON.parse(r.out);
        expect(json.tasks.length).toBe(400);
        // The least urgent task of a core is delayed by the 199 above it, each referenced by index.
        const last = json.tasks[199];
        expect(last.interferers.length).toBe(199);
        expect(last.interferers.every((i: { item?: number }) => typeof i.item === 'number')).toBe(true);
    });
});
