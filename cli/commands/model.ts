/** `rtcell model FILE --json`: the lowered system model (presets and defaults applied, integer ns/bytes/bytes-per-s). */
import { parseArgs, usageError, type CommandSpec } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, type CliCommand } from '../command.js';
import { loadOrReport } from '../load-or-report.js';

export const spec: CommandSpec = {
    name: 'model',
    operands: 'FILE',
    summary: 'Prints the lowered system model as JSON (presets and defaults applied; integer ns, bytes, bytes/s).',
    operandHelp: 'the .rtcell file',
    options: [{ flag: '--json', help: 'JSON output (the only form; accepted for clarity)' }],
    notes: ['Exit codes: 0 printed, 1 the file has errors, 2 bad usage or a file that cannot be read.'],
};

export const run: CliCommand = async (args, io, loadFile) => {
    const parsed = parseArgs(spec, args);
    const problem = typeof parsed === 'string' ? parsed : parsed.operands.length !== 1 ? 'expected exactly one FILE' : undefined;
    if (problem || typeof parsed === 'string') return usageError(io, spec, problem);
    const loaded = await loadOrReport(parsed.operands[0], io, 'model', EXIT_FINDINGS, loadFile);
    if (!loaded.ok) return loaded.exitCode;
    io.out(JSON.stringify(loaded.model, null, 2) + '\n');
    return EXIT_OK;
};
