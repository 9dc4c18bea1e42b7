/**
 * `rtcell analyze FILE [--json|--format F]`: worst-case latencies of every flow, task and event. Exit 0 when all are
 * schedulable, 1 when any is unschedulable, 4 when nothing is late but something could not be bounded
 * (inconclusive), 2 on unreadable input, a document with errors, or bad usage.
 * The JSON form is documented in docs/analysis-json.md.
 */
import { optionValue, parseArgs, usageError, type CommandSpec } from '../args.js';
import { EXIT_FINDINGS, EXIT_INCONCLUSIVE, EXIT_OK, EXIT_USAGE, type CliCommand } from '../command.js';
import { DEFAULT_DIAGNOSTIC_LIMIT, loadOrReport } from '../load-or-report.js';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import { formatTable } from '../../simulator/analysis/format-table.js';
import type { AnalysisResult } from '../../simulator/analysis/types.js';
import { writeAnalysisJson } from '../analysis-json.js';
import { SarifLog } from '../sarif.js';

const FORMATS = ['text', 'json', 'sarif'] as const;

export const spec: CommandSpec = {
    name: 'analyze',
    operands: 'FILE',
    summary: 'Worst-case latency of every flow, task and event, with its terms, beside its deadline (docs/analysis.md).',
    operandHelp: 'the .rtcell file',
    options: [
        { flag: '--json', help: 'the result as JSON (same as --format json; schema in docs/analysis-json.md)' },
        { flag: '--format', value: 'text|json|sarif', help: 'a table (default), JSON, or a SARIF 2.1.0 log for CI code scanning' },
        { flag: '--interferers', help: 'with JSON: list what delays each item (grows with the square of the system)' },
    ],
    notes: ['Exit codes: 0 all schedulable, 1 something unschedulable, 4 inconclusive (nothing late, but something has no',
        'bound), 2 bad usage, an unreadable file or a file with errors.'],
};

/**
 * 1 if a flow, task or event is unschedulable, 4 if none is but one is inconclusive, else 0. (Core, VCPU and memory
 * verdicts reach the items: a VCPU that is not admissible makes its tasks inconclusive, over-subscribed memory all.)
 */
function analysisExitCode(result: AnalysisResult): number {
    const verdicts = [...result.flows, ...result.tasks, ...result.events].map((r) => r.verdict);
    if (verdicts.includes('unschedulable')) return EXIT_FINDINGS;
    if (verdicts.includes('inconclusive')) return EXIT_INCONCLUSIVE;
    return EXIT_OK;
}

export const run: CliCommand = async (args, io, loadFile) => {
    const parsed = parseArgs(spec, args);
    let format = typeof parsed === 'string' ? undefined : optionValue(parsed, '--format');
    const problem = typeof parsed === 'string' ? parsed
        : parsed.operands.length !== 1 ? 'expected exactly one FILE'
        : format !== undefined && !(FORMATS as readonly string[]).includes(format) ? `--format must be one of ${FORMATS.join(', ')}, not '${format}'`
        : format !== undefined && format !== 'json' && parsed.options.has('--json') ? `--json contradicts --format ${format}`
        : undefined;
    if (problem || typeof parsed === 'string') return usageError(io, spec, problem);
    format ??= parsed.options.has('--json') ? 'json' : 'text';
    const file = parsed.operands[0];
    const loaded = await loadOrReport(file, io, 'analyze', EXIT_USAGE, loadFile);
    if (!loaded.ok) {
        // CI shows a file's errors on its lines from the log: a file with errors still gets one.
        if (format === 'sarif' && loaded.diagnostics) {
            const log = new SarifLog();
            log.addDiagnostics(file, loaded.diagnostics, DEFAULT_DIAGNOSTIC_LIMIT);
            io.out(log.toJson());
        }
        return loaded.exitCode;
    }
    // Fixes are searched only for the output that prints them (JSON): the table and SARIF show none (issue 17).
    const result = analyzeSystem(loaded.model, { fixes: format === 'json' });
    if (format === 'json') {
        await writeAnalysisJson(result, { write: (t) => io.out(t), drained: io.drained }, { interferers: parsed.options.has('--interferers') });
    } else if (format === 'sarif') {
        const log = new SarifLog();
        log.addDiagnostics(file, loaded.diagnostics, DEFAULT_DIAGNOSTIC_LIMIT);
        log.addAnalysis(file, result);
        io.out(log.toJson());
    } else {
        io.out(formatTable(result));
    }
    return analysisExitCode(result);
};
