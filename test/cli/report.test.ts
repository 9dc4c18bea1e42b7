/** `rtcell simulate --html` and `rtcell start`: the standalone report a newcomer opens without VS Code. */
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelFromFile } from '../../language/load.js';
import { EXAMPLES_DIR } from '../language/helpers.js';
import { runCli as run } from './run-cli.js';

function payloadOf(html: string): { title: string; trace: { lanes: Array<{ name: string }> }; rows: Array<{ item: string; verdict: string; bound: number | null }> } {
    const m = /<script type="application\/json" id="rtcell-timeline-data"[^>]*>([\s\S]*?)<\/script>/.exec(html);
    expect(m, 'embedded timeline data').not.toBeNull();
    return JSON.parse(m![1]);
}

describe('standalone HTML report', () => {
    test('simulate --html writes one self-contained file with the bounds beside the observations', async () => {
        const file = join(mkdtempSync(join(tmpdir(), 'rtcell-report-')), 'nested', 'report.html');
        const r = await run(['simulate', join(EXAMPLES_DIR, 'zcu102-broker.rtcell'), '--duration', '100ms', '--html', file]);
        expect(r.code).toBe(0);
        expect(r.out).toContain(`report written to ${file}`);
        const html = readFileSync(file, 'utf8');
        expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';[^"]*script-src 'nonce-[^']+'/);
        expect(html).not.toMatch(/\s(src|href)="https?:/);
        const payload = payloadOf(html);
        expect(payload.trace.lanes.map((l) => l.name)).toEqual(expect.arrayContaining(['core 1', 'broker']));
        const camera = payload.rows.find((row) => row.item === 'camera')!;
        expect(camera.verdict).toBe('ok');
        expect(camera.bound).toBeGreaterThan(0);
        expect(payload.rows.map((row) => row.item)).toEqual(expect.arrayContaining(['sensor.acquire', 'control.loop', 'sensor.can_rx']));
    });

    test('start: check, analyze, simulate and the report on the bundled example, exit 0, the file loaded once', async () => {
        const loaded: string[] = [];
        // The report survives earlier runs under the same name: it must be written by this one.
        const startedMs = Math.floor(Date.now() / 1000) * 1000;
        // The report goes to the folder the command was typed in (npm's INIT_CWD when npm runs it).
        const typedIn = mkdtempSync(join(tmpdir(), 'rtcell-start-'));
        const saved = process.env.INIT_CWD;
        process.env.INIT_CWD = typedIn;
        const r = await run(['start'], (file) => { loaded.push(file); return loadModelFromFile(file); }).finally(() => {
            if (saved === undefined) delete process.env.INIT_CWD;
            else process.env.INIT_CWD = saved;
        });
        expect(r.code, r.err).toBe(0);
        expect(r.out).toContain('== Structural checks');
        expect(r.out).toContain('== Schedulability analysis');
        expect(r.out).toContain('no deadline missed');
        expect(loaded).toEqual([join(EXAMPLES_DIR, 'zcu102-broker.rtcell')]);
        const report = /Report with the timeline: (.+)\n/.exec(r.out)![1];
        expect(report).toBe(join(typedIn, 'rtcell-report.html'));
        expect(statSync(report).mtimeMs).toBeGreaterThanOrEqual(startedMs);
    });
});
