/**
 * Analysis fingerprint: a SHA-1 of `analyzeSystem`'s JSON per system, to show that a change to the analysis's
 * implementation leaves every result byte-identical (docs/performance.md). Run it on the base commit, then on the
 * change, and compare the outputs line by line (`diff`).
 *
 * Systems: `--generated N` systems of the contract test's generator (fast-check seed 4242, as test/simulator/
 * contract.test.ts draws them), and the bench shapes (bench/analysis-shapes.ts) plus fixed-priority variants with
 * release jitter, equal priorities and MemGuard refills. Each is hashed with an unlimited search budget (every search
 * finishes) where that takes seconds, and with the default options.
 *
 * Not part of the build (it reads the test generator): bundle and run it with
 *   npx esbuild scripts/analysis-hash.ts --bundle --platform=node --format=esm --outfile=/tmp/analysis-hash.mjs
 *   node /tmp/analysis-hash.mjs [--generated 1000] [--shapes] [--big]
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { analyzeSystem, UNLIMITED_SEARCH, type AnalyzeOptions } from '../simulator/analysis/index.js';
import type { SystemModel } from '../simulator/model/types.js';
import { floatingEdfBroker, logUniformCore, manyCells, rng, vcpuCells } from '../bench/analysis-shapes.js';
import { systemArbitrary } from '../test/simulator/system-arbitrary.js';

function sha1(model: SystemModel, options: AnalyzeOptions): string {
    const hash = createHash('sha1');
    try {
        // The JSON text of the result, fed in pieces (the same digest as of the whole string): at 10,000 tasks with
        // every interferer list the whole string is longer than a string can be.
        const result = analyzeSystem(model, options) as unknown as Record<string, unknown>;
        let first = true;
        hash.update('{');
        for (const [key, value] of Object.entries(result)) {
            if (value === undefined) continue;
            hash.update(`${first ? '' : ','}${JSON.stringify(key)}:`);
            first = false;
            if (Array.isArray(value)) {
                hash.update('[');
                value.forEach((v, k) => hash.update((k > 0 ? ',' : '') + (JSON.stringify(v) ?? 'null')));
                hash.update(']');
            } else {
                hash.update(JSON.stringify(value));
            }
        }
        hash.update('}');
    } catch (e) {
        hash.update(`threw: ${e instanceof Error ? e.message : String(e)}`);
    }
    return hash.digest('hex').slice(0, 16);
}

/**
 * `logUniformCore` with what the plain shape lacks: release jitter on a third of the tasks, runs of equal priorities,
 * and (with `refills`) LLC refills under a MemGuard budget on the core.
 */
function fpVariant(n: number, seed: number, utilisation: number, refills: boolean): SystemModel {
    const model = logUniformCore(n, seed, utilisation);
    const rand = rng(seed * 7 + 3);
    const cell = model.cells[1];
    for (const t of cell.tasks) {
        if (rand() < 0.33) t.jitter = Math.floor(rand() * t.period * 0.3);
        if (rand() < 0.2) t.priority = Math.max(1, t.priority - 1 - Math.floor(rand() * 3)); // ties with less urgent tasks
        if (refills) t.memoryRefills = Math.floor(rand() * 40);
    }
    if (refills) cell.budget = { bytesPerSecond: 300_000_000, eventsPerPeriod: 4687 };
    model.name += `-variant-${seed}${refills ? '-refills' : ''}`;
    return model;
}

const args = process.argv.slice(2);
const generatedCount = args.includes('--generated') ? Number(args[args.indexOf('--generated') + 1]) : 0;
const unlimited: AnalyzeOptions = { searchBudget: UNLIMITED_SEARCH };

const lines: string[] = [];
const emit = (line: string) => { lines.push(line); console.log(line); };

if (generatedCount > 0) {
    const systems = fc.sample(systemArbitrary, { seed: 4242, numRuns: generatedCount });
    systems.forEach((m, k) => emit(`generated ${k} ${sha1(m, unlimited)} ${sha1(m, {})}`));
}
if (args.includes('--shapes')) {
    const both: [string, () => SystemModel][] = [
        ['log-uniform 200', () => logUniformCore(200)],
        ['log-uniform 300 seed 2', () => logUniformCore(300, 2)],
        ['log-uniform 300 overloaded', () => logUniformCore(300, 3, 1.05)],
        ['fp variant 300', () => fpVariant(300, 4, 0.8, false)],
        ['fp variant 300 refills', () => fpVariant(300, 5, 0.7, true)],
        ['fp variant 200 high load', () => fpVariant(200, 6, 0.97, false)],
        ['fp variant 200 refills high load', () => fpVariant(200, 7, 0.95, true)],
        ['vcpu cells 12x10', () => vcpuCells(12, 10)],
        ['vcpu cells 30x4', () => vcpuCells(30, 4, 2)],
        ['floating EDF broker', () => floatingEdfBroker()],
    ];
    for (const [name, make] of both) emit(`shape ${name}: ${sha1(make(), unlimited)} ${sha1(make(), {})}`);
    const defaultOnly: [string, () => SystemModel][] = [
        ['log-uniform 1000', () => logUniformCore(1000)],
        ['log-uniform 1000 overloaded', () => logUniformCore(1000, 1, 1.05)],
        ['fp variant 1000 refills', () => fpVariant(1000, 8, 0.75, true)],
        ['many cells', () => manyCells()],
        ['many cells overloaded', () => manyCells(1, true)],
        ['vcpu cells 300x2', () => vcpuCells(300, 2)],
    ];
    for (const [name, make] of defaultOnly) emit(`shape ${name}: - ${sha1(make(), {})}`);
}
if (args.includes('--big')) {
    // Without searches: the 10,000-task shape takes tens of seconds before the change.
    emit(`shape log-uniform 10000 plain: ${sha1(logUniformCore(10_000), { fixes: false, interfaces: false })}`);
    emit(`shape fp variant 3000 plain: ${sha1(fpVariant(3000, 9, 0.9, true), { fixes: false, interfaces: false })}`);
}
emit(`all ${createHash('sha1').update(lines.join('\n')).digest('hex').slice(0, 16)}`);
