/** Issue 17, "Say what happened": options, help, exit codes and `start`'s report, through the built CLI. */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writtenByRtcell } from '../../cli/output-file.js';
import { EXAMPLES_DIR } from '../language/helpers.js';
import { runCliProcess } from './run-cli.js';

const EXAMPLE = join(EXAMPLES_DIR, 'zcu102-broker.rtcell');
const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

describe('options', () => {
    test('every command rejects an unknown option, naming it, with exit 2', async () => {
        const lines: Array<string[]> = [
            ['check', EXAMPLE, '--bogus'], ['model', EXAMPLE, '--bogus'], ['analyze', EXAMPLE, '--bogus'],
            ['simulate', EXAMPLE, '--bogus'], ['export', 'jailhouse', EXAMPLE, '--out', tmpdir(), '--bogus'], ['start', '--bogus'],
        ];
        for (const argv of lines) {
            const r = await runCliProcess(argv);
            expect(r.code, argv.join(' ')).toBe(2);
            expect(r.err).toContain(`rtcell ${argv[0]}: unknown option '--bogus'`);
            expect(r.out).toBe('');
        }
    });

    test('every command\'s --help lists its operands and each of its options', async () => {
        const expected: Record<string, string[]> = {
            check: ['FILE...', '--format', '--max-diagnostics'],
            model: ['FILE', '--json'],
            analyze: ['FILE', '--json', '--format', '--interferers'],
            simulate: ['FILE', '--duration', '--seed', '--scenario', '--trace', '--trace-limit', '--html', '--json', '--force'],
            export: ['FILE', '--out', '--coloring', '--force'],
            start: ['[FILE]', '--force'],
        };
        for (const [command, words] of Object.entries(expected)) {
            const r = await runCliProcess([command, '--help']);
            expect(r.code).toBe(0);
            expect(r.out).toMatch(new RegExp(`^usage: rtcell ${command}\\b`));
            for (const w of words) expect(r.out, `${command} --help lists ${w}`).toMatch(new RegExp(`^  ${w.replace(/[[\]]/g, '').replace(/\./g, '\\.')}\\s`, 'm'));
            expect(r.out).toMatch(/Exit codes:/);
        }
    });

    test('--duration needs a unit; a too large --seed says so', async () => {
        const bare = await runCliProcess(['simulate', EXAMPLE, '--duration', '10']);
        expect(bare.code).toBe(2);
        expect(bare.err).toMatch(/--duration needs a unit: '10' alone would be nanoseconds/);
        const seed = await runCliProcess(['simulate', EXAMPLE, '--seed', '99999999999999999999']);
        expect(seed.code).toBe(2);
        expect(seed.err).toMatch(/--seed 99999999999999999999 is too large: at most 9007199254740991/);
        const negative = await runCliProcess(['simulate', EXAMPLE, '--seed=-3']);
        expect(negative.err).toMatch(/--seed needs a whole number written in digits, not '-3'/);
        const twoWords = await runCliProcess(['simulate', EXAMPLE, '--duration', '5', 'ms']);
        expect(twoWords.code, twoWords.err).toBe(0);
        expect(twoWords.out).toMatch(/5 ms simulated/);
    });
});

describe('exit codes', () => {
    test('analyze: 0 schedulable, 1 unschedulable, 4 inconclusive', async () => {
        expect((await runCliProcess(['analyze', EXAMPLE])).code).toBe(0);
        const late = await runCliProcess(['analyze', join(FIXTURES, 'unschedulable.rtcell')]);
        expect(late.code).toBe(1);
        const unsure = await runCliProcess(['analyze', join(FIXTURES, 'inconclusive.rtcell')]);
        expect(unsure.out).toMatch(/task c\.u .*inconclusive/);
        expect(unsure.code).toBe(4);
        const json = await runCliProcess(['analyze', join(FIXTURES, 'inconclusive.rtcell'), '--json']);
        expect(json.code).toBe(4);
        expect(JSON.parse(json.out).summary).toEqual({ schedulable: 1, unschedulable: 0, inconclusive: 1 });
    });
});

describe('rtcell start', () => {
    test('an unschedulable system: the report is still written, in the working folder, its path printed, exit 1', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'rtcell-start-'));
        const r = await runCliProcess(['start', join(FIXTURES, 'unschedulable.rtcell')], { cwd: dir, env: { ...process.env, INIT_CWD: '' } });
        expect(r.code).toBe(1);
        const report = join(dir, 'rtcell-report.html');
        expect(r.out).toContain(`Report with the timeline: ${report}`);
        const html = readFileSync(report, 'utf8');
        expect(writtenByRtcell(html)).toBe(true);
        expect(html).toMatch(/unschedulable/);
        expect(r.err).toMatch(/something is unschedulable: see the report/);
    });

    test('the bundled example by default: exit 0; a second run replaces its own report; a user\'s file is kept', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'rtcell-start-'));
        const env = { ...process.env, INIT_CWD: '' };
        const first = await runCliProcess(['start'], { cwd: dir, env });
        expect(first.code, first.err).toBe(0);
        expect(first.out).toContain('no deadline missed');
        const report = join(dir, 'rtcell-report.html');
        const firstTime = statSync(report).mtimeMs;
        await new Promise((r) => setTimeout(r, 20));
        const second = await runCliProcess(['start'], { cwd: dir, env });
        expect(second.code, second.err).toBe(0);
        expect(statSync(report).mtimeMs).toBeGreaterThan(firstTime);
        writeFileSync(report, '<p>mine</p>\n');
        const third = await runCliProcess(['start'], { cwd: dir, env });
        expect(third.code).toBe(2);
        expect(third.err).toMatch(/rtcell-report\.html exists and was not written by rtcell; use --force/);
        expect(readFileSync(report, 'utf8')).toBe('<p>mine</p>\n');
    });

    test('npm start runs in the package folder: the report goes where npm was typed (INIT_CWD)', async () => {
        const typedIn = mkdtempSync(join(tmpdir(), 'rtcell-start-'));
        const r = await runCliProcess(['start'], { cwd: new URL('../..', import.meta.url).pathname, env: { ...process.env, INIT_CWD: typedIn } });
        expect(r.code, r.err).toBe(0);
        expect(existsSync(join(typedIn, 'rtcell-report.html'))).toBe(true);
    });
});
