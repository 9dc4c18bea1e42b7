/**
 * Language-server figures (npm run bench:server): time from a didChange to the published diagnostics (which include
 * the analysis) on the examples and on a generated 50-cell, 500-flow, 1,000-task document; hover and inlay-hint
 * latency on the large document; the server's resident memory. Drives the bundled server (dist/server.cjs) over stdio
 * like an editor. Goals: < 100 ms to diagnostics, < 20 ms hover on the large document, < 200 MB resident.
 * Beside the wall times of the large document's keystrokes, the CPU time the server's main thread spent on them
 * (/proc/PID/schedstat; Linux): on a shared machine the wall time mostly measures the other processes.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ANALYSIS_CODES } from '../server/protocol.js';
import { StdioLspClient } from './lsp-stdio-client.js';
import { generateLargeDocument } from './server-document.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SERVER = join(ROOT, 'dist', 'server.cjs');
/** Keystrokes per kind: the first few after opening pay for JIT warm-up and heap growth, so enough for a p90. */
const EDITS = 20;
const FROM_ANALYSIS: ReadonlySet<string> = new Set(Object.values(ANALYSIS_CODES));
/** RTCELL_BENCH_OBSERVED=off starts the server without the background simulation (to compare keystroke figures). */
const OBSERVED = process.env.RTCELL_BENCH_OBSERVED !== 'off';

/** A line of /proc/PID/status in MiB: VmRSS is the resident memory now, VmHWM its peak since the server started. */
function statusMiB(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
    if (pid === undefined) return NaN;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return kib / 1024;
}

/**
 * CPU time of the server's main thread (where parsing, validation and the analysis run) in ms, from the scheduler's
 * own count (/proc/PID/schedstat, ns): beside the wall time, which other processes on a shared machine inflate.
 */
function mainThreadCpuMs(pid: number | undefined): number {
    if (pid === undefined) return NaN;
    try {
        return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
    } catch {
        return NaN;
    }
}

function rssMiB(pid: number | undefined): number {
    return statusMiB(pid, 'VmRSS');
}

function stats(values: number[]): string {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (n=${values.length})`;
}

/**
 * Keystrokes of three kinds: a character typed into a trailing comment (the model does not change, the analysis is
 * reused), a digit typed and deleted again in a task's WCET near the top (the tasks are analysed again, everything
 * after it moves by one character), and the same in a flow's size (the flows are analysed again).
 */
type Keystroke = 'comment' | 'task wcet' | 'flow size';

function typed(text: string, kind: Keystroke, v: number): string {
    if (kind === 'comment') return `${text}// edit ${'x'.repeat(v)}\n`;
    if (kind === 'task wcet') return v % 2 === 1 ? text.replace('task t3 period 40 ms wcet 23 us', 'task t3 period 40 ms wcet 230 us') : text;
    return v % 2 === 1 ? text.replace('size 512 B period 400 ms', 'size 5120 B period 400 ms') : text;
}

let version = 1;

async function timeChanges(client: StdioLspClient, uri: string, text: string, kind: Keystroke = 'comment', opened = false): Promise<{ open: number; openCpu: number; changes: number[]; cpu: number[]; diagnostics: number; analysis: number; errors: number }> {
    const pid = client.process.pid;
    let started = performance.now();
    const openCpuBefore = mainThreadCpuMs(pid);
    const first = opened ? await client.change(uri, text, ++version) : await client.open(uri, text);
    const open = performance.now() - started;
    const openCpu = mainThreadCpuMs(pid) - openCpuBefore;
    const changes: number[] = [];
    const cpu: number[] = [];
    let last = first;
    let previous = text;
    for (let i = 0; i < EDITS; i++) {
        const v = ++version;
        const edited = typed(text, kind, i + 1);
        if (edited === previous) throw new Error(`the ${kind} keystroke found nothing to edit`);
        previous = edited;
        started = performance.now();
        const cpuBefore = mainThreadCpuMs(pid);
        last = await client.change(uri, edited, v);
        changes.push(performance.now() - started);
        cpu.push(mainThreadCpuMs(pid) - cpuBefore);
    }
    const analysis = last.diagnostics.filter((d) => FROM_ANALYSIS.has(String(d.code))).length;
    const errors = last.diagnostics.filter((d) => (d as { severity?: number }).severity === 1).length;
    return { open, openCpu, changes, cpu, diagnostics: last.diagnostics.length, analysis, errors };
}

async function main(): Promise<void> {
    const client = new StdioLspClient(SERVER, { inlayHints: { enabled: true }, observed: { enabled: OBSERVED } });
    await client.initialize(pathToFileURL(ROOT).toString());
    const pid = client.process.pid;
    console.log(`rtcell language server bench (${SERVER}, Node ${process.version}), background simulation ${OBSERVED ? 'on' : 'off'}`);
    console.log(`resident memory after start: ${rssMiB(pid).toFixed(1)} MiB`);

    const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.rtcell'));
    const valid: string[] = [];
    for (const name of examples) {
        const text = readFileSync(join(ROOT, 'examples', name), 'utf8');
        const r = await timeChanges(client, pathToFileURL(join(ROOT, 'examples', name)).toString(), text);
        if (r.errors === 0) valid.push(name); // a document with errors is never simulated
        console.log(`${name}: open→diagnostics ${r.open.toFixed(1)} ms; didChange→diagnostics ${stats(r.changes)}; ${r.diagnostics} diagnostics (${r.analysis} from the analysis)`);
    }

    const large = generateLargeDocument();
    const uri = 'file:///bench/large.rtcell';
    const r = await timeChanges(client, uri, large);
    console.log(`large (50 cells, 500 flows, 1000 tasks, ${large.split('\n').length} lines): open→diagnostics ${r.open.toFixed(1)} ms (server main-thread CPU ${r.openCpu.toFixed(1)} ms); didChange→diagnostics, typing in a comment: ${stats(r.changes)} (server main-thread CPU ${stats(r.cpu)}); ${r.diagnostics} diagnostics (${r.analysis} from the analysis)`);
    for (const kind of ['task wcet', 'flow size'] as const) {
        const k = await timeChanges(client, uri, large, kind, true);
        console.log(`large: didChange→diagnostics, typing a ${kind}: ${stats(k.changes)} (server main-thread CPU ${stats(k.cpu)}); ${k.diagnostics} diagnostics; resident ${rssMiB(pid).toFixed(0)} MiB, peak ${statusMiB(pid, 'VmHWM').toFixed(0)} MiB`);
    }

    // The background simulation: from the last keystroke to the observations (rtcell/observed), with nothing typed after.
    for (const [name, text, target] of OBSERVED === false ? [] : [
        ...valid.map((n) => [n, readFileSync(join(ROOT, 'examples', n), 'utf8'), pathToFileURL(join(ROOT, 'examples', n)).toString()] as const),
        ['large', large, uri] as const,
    ]) {
        const times: number[] = [];
        let last: { elapsedMs?: number; durationNs?: number } = {};
        for (let i = 0; i < (name === 'large' ? 3 : 5); i++) {
            const v = ++version;
            const started = performance.now();
            const observed = client.observed(target, v);
            // A real edit (the model changes, so the runs are not reused): a digit typed into the first WCET, then removed.
            await client.change(target, i % 2 === 0 ? text.replace(/wcet (\d+)/, (_, digits: string) => `wcet ${digits}0`) : text, v);
            last = await Promise.race([observed, new Promise<{ elapsedMs?: number }>((r) => setTimeout(() => r({ elapsedMs: NaN }), 60_000))]);
            times.push(performance.now() - started);
        }
        console.log(`${name}: keystroke→observed values ${stats(times)} (worker runs ${last.elapsedMs?.toFixed(0)} ms, ${((last.durationNs ?? 0) / 1e6).toFixed(0)} ms simulated per run)`);
    }

    const lines = large.split('\n');
    const hover: number[] = [];
    for (let i = 0; i < 20; i++) {
        const line = lines.findIndex((l) => l.startsWith(`flow f${i * 25} `));
        const started = performance.now();
        const result = await client.request<{ contents?: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 6 } });
        hover.push(performance.now() - started);
        if (i === 0 && !result?.contents?.value.includes(`flow f0`)) console.log(`  warning: unexpected hover ${JSON.stringify(result).slice(0, 200)}`);
    }
    console.log(`hover on a flow (large): ${stats(hover)}`);
    const inlay: number[] = [];
    let count = 0;
    for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const hints = await client.request<unknown[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } } });
        inlay.push(performance.now() - started);
        count = hints?.length ?? 0;
    }
    console.log(`inlay hints, whole large document (${count} hints): ${stats(inlay)}`);
    const visible: number[] = [];
    for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 1000, character: 0 }, end: { line: 1060, character: 0 } } });
        visible.push(performance.now() - started);
    }
    console.log(`inlay hints, one screen (60 lines) of the large document: ${stats(visible)}`);
    console.log(`resident memory at the end: ${rssMiB(pid).toFixed(1)} MiB; peak over the whole run: ${statusMiB(pid, 'VmHWM').toFixed(1)} MiB`);
    console.log('goals: < 100 ms to diagnostics, < 20 ms hover on the large document, < 200 MB resident');
    await client.close();
}

await main();
