/**
 * `rtcell export jailhouse FILE --out DIR [--coloring minerva|bu|none] [--force]`: writes the Jailhouse configurations
 * and the regulation script for the system in FILE. A file with errors is refused (its diagnostics are printed, exit 1);
 * export diagnostics are printed as `file:line:col severity code message`; an export error writes nothing (exit 1).
 * Files are written under the rules of cli/output-file.ts: all are checked before the first is written.
 */
import { join, resolve } from 'node:path';
import { COLORING_OPTIONS, exportJailhouse, type ColoringOption } from '../../simulator/export/jailhouse/index.js';
import { hasExportErrors } from '../../simulator/export/export-diagnostic.js';
import { optionValue, parseArgs, usageError, type CommandSpec } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand } from '../command.js';
import { formatExportDiagnostic } from '../diagnostic-format.js';
import { loadOrReport } from '../load-or-report.js';
import { ensureFolder, messageOf, refusalReason, writeOutputFile, type OutputRules } from '../output-file.js';

export const spec: CommandSpec = {
    name: 'export jailhouse',
    operands: 'FILE',
    summary: 'Writes the Jailhouse cell configurations (C) and the MemGuard/QoS regulation script for the system (docs/export.md).',
    operandHelp: 'the .rtcell file',
    options: [
        { flag: '--out', value: 'DIR', help: 'folder to write into (created if missing); required', required: true },
        { flag: '--coloring', value: 'minerva|bu|none', help: 'cache-coloring convention of the configurations (default minerva)' },
        { flag: '--force', help: 'replace existing files that rtcell did not write' },
    ],
    notes: ['Exit codes: 0 written, 1 the file has errors or cannot be expressed for Jailhouse (nothing written),',
        '2 bad usage, an unreadable file or an output that cannot be written.'],
};

interface ExportArgs {
    file: string;
    out: string;
    coloring: ColoringOption;
    force: boolean;
}

function parseExportArgs(args: string[]): ExportArgs | string {
    const [target, ...rest] = args;
    if (target !== 'jailhouse') return target === undefined ? 'missing export target' : `unknown export target '${target}' (only 'jailhouse')`;
    const parsed = parseArgs(spec, rest);
    if (typeof parsed === 'string') return parsed;
    if (parsed.operands.length === 0) return 'missing FILE';
    if (parsed.operands.length > 1) return `unexpected argument '${parsed.operands[1]}'`;
    const out = optionValue(parsed, '--out');
    if (out === undefined) return 'missing --out DIR';
    const coloring = optionValue(parsed, '--coloring') ?? 'minerva';
    if (!(COLORING_OPTIONS as readonly string[]).includes(coloring)) return `--coloring must be one of ${COLORING_OPTIONS.join(', ')}`;
    return { file: parsed.operands[0], out, coloring: coloring as ColoringOption, force: parsed.options.has('--force') };
}

export const run: CliCommand = async (args, io, loadFile) => {
    const parsed = parseExportArgs(args);
    if (typeof parsed === 'string') return usageError(io, spec, parsed);
    const loaded = await loadOrReport(parsed.file, io, 'export', EXIT_FINDINGS, loadFile);
    if (!loaded.ok) return loaded.exitCode;
    const result = exportJailhouse(loaded.model, { coloring: parsed.coloring });
    for (const d of result.diagnostics) io.out(formatExportDiagnostic(parsed.file, d) + '\n');
    if (hasExportErrors(result.diagnostics)) {
        io.err(`${parsed.file}: not exported: the system cannot be expressed as Jailhouse configurations (see errors)\n`);
        return EXIT_FINDINGS;
    }
    const rules: OutputRules = { force: parsed.force, inputs: [parsed.file] };
    const targets = result.files.map((f) => ({ ...f, target: join(parsed.out, f.path) }));
    // Every file is checked before the first is written: a refusal leaves the folder as it was.
    const refused = targets.flatMap((t) => {
        const reason = refusalReason(t.target, rules);
        return reason ? [`${t.target} ${reason}`] : [];
    });
    if (refused.length > 0) {
        for (const r of refused) io.err(`rtcell export: not written: ${r}\n`);
        return EXIT_USAGE;
    }
    try {
        ensureFolder(resolve(parsed.out));
        for (const t of targets) writeOutputFile(t.target, t.content, rules, t.path.endsWith('.sh') ? 0o755 : 0o644);
    } catch (error) {
        io.err(`${parsed.out}: cannot write: ${messageOf(error)}\n`);
        return EXIT_USAGE;
    }
    io.err(`${parsed.file}: wrote ${result.files.length} files to ${parsed.out} (coloring ${parsed.coloring})\n`);
    return EXIT_OK;
};
