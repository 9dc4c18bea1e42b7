/** `rtcell model FILE --json`: the lowered system model (presets and defaults applied, integer ns/bytes/bytes-per-s). */
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand } from '../command.js';
import { loadOrReport } from '../load-or-report.js';

export const run: CliCommand = async (args, io, loadFile) => {
    const files = args.filter((a) => !a.startsWith('-'));
    const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
    if (unknown.length > 0 || files.length !== 1) {
        io.err('usage: rtcell model FILE --json\n');
        return EXIT_USAGE;
    }
    const loaded = await loadOrReport(files[0], io, 'model', EXIT_FINDINGS, loadFile);
    if (!loaded.ok) return loaded.exitCode;
    io.out(JSON.stringify(loaded.model, null, 2) + '\n');
    return EXIT_OK;
};
