/**
 * `rtcell simulate FILE [--duration 1s] [--seed N] [--scenario synchronous|random|adversarial] [--trace out.json]
 *  [--trace-limit N] [--html report.html] [--json]`
 *
 * Runs the discrete-event simulation and prints the observed latencies beside the analysis bounds; `--trace` streams
 * the timeline trace to a JSON file during the run (memory stays flat); `--html` writes the standalone report (summary
 * table and timeline, one file, no network), which holds the whole trace. Exit codes: 0 when
 * no deadline is missed, 1 on any miss, 2 on bad usage, an unreadable file or a document with errors.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
    CollectingTraceSink, simulate, SCENARIOS, SimulationInputError, teeTraceSinks, type LatencyStatistics, type Scenario, type SimulationResult, type TraceSink,
} from '../../simulator/engine/index.js';
import type { SystemModel } from '../../simulator/model/types.js';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import type { ItemResult } from '../../simulator/analysis/types.js';
import { renderHtmlReport, summaryRows } from '../../simulator/report/index.js';
import { formatTime, parseDuration, UNITS } from '../../simulator/model/units.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../command.js';
import { loadOrReport } from '../load-or-report.js';
import { TraceFileSink } from '../trace-file-sink.js';
import { terminalProgress } from '../progress-bar.js';

const USAGE = 'usage: rtcell simulate FILE [--duration 1s] [--seed N] [--scenario synchronous|random|adversarial] [--trace out.json] [--trace-limit N] [--html report.html] [--json]\n';

interface SimulateArgs {
    file: string;
    durationNs: number;
    seed: number;
    scenario: Scenario;
    tracePath?: string;
    /** Cap on recorded intervals (and, separately, markers). */
    traceLimit?: number;
    htmlPath?: string;
    json: boolean;
}

/** A non-negative integer written in digits only (no sign, exponent or fraction), or undefined. */
function wholeNumber(text: string | undefined): number | undefined {
    if (text === undefined || !/^[0-9]+$/.test(text)) return undefined;
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : undefined;
}

function parseArgs(args: string[]): SimulateArgs | string {
    const files: string[] = [];
    let durationNs = 1_000_000_000;
    let seed = 1;
    let scenario: Scenario = 'synchronous';
    let tracePath: string | undefined;
    let traceLimit: number | undefined;
    let htmlPath: string | undefined;
    let json = false;
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        const eq = arg.indexOf('=');
        const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
        const value = (): string | undefined => (arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : args[++i]);
        switch (flag) {
            case '--duration': {
                let text = value();
                if (text === undefined) return '--duration needs a value';
                // `--duration 2 ms` as two words.
                if (/^[0-9._]+$/.test(text) && i + 1 < args.length && UNITS[args[i + 1]]?.kind === 'time') text += ' ' + args[++i];
                const d = parseDuration(text);
                if (!d.ok) return `--duration: ${d.error}`;
                durationNs = d.value;
                break;
            }
            case '--seed': {
                const n = wholeNumber(value());
                if (n === undefined) return '--seed needs a non-negative integer';
                seed = n;
                break;
            }
            case '--scenario': {
                const text = value();
                if (!SCENARIOS.includes(text as Scenario)) return `--scenario must be one of ${SCENARIOS.join(', ')}`;
                scenario = text as Scenario;
                break;
            }
            case '--trace': {
                const text = value();
                if (!text) return '--trace needs an output file';
                tracePath = text;
                break;
            }
            case '--trace-limit': {
                const n = wholeNumber(value());
                if (n === undefined || n === 0) return '--trace-limit needs a positive integer';
                traceLimit = n;
                break;
            }
            case '--html': {
                const text = value();
                if (!text) return '--html needs an output file';
                htmlPath = text;
                break;
            }
            case '--json':
                json = true;
                break;
            default:
                if (arg.startsWith('-')) return `unknown option '${arg}'`;
                files.push(arg);
        }
    }
    if (files.length !== 1) return 'expected exactly one FILE';
    return { file: files[0], durationNs, seed, scenario, tracePath, traceLimit, htmlPath, json };
}

type BoundOf = (s: LatencyStatistics) => ItemResult | undefined;

/**
 * The analysis result of each simulated item; when the analysis fails, no item has one and `note` says why (the
 * simulation is still shown).
 */
function analysisBounds(model: SystemModel): { boundOf: BoundOf; note?: string } {
    try {
        // Only the bounds are shown: no fix or interface searches (they cost far more than the bounds).
        const result = analyzeSystem(model, { fixes: false, interfaces: false });
        const bounds = new Map<string, ItemResult>();
        for (const r of result.tasks) bounds.set(`task ${r.owner}.${r.name}`, r);
        for (const r of result.events) bounds.set(`event ${r.owner}.${r.name}`, r);
        for (const r of result.flows) bounds.set(`flow ${r.name}`, r);
        return { boundOf: (s) => bounds.get(`${s.kind} ${s.qualifiedName}`) };
    } catch (error) {
        return { boundOf: () => undefined, note: `analysis failed: ${error instanceof Error ? error.message : String(error)}` };
    }
}

/** Every simulated item in the order all outputs list them: flows, tasks, events. */
function allStatistics(result: SimulationResult): LatencyStatistics[] {
    return [...result.flows, ...result.tasks, ...result.events];
}

function pad(text: string, width: number, right = false): string {
    return right ? text.padStart(width) : text.padEnd(width);
}

function table(result: SimulationResult, boundOf: BoundOf): string {
    const header = ['item', 'kind', 'count', 'max', 'mean', 'p99', 'misses', 'bound', 'verdict'];
    const rows: string[][] = [];
    for (const s of allStatistics(result)) {
        const b = boundOf(s);
        const max = s.count > 0 ? formatTime(s.max) : '-';
        rows.push([
            s.qualifiedName,
            s.kind,
            String(s.count),
            s.unfinished > 0 ? `${max} (+${s.unfinished} unfinished)` : max,
            s.count > 0 ? formatTime(s.mean) : '-',
            s.count > 0 ? formatTime(s.p99) : '-',
            String(s.misses),
            b ? (b.wcrt !== undefined ? formatTime(b.wcrt) : 'unbounded') : '-',
            b ? b.verdict : '-',
        ]);
    }
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const numeric = new Set([2, 3, 4, 5, 6, 7]);
    const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], numeric.has(i))).join('  ').trimEnd();
    return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

function traceWriteFailed(io: CliIo, path: string, failure: Error): number {
    io.err(`${path}: cannot write the trace: ${failure.message}\n`);
    return EXIT_USAGE;
}

export const run: CliCommand = async (args, io, loadFile) => {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
        io.err(`rtcell simulate: ${parsed}\n${USAGE}`);
        return EXIT_USAGE;
    }
    const loaded = await loadOrReport(parsed.file, io, 'simulate', EXIT_USAGE, loadFile);
    if (!loaded.ok) return loaded.exitCode;
    const model = loaded.model;
    // The file is written while the run goes; the HTML report needs the whole trace in memory.
    const traceFile = parsed.tracePath !== undefined ? new TraceFileSink(parsed.tracePath) : undefined;
    // A file that cannot even be started is reported before the run, not after it.
    if (traceFile?.failure) return traceWriteFailed(io, parsed.tracePath!, traceFile.failure);
    const traceInMemory = parsed.htmlPath !== undefined ? new CollectingTraceSink() : undefined;
    const sinks: TraceSink[] = [];
    if (traceFile) sinks.push(traceFile);
    if (traceInMemory) sinks.push(traceInMemory);
    let result: SimulationResult;
    const progress = terminalProgress(parsed.durationNs);
    try {
        result = simulate(model, {
            durationNs: parsed.durationNs, seed: parsed.seed, scenario: parsed.scenario, maxTraceIntervals: parsed.traceLimit,
            traceSink: sinks.length === 0 ? undefined : sinks.length === 1 ? sinks[0] : teeTraceSinks(...sinks),
            ...(progress ? { onProgress: (ns: number) => progress.update(ns) } : {}),
        });
        progress?.end();
    } catch (error) {
        progress?.end();
        traceFile?.discard();
        if (error instanceof SimulationInputError) {
            io.err(`${parsed.file}: cannot simulate: ${error.message}\n`);
            return EXIT_USAGE;
        }
        throw error;
    }
    if (traceFile?.failure) return traceWriteFailed(io, parsed.tracePath!, traceFile.failure);
    const { boundOf, note } = analysisBounds(model);
    if (parsed.htmlPath) {
        try {
            const title = `${result.system}: ${parsed.scenario} scenario, ${formatTime(parsed.durationNs)}, seed ${parsed.seed}`;
            await mkdir(dirname(parsed.htmlPath), { recursive: true });
            await writeFile(parsed.htmlPath, renderHtmlReport({ title, trace: traceInMemory!.trace(), rows: summaryRows(allStatistics(result), boundOf) }));
        } catch (error) {
            io.err(`${parsed.htmlPath}: cannot write the report: ${error instanceof Error ? error.message : String(error)}\n`);
            return EXIT_USAGE;
        }
    }
    if (parsed.json) {
        const { trace: _trace, ...stats } = result;
        const withBounds = (list: LatencyStatistics[]) =>
            list.map((s) => {
                const b = boundOf(s);
                return { ...s, bound: b?.wcrt ?? null, verdict: b?.verdict ?? null };
            });
        io.out(JSON.stringify({ ...stats, tasks: withBounds(result.tasks), flows: withBounds(result.flows), events: withBounds(result.events), analysis: note ?? 'ok', tracePath: parsed.tracePath ?? null }, null, 2) + '\n');
    } else {
        io.out(`${result.system}: ${parsed.scenario} scenario, ${formatTime(parsed.durationNs)} simulated, seed ${parsed.seed}${note ? ` (${note})` : ''}\n\n`);
        io.out(table(result, boundOf));
        const late = allStatistics(result).filter((s) => s.misses > 0);
        io.out(late.length === 0 ? '\nno deadline missed\n' : `\n${result.deadlineMisses} deadline miss(es): ${late.map((s) => s.qualifiedName).join(', ')}\n`);
        if (parsed.htmlPath) io.out(`report written to ${parsed.htmlPath}\n`);
        const written = traceFile?.summary;
        if (written) io.out(`trace written to ${parsed.tracePath} (${written.intervalCount} intervals, ${written.markerCount} markers${written.truncated ? ', truncated at the trace limit' : ''})\n`);
    }
    return result.deadlineMisses > 0 ? EXIT_FINDINGS : EXIT_OK;
};
