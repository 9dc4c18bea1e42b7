/** `rtcell export jailhouse`: end to end from .rtcell files through the CLI dispatcher. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../cli/cli.js';
import { EXAMPLES, GOLDEN } from './helpers.js';

async function run(argv: string[]) {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
    return { code, out, err };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('rtcell export jailhouse', () => {
    test('a valid example: prints export diagnostics, writes the golden files, exit 0', async () => {
        const out = mkdtempSync(join(tmpdir(), 'rtcell-cli-export-'));
        const file = join(EXAMPLES, 'zcu102-broker.rtcell');
        const r = await run(['export', 'jailhouse', file, '--out', out, '--coloring', 'bu']);
        expect(r.code).toBe(0);
        expect(r.out).toMatch(new RegExp(`^${escape(file)}:\\d+:\\d+ warning export-vcpu-reservation `, 'm'));
        const written = readdirSync(out).sort();
        const golden = join(GOLDEN, 'zcu102-broker', 'bu');
        expect(written).toEqual(readdirSync(golden).filter((f) => f !== 'diagnostics.txt').sort());
        for (const f of written) expect(readFileSync(join(out, f), 'utf8')).toBe(readFileSync(join(golden, f), 'utf8'));
        expect(statSync(join(out, 'sensor-fusion-regulation.sh')).mode & 0o111).not.toBe(0);
    });

    test('the default convention is minerva', async () => {
        const out = mkdtempSync(join(tmpdir(), 'rtcell-cli-export-'));
        const r = await run(['export', 'jailhouse', join(EXAMPLES, 'zcu102-broker.rtcell'), '--out', out]);
        expect(r.code).toBe(0);
        expect(readFileSync(join(out, 'sensor-fusion-sensor.c'), 'utf8')).toContain('JAILHOUSE_MEM_COLORED');
    });

    test('a file with errors is refused: its diagnostics as file:line:col severity code message, exit 1, nothing written', async () => {
        const out = join(mkdtempSync(join(tmpdir(), 'rtcell-cli-export-')), 'out');
        const file = join(EXAMPLES, 'broken.rtcell');
        const r = await run(['export', 'jailhouse', file, '--out', out]);
        expect(r.code).toBe(1);
        // The document's diagnostics go to stderr (they are not the command's output), before the refusal line.
        const lines = r.err.trim().split('\n').filter((l) => !l.startsWith('rtcell export:'));
        expect(lines.some((l) => / error /.test(l))).toBe(true);
        for (const line of lines) expect(line).toMatch(new RegExp(`^${escape(file)}:\\d+:\\d+ (error|warning|info|hint) \\S+ .+`));
        expect(existsSync(out)).toBe(false);
    });

    test('a valid file Jailhouse cannot express (time-shared cores): export errors, exit 1, nothing written', async () => {
        const out = join(mkdtempSync(join(tmpdir(), 'rtcell-cli-export-')), 'out');
        const r = await run(['export', 'jailhouse', join(EXAMPLES, 'reservations.rtcell'), '--out', out]);
        expect(r.code).toBe(1);
        expect(r.out).toMatch(/ error export-time-shared-core core 1 is time-shared/);
        expect(existsSync(out)).toBe(false);
    });

    test('usage errors and unreadable files: exit 2', async () => {
        const file = join(EXAMPLES, 'zcu102-broker.rtcell');
        expect((await run(['export'])).code).toBe(2);
        expect((await run(['export', 'xen', file, '--out', tmpdir()])).code).toBe(2);
        expect((await run(['export', 'jailhouse', file])).code).toBe(2);
        expect((await run(['export', 'jailhouse', file, '--out', tmpdir(), '--coloring', 'rainbow'])).code).toBe(2);
        const missing = await run(['export', 'jailhouse', join(tmpdir(), 'no-such-file.rtcell'), '--out', tmpdir()]);
        expect(missing.code).toBe(2);
        expect(missing.err).toMatch(/cannot read/);
    });
});
