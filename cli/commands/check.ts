/** `rtcell check FILE...`: structural diagnostics for each file; exit 1 on any error, 2 on an unreadable file. */
import { optionValue, parseArgs, usageError, type CommandSpec } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand } from '../command.js';
import { hasErrors } from '../diagnostic-format.js';
import { DEFAULT_DIAGNOSTIC_LIMIT, printDiagnostics, readOrReport } from '../load-or-report.js';
import { SarifLog } from '../sarif.js';

export const spec: CommandSpec = {
    name: 'check',
    operands: 'FILE...',
    summary: 'Parses and validates each file and prints its diagnostics as file:line:col severity code message.',
    operandHelp: 'the .rtcell files to check',
    options: [
        { flag: '--format', value: 'text|sarif', help: 'text (default) or a SARIF 2.1.0 log on stdout, for CI code scanning' },
        { flag: '--max-diagnostics', value: 'N', help: `print at most N diagnostics per file, then how many more (default ${DEFAULT_DIAGNOSTIC_LIMIT}; 0: all; SARIF: the count of the rest in run.properties.omittedDiagnostics)` },
    ],
    notes: ['Exit codes: 0 no error, 1 errors in a file, 2 bad usage or a file that cannot be read.'],
};

export const run: CliCommand = async (args, io, loadFile) => {
    const parsed = parseArgs(spec, args);
    const format = typeof parsed === 'string' ? undefined : optionValue(parsed, '--format') ?? 'text';
    const limitText = typeof parsed === 'string' ? undefined : optionValue(parsed, '--max-diagnostics');
    const problem = typeof parsed === 'string' ? parsed
        : parsed.operands.length === 0 ? 'missing FILE'
        : format !== 'text' && format !== 'sarif' ? `--format must be text or sarif, not '${format}'`
        : limitText !== undefined && !/^[0-9]{1,9}$/.test(limitText) ? `--max-diagnostics needs a whole number (0 for all), not '${limitText}'`
        : undefined;
    if (problem || typeof parsed === 'string') return usageError(io, spec, problem);
    const limit = limitText !== undefined ? Number(limitText) : DEFAULT_DIAGNOSTIC_LIMIT;
    const sarif = format === 'sarif' ? new SarifLog() : undefined;
    let unreadable = false;
    let errors = false;
    for (const file of parsed.operands) {
        const result = await readOrReport(file, io, loadFile);
        if (!result) {
            unreadable = true;
            continue;
        }
        if (sarif) sarif.addDiagnostics(file, result.diagnostics, limit);
        else printDiagnostics(file, result.diagnostics, (line) => io.out(line), limit);
        const count = (s: string) => result.diagnostics.filter((d) => d.severity === s).length;
        io.err(`${file}: ${count('error')} error(s), ${count('warning')} warning(s)\n`);
        if (hasErrors(result.diagnostics)) errors = true;
    }
    if (sarif) io.out(sarif.toJson());
    return unreadable ? EXIT_USAGE : errors ? EXIT_FINDINGS : EXIT_OK;
};
