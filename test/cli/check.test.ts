import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLES_DIR } from '../language/helpers.js';
import { escapeRegExp, runCli as run } from './run-cli.js';

describe('rtcell check / model', () => {
    test('a valid example: no output lines, exit 0', async () => {
        const r = await run(['check', join(EXAMPLES_DIR, 'zcu102-broker.rtcell')]);
        expect(r.code).toBe(0);
        expect(r.out).toBe('');
    });

    test('the broken example: file:line:col severity code message, exit 1', async () => {
        const file = join(EXAMPLES_DIR, 'broken.rtcell');
        const r = await run(['check', file]);
        expect(r.code).toBe(1);
        const lines = r.out.trim().split('\n');
        expect(lines.length).toBeGreaterThan(10);
        for (const line of lines) expect(line).toMatch(new RegExp(`^${escapeRegExp(file)}:\\d+:\\d+ (error|warning|info|hint) [a-z-]+ .+`));
        expect(r.out).toContain(`${file}:50:26 error linking-error`);
    });

    test('an unreadable file: exit 2', async () => {
        const r = await run(['check', join(tmpdir(), 'does-not-exist.rtcell')]);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(/cannot read/);
    });

    test('no file: usage and exit 2', async () => {
        expect((await run(['check'])).code).toBe(2);
        expect((await run(['frobnicate'])).code).toBe(2);
    });

    test('model --json prints the lowered model', async () => {
        const r = await run(['model', join(EXAMPLES_DIR, 'zcu102-broker.rtcell'), '--json']);
        expect(r.code).toBe(0);
        const model = JSON.parse(r.out);
        expect(model.name).toBe('sensor-fusion');
        expect(model.flows.map((f: { name: string }) => f.name)).toEqual(['camera', 'telemetry']);
    });

    test('model refuses a file with errors (exit 1) and prints why', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'rtcell-'));
        const file = join(dir, 'bad.rtcell');
        writeFileSync(file, 'cell a { cores 9 }');
        const r = await run(['model', file, '--json']);
        expect(r.code).toBe(1);
        expect(r.err).toContain('out-of-range');
    });
});

describe('help for a command', () => {
    test('prints the usage line of each command instead of reading --help as a file', async () => {
        for (const command of ['check', 'model', 'analyze', 'simulate', 'export', 'start']) {
            const r = await run([command, '--help']);
            expect(r.code).toBe(0);
            expect(r.out).toMatch(new RegExp(`^usage: rtcell ${command}\\b`));
            expect(r.err).toBe('');
        }
    });
});
