/**
 * Issue 17: the fix searches are "never run by commands that do not print them". `simulate` shows the analysis bounds
 * beside the observations: the same bounds as `analyze`, without the fix searches and VCPU interfaces behind them.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CLI_BUNDLE } from './run-cli.js';

const FILE = join(new URL('./fixtures/', import.meta.url).pathname, 'fix-searches.rtcell');

function run(argv: string[]): { out: string } {
    const r = spawnSync(process.execPath, [CLI_BUNDLE, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
    return { out: r.stdout };
}

// (The cost, which a timed test would measure, is left to the benchmarks: simulate asks the analysis for bounds only.)
test('simulate shows the bounds analyze computes', () => {
    const analyzed = run(['analyze', FILE, '--json']);
    const simulated = run(['simulate', FILE, '--duration', '10ms', '--json']);
    const analysis = JSON.parse(analyzed.out);
    const simulation = JSON.parse(simulated.out);
    // analyze ran the fix searches (every unschedulable task carries its fixes; all but the most urgent are unschedulable,
    // the overload test being per priority level)...
    const late = analysis.tasks.filter((t: { verdict: string }) => t.verdict === 'unschedulable');
    expect(late.length).toBeGreaterThanOrEqual(79);
    expect(late.every((t: { fixes?: object }) => t.fixes !== undefined)).toBe(true);
    // ...simulate shows the same bounds and verdicts...
    const bounds = new Map(analysis.tasks.map((t: { owner: string; name: string; wcrt?: number; verdict: string }) => [`${t.owner}.${t.name}`, [t.wcrt ?? null, t.verdict]]));
    expect(simulation.tasks.length).toBe(80);
    for (const s of simulation.tasks) expect([s.bound, s.verdict]).toEqual(bounds.get(s.qualifiedName));
});
