// End to end through a real LSP client: Neovim 0.7 headless starts the bundled server (dist/server.cjs, built by
// `npm test`), opens a document and checks what the user sees. Fails (not skips) without nvim when CI is set.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineOf, mutate, readExample } from '../language/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SERVER = join(ROOT, 'dist', 'server.cjs');
const SCRIPT = join(import.meta.dirname, 'nvim-client.lua');

function hasNvim(): boolean {
    try {
        execFileSync('nvim', ['--version'], { stdio: 'ignore' });
        return true;
    } catch {
        return false;
    }
}

const available = hasNvim();
if (!available && process.env.CI) throw new Error('Neovim (nvim) is required for the end-to-end language-server test under CI: apt-get install -y neovim');

interface NvimResult {
    client: boolean;
    published: boolean;
    diagnostics: Array<{ code: string; message: string; lnum: number; severity: number }>;
    hover?: string;
    hints: Array<{ line: number; label: string }>;
    fix_target: boolean;
    fix_title?: string;
    applied?: boolean;
    cleared?: boolean;
    after?: Array<{ code: string; message: string }>;
    commands: string[];
    lens_shown?: boolean;
    lenses?: string[];
    lens_answered?: boolean;
    messages?: string[];
    observed_arrived?: boolean;
    observed_runs?: number;
    observed_items?: number;
    error?: string;
}

function runNvim(text: string, hover: { line: number; character: number }, fixCode: string, lens?: { line: number; title: string }, waitObserved = false): NvimResult {
    const dir = mkdtempSync(join(tmpdir(), 'rtcell-nvim-'));
    const file = join(dir, 'system.rtcell');
    const out = join(dir, 'out.json');
    writeFileSync(file, text);
    const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${SCRIPT}`, file], {
        cwd: dir, timeout: 90_000, encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: dir, XDG_STATE_HOME: dir, RTCELL_SERVER: SERVER, RTCELL_OUT: out, RTCELL_HOVER_LINE: String(hover.line), RTCELL_HOVER_COL: String(hover.character), RTCELL_FIX_CODE: fixCode,
            ...(lens ? { RTCELL_LENS_LINE: String(lens.line), RTCELL_LENS_TITLE: lens.title } : {}),
            ...(waitObserved ? { RTCELL_WAIT_OBSERVED: '1' } : {}) },
    });
    if (!existsSync(out)) throw new Error(`nvim wrote no result (status ${run.status}): ${run.stderr}${run.stdout}`);
    return JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
}

describe.runIf(available)('Neovim end to end', () => {
    it('needs the bundled server', () => {
        expect(existsSync(SERVER), 'dist/server.cjs is missing: run `npm run build`').toBe(true);
    });

    it('shows analysis diagnostics, hover and inlay hints, and a quick-fix clears its diagnostic', () => {
        const text = mutate('budget 400 MB/s', 'budget 16 MB/s');
        const line = lineOf(text, 'flow camera');
        const result = runNvim(text, { line, character: 6 }, 'unschedulable-flow');
        expect(result.error).toBeUndefined();
        expect(result.published).toBe(true);
        expect(result.diagnostics.find((d) => d.code === 'unschedulable-flow')?.message).toMatch(/^Flow 'camera' can miss its deadline by/);
        expect(result.hover).toMatch(/\*\*flow camera\*\*[\s\S]*misses by/);
        expect(result.hints.find((h) => h.line === line)?.label).toMatch(/^misses by /);
        expect(result.fix_title).toMatch(/^Raise the DMA budget to /);
        expect(result.applied).toBe(true);
        expect(result.cleared).toBe(true);
    });

    it('opens the broken example and reports its structural errors', () => {
        const text = readExample('broken.rtcell');
        const result = runNvim(text, { line: lineOf(text, 'cell sensor'), character: 6 }, 'color-overlap');
        expect(result.error).toBeUndefined();
        const codes = result.diagnostics.map((d) => d.code);
        expect(codes).toEqual(expect.arrayContaining(['core-conflict', 'color-overlap', 'missing-unit']));
        expect(result.hover, JSON.stringify(result)).toMatch(/\*\*cell sensor\*\*/);
        expect(result.fix_title).toMatch(/^Use free cache colors/);
        expect(result.cleared).toBe(true);
    });

    it('shows WCRT and slack hints on a valid example', () => {
        const text = readExample('zcu102-floating.rtcell');
        const line = lineOf(text, 'flow telemetry');
        const result = runNvim(text, { line, character: 6 }, 'none');
        expect(result.error).toBeUndefined();
        expect(result.hover).toMatch(/\*\*flow telemetry\*\*/);
        expect(result.hints.some((h) => /^WCRT [0-9.]+ [mu]?s · slack /.test(h.label))).toBe(true);
    });

    it('runs the code lenses through workspace/executeCommand, each on its own item', () => {
        const text = readExample('zcu102-broker.rtcell');
        const line = lineOf(text, 'flow camera');
        const analyze = runNvim(text, { line, character: 6 }, 'none', { line, title: 'Analyze' });
        expect(analyze.error).toBeUndefined();
        expect(analyze.commands).toEqual(['rtcell.analyze', 'rtcell.simulate', 'rtcell.showTimeline', 'rtcell.saveReproduction']);
        expect(analyze.lens_shown).toBe(true);
        expect(analyze.lenses).toEqual(['Analyze (on time)', 'Simulate', 'Show timeline']);
        expect(analyze.lens_answered, JSON.stringify(analyze.messages)).toBe(true);
        const message = analyze.messages!.join('\n');
        expect(message).not.toMatch(/does not support command/);
        expect(message).toMatch(/^Analysis of flow camera: on time\n/);
        expect(message.split('\n').filter((l) => /^(flow|task|event) /.test(l))).toEqual([expect.stringMatching(/^flow camera /)]);

        const simulate = runNvim(text, { line, character: 6 }, 'none', { line, title: 'Simulate' });
        expect(simulate.messages?.join('\n')).toMatch(/^Simulation of flow camera: no deadline missed\nadversarial scenario, seed 1, 1 s simulated\n[\s\S]*\nflow camera +\d+ +\S+ \S+ \(job \d+\) +\S+ \S+ +\d[\d.]* %/);

        const timeline = runNvim(text, { line, character: 6 }, 'none', { line, title: 'Show timeline' });
        const written = /written to (\S+\.html)/.exec(timeline.messages?.join('\n') ?? '');
        expect(written, JSON.stringify(timeline.messages)).not.toBeNull();
        expect(readFileSync(written![1], 'utf8')).toContain('"select":"camera"');
        // Artefact: what a Neovim user read after each lens.
        mkdirSync(join(ROOT, 'test-results'), { recursive: true });
        writeFileSync(join(ROOT, 'test-results', 'nvim-lenses.txt'), [analyze, simulate, timeline].map((r) => (r.messages ?? []).join('\n')).join('\n\n') + '\n');
    });

    it('simulates in a worker thread after the analysis and shows the observed worst latency beside the bound', () => {
        const text = readExample('zcu102-broker.rtcell');
        const line = lineOf(text, 'flow camera');
        const result = runNvim(text, { line, character: 6 }, 'none', undefined, true);
        expect(result.error).toBeUndefined();
        expect(result.observed_arrived).toBe(true);
        expect(result.observed_runs).toBe(3);
        expect(result.observed_items).toBeGreaterThan(0);
        expect(result.hover).toMatch(/\nObserved \*\*[0-9.]+ (us|ms)\*\* \([0-9.]+ % of the bound\) · \w+ scenario, seed \d+, job \d+ released (at [0-9.]+ (ns|us|ms|s)|\(nominally\) [0-9.]+ (ns|us|ms|s) before the run's start) · /);
    });
});
