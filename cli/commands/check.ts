/** `rtcell check FILE...`: structural diagnostics for each file; exit 1 on any error, 2 on an unreadable file. */
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand } from '../command.js';
import { formatDiagnostic, hasErrors } from '../diagnostic-format.js';
import { readOrReport } from '../load-or-report.js';

export const run: CliCommand = async (args, io, loadFile) => {
    const files = args.filter((a) => !a.startsWith('-'));
    if (files.length === 0) {
        io.err('usage: rtcell check FILE...\n');
        return EXIT_USAGE;
    }
    let unreadable = false;
    let errors = false;
    for (const file of files) {
        const result = await readOrReport(file, io, loadFile);
        if (!result) {
            unreadable = true;
            continue;
        }
        for (const d of result.diagnostics) io.out(formatDiagnostic(file, d) + '\n');
        const count = (s: string) => result.diagnostics.filter((d) => d.severity === s).length;
        io.err(`${file}: ${count('error')} error(s), ${count('warning')} warning(s)\n`);
        if (hasErrors(result.diagnostics)) errors = true;
    }
    return unreadable ? EXIT_USAGE : errors ? EXIT_FINDINGS : EXIT_OK;
};
