/**
 * Issue 17, "Never destroy what the user has": every file rtcell writes (simulate --trace/--html, export --out, start's
 * report) is checked first. Real processes of the built CLI, in a scratch folder, as a user's shell runs them.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writtenByRtcell } from '../../cli/output-file.js';
import { EXAMPLES_DIR } from '../language/helpers.js';
import { runCliProcess } from './run-cli.js';

function scratch(): { dir: string; input: string; original: string } {
    const dir = mkdtempSync(join(tmpdir(), 'rtcell-safety-'));
    const input = join(dir, 'system.rtcell');
    copyFileSync(join(EXAMPLES_DIR, 'zcu102-broker.rtcell'), input);
    return { dir, input, original: readFileSync(input, 'utf8') };
}

const SHORT = ['--duration', '10ms'];

describe('outputs never destroy what the user has', () => {
    test('the input is never an output, not even with --force', async () => {
        const { dir, input, original } = scratch();
        for (const flag of ['--trace', '--html']) {
            for (const force of [[], ['--force']]) {
                const r = await runCliProcess(['simulate', 'system.rtcell', ...SHORT, flag, 'system.rtcell', ...force], { cwd: dir });
                expect(r.code, r.err).toBe(2);
                expect(r.err).toMatch(/is an input file of this command/);
            }
        }
        expect(readFileSync(input, 'utf8')).toBe(original);
        expect(readdirSync(dir)).toEqual(['system.rtcell']);
    });

    test('a file rtcell did not write is kept unless --force; one it wrote is replaced', async () => {
        const { dir } = scratch();
        writeFileSync(join(dir, 'notes.html'), 'my notes\n');
        writeFileSync(join(dir, 'data.json'), '{"mine":true}\n');
        const refused = await runCliProcess(['simulate', 'system.rtcell', ...SHORT, '--html', 'notes.html'], { cwd: dir });
        expect(refused.code).toBe(2);
        expect(refused.err).toMatch(/notes\.html exists and was not written by rtcell; use --force/);
        expect(readFileSync(join(dir, 'notes.html'), 'utf8')).toBe('my notes\n');
        const refusedTrace = await runCliProcess(['simulate', 'system.rtcell', ...SHORT, '--trace', 'data.json'], { cwd: dir });
        expect(refusedTrace.code).toBe(2);
        expect(readFileSync(join(dir, 'data.json'), 'utf8')).toBe('{"mine":true}\n');
        // With --force, replaced; then rtcell's own files are replaced on the next run without it.
        const forced = await runCliProcess(['simulate', 'system.rtcell', ...SHORT, '--html', 'notes.html', '--trace', 'data.json', '--force'], { cwd: dir });
        expect(forced.code, forced.err).toBe(0);
        expect(writtenByRtcell(readFileSync(join(dir, 'notes.html'), 'utf8'))).toBe(true);
        expect(JSON.parse(readFileSync(join(dir, 'data.json'), 'utf8')).format).toBe('rtcell-trace');
        const again = await runCliProcess(['simulate', 'system.rtcell', '--duration', '20ms', '--html', 'notes.html', '--trace', 'data.json'], { cwd: dir });
        expect(again.code, again.err).toBe(0);
        expect(JSON.parse(readFileSync(join(dir, 'data.json'), 'utf8')).duration).toBe(20_000_000);
        // Nothing hidden left beside them (temporary and part files).
        expect(readdirSync(dir).sort()).toEqual(['data.json', 'notes.html', 'system.rtcell']);
    });

    test('never through a symbolic link, nor onto a named pipe, a device or a folder, even with --force', async () => {
        const { dir } = scratch();
        writeFileSync(join(dir, 'target.txt'), 'precious\n');
        symlinkSync('target.txt', join(dir, 'link.html'));
        execFileSync('mkfifo', [join(dir, 'pipe.json')]);
        mkdirSync(join(dir, 'folder.json'));
        const cases: Array<[string, string, RegExp]> = [
            ['--html', 'link.html', /is a symbolic link/],
            ['--trace', 'link.html', /is a symbolic link/],
            ['--trace', 'pipe.json', /is a named pipe/],
            ['--trace', '/dev/null', /is a device/],
            ['--html', '/dev/null', /is a device/],
            ['--trace', 'folder.json', /is a directory/],
        ];
        for (const [flag, path, message] of cases) {
            const r = await runCliProcess(['simulate', 'system.rtcell', ...SHORT, flag, path, '--force'], { cwd: dir });
            expect(r.code, `${flag} ${path}`).toBe(2);
            expect(r.err).toMatch(message);
        }
        expect(lstatSync(join(dir, 'link.html')).isSymbolicLink()).toBe(true);
        expect(readFileSync(join(dir, 'target.txt'), 'utf8')).toBe('precious\n');
        expect(lstatSync(join(dir, 'pipe.json')).isFIFO()).toBe(true);
        expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
        expect(readdirSync(dir).sort()).toEqual(['folder.json', 'link.html', 'pipe.json', 'system.rtcell', 'target.txt']);
    });

    test('export: all files are checked before the first is written; its own files are replaced', async () => {
        const { dir } = scratch();
        const out = join(dir, 'out');
        const first = await runCliProcess(['export', 'jailhouse', 'system.rtcell', '--out', 'out'], { cwd: dir });
        expect(first.code, first.err).toBe(0);
        const written = readdirSync(out).sort();
        expect(written.length).toBe(6); // system, sensor, control and broker cells, regulation script, JSON summary
        const again = await runCliProcess(['export', 'jailhouse', 'system.rtcell', '--out', 'out'], { cwd: dir });
        expect(again.code, again.err).toBe(0);
        // One hand-edited file (its mark removed) and a stale one of another name: nothing is written, nothing removed.
        const edited = join(out, 'sensor-fusion-sensor.c');
        writeFileSync(edited, '/* my own version */\n');
        const before = Object.fromEntries(written.map((f) => [f, statSync(join(out, f)).mtimeMs]));
        const refused = await runCliProcess(['export', 'jailhouse', 'system.rtcell', '--out', 'out'], { cwd: dir });
        expect(refused.code).toBe(2);
        expect(refused.err).toMatch(/sensor-fusion-sensor\.c exists and was not written by rtcell; use --force/);
        for (const f of written) expect(statSync(join(out, f)).mtimeMs).toBe(before[f]);
        expect(readFileSync(edited, 'utf8')).toBe('/* my own version */\n');
        const forced = await runCliProcess(['export', 'jailhouse', 'system.rtcell', '--out', 'out', '--force'], { cwd: dir });
        expect(forced.code, forced.err).toBe(0);
        expect(readFileSync(edited, 'utf8')).toMatch(/Generated by rtcell/);
        expect(readdirSync(out).sort()).toEqual(written);
    });

    test('under /proc: a message and exit 2 at once, no endless folder creation', async () => {
        const { dir } = scratch();
        const html = await runCliProcess(['simulate', 'system.rtcell', ...SHORT, '--html', '/proc/rtcell-nowhere/deep/report.html'], { cwd: dir });
        expect(html.code).toBe(2);
        expect(html.err).toMatch(/cannot write the report: cannot create folder \/proc\/rtcell-nowhere/);
        const exported = await runCliProcess(['export', 'jailhouse', 'system.rtcell', '--out', '/proc/rtcell-nowhere/deep'], { cwd: dir });
        expect(exported.code).toBe(2);
        expect(exported.err).toMatch(/cannot create folder \/proc\/rtcell-nowhere/);
        expect(existsSync('/proc/rtcell-nowhere')).toBe(false);
    });

    test('Ctrl-C during --trace leaves nothing behind (no hidden part files)', async () => {
        const { dir } = scratch();
        const r = await runCliProcess(['simulate', 'system.rtcell', '--duration', '10000s', '--trace', 'big.json'], { cwd: dir, interruptAfterMs: 2500 });
        expect(r.signal ?? r.code).not.toBe(0);
        expect(readdirSync(dir)).toEqual(['system.rtcell']);
    });
});
