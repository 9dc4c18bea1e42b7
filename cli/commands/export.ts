/**
 * `rtcell export jailhouse FILE --out DIR [--coloring minerva|bu|none]`: writes the Jailhouse configurations and the
 * regulation script for the system in FILE. A file with errors is refused (its diagnostics are printed, exit 1);
 * export diagnostics are printed as `file:line:col severity code message`; an export error writes nothing (exit 1).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { COLORING_OPTIONS, exportJailhouse, type ColoringOption } from '../../simulator/export/jailhouse/index.js';
import { hasExportErrors } from '../../simulator/export/export-diagnostic.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand } from '../command.js';
import { formatExportDiagnostic } from '../diagnostic-format.js';
import { loadOrReport } from '../load-or-report.js';

const USAGE = 'usage: rtcell export jailhouse FILE --out DIR [--coloring minerva|bu|none]\n';

interface ExportArgs {
    file: string;
    out: string;
    coloring: ColoringOption;
}

function parseArgs(args: string[]): ExportArgs | string {
    const [target, ...rest] = args;
    if (target !== 'jailhouse') return target === undefined ? 'missing export target' : `unknown export target '${target}' (only 'jailhouse')`;
    let file: string | undefined;
    let out: string | undefined;
    let coloring: ColoringOption = 'minerva';
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        if (arg === '--out' || arg === '--coloring') {
            const value = rest[++i];
            if (value === undefined) return `${arg} needs a value`;
            if (arg === '--out') out = value;
            else if ((COLORING_OPTIONS as readonly string[]).includes(value)) coloring = value as ColoringOption;
            else return `--coloring must be one of ${COLORING_OPTIONS.join(', ')}`;
        } else if (arg.startsWith('-')) {
            return `unknown option '${arg}'`;
        } else if (file === undefined) {
            file = arg;
        } else {
            return `unexpected argument '${arg}'`;
        }
    }
    if (file === undefined) return 'missing FILE';
    if (out === undefined) return 'missing --out DIR';
    return { file, out, coloring };
}

export const run: CliCommand = async (args, io, loadFile) => {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
        io.err(`rtcell export: ${parsed}\n${USAGE}`);
        return EXIT_USAGE;
    }
    const loaded = await loadOrReport(parsed.file, io, 'export', EXIT_FINDINGS, loadFile);
    if (!loaded.ok) return loaded.exitCode;
    const result = exportJailhouse(loaded.model, { coloring: parsed.coloring });
    for (const d of result.diagnostics) io.out(formatExportDiagnostic(parsed.file, d) + '\n');
    if (hasExportErrors(result.diagnostics)) {
        io.err(`${parsed.file}: not exported: the system cannot be expressed as Jailhouse configurations (see errors)\n`);
        return EXIT_FINDINGS;
    }
    try {
        for (const f of result.files) {
            const target = join(parsed.out, f.path);
            await mkdir(dirname(target), { recursive: true });
            await writeFile(target, f.content, f.path.endsWith('.sh') ? { mode: 0o755 } : undefined);
        }
    } catch (error) {
        io.err(`${parsed.out}: cannot write: ${error instanceof Error ? error.message : String(error)}\n`);
        return EXIT_USAGE;
    }
    io.err(`${parsed.file}: wrote ${result.files.length} files to ${parsed.out} (coloring ${parsed.coloring})\n`);
    return EXIT_OK;
};
