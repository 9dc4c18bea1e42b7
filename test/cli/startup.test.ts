/**
 * Issue 17, start-up: `rtcell check examples/zcu102-broker.rtcell` within 250 ms (the bundled CLI, dist/cli, built by
 * scripts/bundle.mjs), and each command loads only its own code.
 *
 * The time is the process's CPU time (user + system, Node's own start-up of about 55 ms included), measured inside
 * the child at exit: on a shared machine the wall time mostly measures the other processes, the CPU time does not.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXAMPLES_DIR } from '../language/helpers.js';
import { CLI_BUNDLE } from './run-cli.js';

const REPORT_CPU = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\ncpu-us "+JSON.stringify(process.cpuUsage())+"\\n"))';

function cpuMsOf(argv: string[]): { ms: number; status: number | null } {
    const r = spawnSync(process.execPath, ['--import', REPORT_CPU, CLI_BUNDLE, ...argv], { encoding: 'utf8' });
    const m = /cpu-us (\{.*\})/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const usage = JSON.parse(m![1]) as { user: number; system: number };
    return { ms: (usage.user + usage.system) / 1000, status: r.status };
}

/** The chunks a bundle file imports, transitively (static imports only: what loads before it runs). */
function closure(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s*"(\.[^"]+)"/gms)) closure(join(dirname(file), m[1]), seen);
    return seen;
}

describe('CLI start-up', () => {
    test('rtcell check on the bundled example: under 250 ms of CPU (best of 3)', () => {
        const runs = [0, 1, 2].map(() => cpuMsOf(['check', join(EXAMPLES_DIR, 'zcu102-broker.rtcell')]));
        for (const r of runs) expect(r.status).toBe(0);
        const best = Math.min(...runs.map((r) => r.ms));
        expect(best).toBeLessThan(250);
    });

    test('rtcell --help loads no language code: near Node\'s own start-up', () => {
        const best = Math.min(...[0, 1, 2].map(() => cpuMsOf(['--help']).ms));
        expect(best).toBeLessThan(150);
    });

    test('each command\'s chunk loads no other command\'s code', () => {
        const chunks = join(dirname(CLI_BUNDLE), 'chunks');
        const entries = readdirSync(chunks).filter((f) => /^(check|model|analyze|simulate|export|import|start)-.*\.js$/.test(f));
        expect(entries.map((f) => f.split('-')[0]).sort()).toEqual(['analyze', 'check', 'export', 'import', 'model', 'simulate', 'start']);
        const main = [...closure(CLI_BUNDLE)].map((f) => basename(f));
        // The dispatcher alone: no language, analysis or simulator code before a command is chosen.
        const mainBytes = [...closure(CLI_BUNDLE)].reduce((sum, f) => sum + readFileSync(f).length, 0);
        expect(mainBytes, main.join(' ')).toBeLessThan(50_000);
        for (const entry of entries) {
            const command = entry.split('-')[0];
            if (command === 'start') continue; // start runs the others
            const loaded = [...closure(join(chunks, entry))].map((f) => basename(f));
            const others = loaded.filter((f) => /^(check|model|analyze|simulate|export|import|start)-/.test(f) && !f.startsWith(`${command}-`));
            expect(others, `${command} loads ${others.join(', ')}`).toEqual([]);
        }
        // check does not load the simulator's engine or the report (the simulate chunk holds them).
        const check = entries.find((f) => f.startsWith('check-'))!;
        const simulate = entries.find((f) => f.startsWith('simulate-'))!;
        const checkLoads = closure(join(chunks, check));
        const onlySimulate = [...closure(join(chunks, simulate))].filter((f) => !checkLoads.has(f));
        expect(onlySimulate.reduce((sum, f) => sum + readFileSync(f).length, 0)).toBeGreaterThan(50_000);
    });
});
