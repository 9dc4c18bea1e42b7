/**
 * `rtcell simulate FILE [--duration 1s] [--seed N] [--scenario synchronous|random|adversarial] [--trace out.json]
 *  [--trace-limit N] [--html report.html] [--json] [--force]`
 *
 * Runs the discrete-event simulation and prints the observed latencies beside the analysis bounds; `--trace` streams
 * the timeline trace to a JSON file during the run (memory stays flat); `--html` writes the standalone report (summary
 * table and timeline, one file, no network), which holds the whole trace. Both are written under the rules of
 * cli/output-file.ts. Exit codes: 0 when no deadline is missed, 1 on any miss, 2 on bad usage, an unreadable file, a
 * document with errors or an output that cannot be written.
 */
import { resolve } from 'node:path';
import {
    CollectingTraceSink, simulate, SCENARIOS, SimulationInputError, teeTraceSinks, type LatencyStatistics, type Scenario, type SimulationResult, type TraceSink,
} from '../../simulator/engine/index.js';
import type { SystemModel } from '../../simulator/model/types.js';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import type { ItemResult } from '../../simulator/analysis/types.js';
import { renderHtmlReport, summaryRows } from '../../simulator/report/index.js';
import { formatBound, formatDuration as formatTime } from '../../simulator/model/format.js';
import { parseDuration, UNITS } from '../../simulator/model/units.js';
import { optionValue, parseArgs as parseCommandArgs, usageError, type CommandSpec } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../command.js';
import { loadOrReport } from '../load-or-report.js';
import { messageOf, refusalReason, writeOutputFile, type OutputRules } from '../output-file.js';
import { TraceFileSink } from '../trace-file-sink.js';
import { terminalProgress } from '../progress-bar.js';

export const spec: CommandSpec = {
    name: 'simulate',
    operands: 'FILE',
    summary: 'Discrete-event simulation of the system; prints the observed latencies beside the analysis bounds.',
    operandHelp: 'the .rtcell file',
    options: [
        { flag: '--duration', value: 'T', help: 'simulated time with its unit: 1s, 500ms, "2 ms", 100us (default 1s)' },
        { flag: '--seed', value: 'N', help: 'seed of the random choices, 0 to 9007199254740991 (default 1)' },
        { flag: '--scenario', value: 'synchronous|random|adversarial', help: 'release pattern (default synchronous)' },
        { flag: '--trace', value: 'FILE', help: 'stream the timeline trace to FILE (JSON, docs/trace-format.md); its folder must exist' },
        { flag: '--trace-limit', value: 'N', help: 'keep at most N intervals and N markers in the trace (default 2,000,000)' },
        { flag: '--html', value: 'FILE', help: 'write the standalone HTML report (table and timeline) to FILE' },
        { flag: '--json', help: 'print the statistics as JSON instead of a table' },
        { flag: '--force', help: 'replace --trace/--html files that rtcell did not write' },
    ],
    notes: ['Exit codes: 0 no deadline missed, 1 a deadline missed, 2 bad usage, an unreadable file, a file with errors',
        'or an output that cannot be written. Outputs never replace the input, a link or a device, nor a file rtcell did',
        'not write (without --force).'],
};

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
    force: boolean;
}

/** A non-negative integer written in digits only (no sign, exponent or fraction), or why it is not one. */
function wholeNumber(flag: string, text: string): number | string {
    if (!/^[0-9]+$/.test(text)) return `${flag} needs a whole number written in digits, not '${text}'`;
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : `${flag} ${text} is too large: at most ${Number.MAX_SAFE_INTEGER}`;
}

function parseDurationArg(text: string): number | string {
    if (/^\s*[0-9][0-9_]*(\.[0-9]+)?\s*$/.test(text)) return `--duration needs a unit: '${text}' alone would be nanoseconds; write e.g. ${text}ms or ${text}s (units: ns, us, ms, s)`;
    const d = parseDuration(text);
    return d.ok ? d.value : `--duration: ${d.error}`;
}

function parseArgs(args: string[]): SimulateArgs | string {
    // `--duration 2 ms` as two words: join them before the generic parser sees a lone `ms` operand.
    const joined: string[] = [];
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === '--duration' && /^[0-9._]+$/.test(args[i + 1] ?? '') && UNITS[args[i + 2]]?.kind === 'time') {
            joined.push(a, `${args[i + 1]} ${args[i + 2]}`);
            i += 2;
        } else {
            joined.push(a);
        }
    }
    const parsed = parseCommandArgs(spec, joined);
    if (typeof parsed === 'string') return parsed;
    if (parsed.operands.length !== 1) return parsed.operands.length === 0 ? 'missing FILE' : `expected exactly one FILE, got ${parsed.operands.map((o) => `'${o}'`).join(' ')}`;
    let durationNs = 1_000_000_000;
    const durationText = optionValue(parsed, '--duration');
    if (durationText !== undefined) {
        const d = parseDurationArg(durationText);
        if (typeof d === 'string') return d;
        durationNs = d;
    }
    let seed = 1;
    const seedText = optionValue(parsed, '--seed');
    if (seedText !== undefined) {
        const n = wholeNumber('--seed', seedText);
        if (typeof n === 'string') return n;
        seed = n;
    }
    const scenario = optionValue(parsed, '--scenario') ?? 'synchronous';
    if (!SCENARIOS.includes(scenario as Scenario)) return `--scenario must be one of ${SCENARIOS.join(', ')}`;
    let traceLimit: number | undefined;
    const limitText = optionValue(parsed, '--trace-limit');
    if (limitText !== undefined) {
        const n = wholeNumber('--trace-limit', limitText);
        if (typeof n === 'string') return n;
        if (n === 0) return '--trace-limit needs a positive whole number';
        traceLimit = n;
    }
    const tracePath = optionValue(parsed, '--trace');
    const htmlPath = optionValue(parsed, '--html');
    if (tracePath !== undefined && htmlPath !== undefined && resolve(tracePath) === resolve(htmlPath)) return '--trace and --html name the same file';
    return {
        file: parsed.operands[0], durationNs, seed, scenario: scenario as Scenario, tracePath, traceLimit, htmlPath,
        json: parsed.options.has('--json'), force: parsed.options.has('--force'),
    };
}

type BoundOf = (s: LatencyStatistics) => ItemResult | undefined;

/**
 * The analysis result of each simulated item; when the analysis fails, no item has one and `note` says why (the
 * simulation is still shown).
 */
function analysisBounds(model: SystemModel): { boundOf: BoundOf; note?: string } {
    try {
        // Only the bounds are shown: the fix searches and the VCPU interfaces (the costly part) are not run.
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
            b ? formatBound(b.wcrt) : '-',
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
    if (typeof parsed === 'string') return usageError(io, spec, parsed);
    const loaded = await loadOrReport(parsed.file, io, 'simulate', EXIT_USAGE, loadFile);
    if (!loaded.ok) return loaded.exitCode;
    const model = loaded.model;
    const rules: OutputRules = { force: parsed.force, inputs: [parsed.file] };
    // A report that may not be written is said before the run, not after it.
    const htmlRefusal = parsed.htmlPath !== undefined ? refusalReason(parsed.htmlPath, rules) : undefined;
    if (htmlRefusal) {
        io.err(`${parsed.htmlPath}: cannot write the report: ${resolve(parsed.htmlPath!)} ${htmlRefusal}\n`);
        return EXIT_USAGE;
    }
    // The file is written while the run goes; the HTML report needs the whole trace in memory.
    const traceFile = parsed.tracePath !== undefined ? new TraceFileSink(parsed.tracePath, rules) : undefined;
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
            writeOutputFile(parsed.htmlPath, renderHtmlReport({ title, trace: traceInMemory!.trace(), rows: summaryRows(allStatistics(result), boundOf) }), rules);
        } catch (error) {
            io.err(`${parsed.htmlPath}: cannot write the report: ${messageOf(error)}\n`);
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
