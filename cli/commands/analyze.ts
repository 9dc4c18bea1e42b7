/**
 * `rtcell analyze FILE [--json]`: worst-case latencies of every flow, task and event. Exit 0 when all are
 * schedulable, 1 when any is unschedulable, 2 on unreadable input, a document with errors, or bad usage.
 * The JSON form is documented in docs/analysis-json.md.
 */
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand } from '../command.js';
import { loadOrReport } from '../load-or-report.js';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import { formatTable } from '../../simulator/analysis/format-table.js';

export const run: CliCommand = async (args, io, loadFile) => {
    const json = args.includes('--json');
    const files = args.filter((a) => a !== '--json');
    if (files.length !== 1 || files[0].startsWith('-')) {
        io.err('usage: rtcell analyze FILE [--json]\n');
        return EXIT_USAGE;
    }
    const file = files[0];
    const loaded = await loadOrReport(file, io, 'analyze', EXIT_USAGE, loadFile);
    if (!loaded.ok) return loaded.exitCode;
    const result = analyzeSystem(loaded.model);
    io.out(json ? JSON.stringify(result, null, 2) + '\n' : formatTable(result));
    return result.summary.unschedulable > 0 ? EXIT_FINDINGS : EXIT_OK;
};
