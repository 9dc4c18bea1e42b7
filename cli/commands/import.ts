/**
 * `rtcell import jailhouse [--tree minerva|bu|mainline] [--headers DIR] [--cc CC] [--objcopy OBJCOPY] SYSTEM INMATE...
 * [-o FILE.rtcell] [--force]`: reads a root (system) configuration and inmate configurations, `.cell` images or `.c`
 * sources, and writes one formatted `.rtcell` file (stdout without -o). What the language cannot express is kept as
 * comments and summarised on stderr (docs/import.md). Bad input (unreadable, truncated, corrupted, wrong revision, a
 * source that does not build, mixed trees): one message, exit 2, nothing written. The result is checked like
 * `rtcell check`: errors there (cells that cannot run together, such as two alternative inmates on one core) are
 * printed and exit 1, the file being written all the same so they can be fixed in it.
 *
 * The output follows cli/output-file.ts, with one difference on purpose: an imported file carries no "written by
 * rtcell" mark, because it is the user's document from then on (tasks and flows get added to it). So an existing file
 * is replaced only with --force, and never when it is one of the inputs.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadModelFromText } from '../../language/load.js';
import { formatImportedSystem, ImportError, importSummary, JAILHOUSE_TREES, type JailhouseTree } from '../../simulator/import/jailhouse/index.js';
import { loadJailhouseSystem } from '../../simulator/import/jailhouse/load-inputs.js';
import { optionValue, parseArgs, usageError, type CommandSpec } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand } from '../command.js';
import { formatDiagnostic } from '../diagnostic-format.js';
import { messageOf, refusalReason, writeOutputFile, type OutputRules } from '../output-file.js';
import { PACKAGE_ROOT } from '../package-root.js';

export const spec: CommandSpec = {
    name: 'import jailhouse',
    operands: 'SYSTEM INMATE...',
    summary: 'Reads Jailhouse configurations (.cell images or .c sources) of a root cell and its inmates into one .rtcell file (docs/import.md).',
    operandHelp: 'the root cell\'s system configuration, then any inmate configurations',
    options: [
        { flag: '--tree', value: 'minerva|bu|mainline', help: 'the Jailhouse tree the configurations belong to (default: detected)' },
        { flag: '--headers', value: 'DIR', help: 'Jailhouse tree that .c sources are built against (default: the tree a source is in, else ../shared/jailhouse/<tree>)' },
        { flag: '--cc', value: 'CC', help: 'compiler for .c sources (default gcc)' },
        { flag: '--objcopy', value: 'OBJCOPY', help: 'objcopy for .c sources (default objcopy)' },
        { flag: '-o', value: 'FILE.rtcell', help: 'write here instead of to stdout' },
        { flag: '--out', value: 'FILE.rtcell', help: 'the same as -o' },
        { flag: '--force', help: 'replace an existing file (never one of the inputs)' },
    ],
    notes: ['Exit codes: 0 written and rtcell check accepts it, 1 written but check finds errors (the cells cannot run',
        'together as configured), 2 bad usage or bad input (nothing written).'],
};

interface ImportArgs {
    system: string;
    inmates: string[];
    tree?: JailhouseTree;
    headers?: string;
    cc?: string;
    objcopy?: string;
    out?: string;
    force: boolean;
}

function parseImportArgs(args: string[]): ImportArgs | string {
    const [source, ...rest] = args;
    if (source !== 'jailhouse') return source === undefined ? 'missing import source' : `unknown import source '${source}' (only 'jailhouse')`;
    const parsed = parseArgs(spec, rest);
    if (typeof parsed === 'string') return parsed;
    const tree = optionValue(parsed, '--tree');
    if (tree !== undefined && !(JAILHOUSE_TREES as readonly string[]).includes(tree)) return `--tree must be one of ${JAILHOUSE_TREES.join(', ')}`;
    const [system, ...inmates] = parsed.operands;
    if (system === undefined) return 'missing SYSTEM (the root cell\'s configuration, .cell or .c)';
    const pick = (flag: string) => optionValue(parsed, flag);
    const out = pick('-o') ?? pick('--out');
    return {
        system, inmates, force: parsed.options.has('--force'),
        ...(tree ? { tree: tree as JailhouseTree } : {}), ...(pick('--headers') ? { headers: pick('--headers') } : {}),
        ...(pick('--cc') ? { cc: pick('--cc') } : {}), ...(pick('--objcopy') ? { objcopy: pick('--objcopy') } : {}),
        ...(out ? { out } : {}),
    };
}

export const run: CliCommand = async (args, io) => {
    const parsed = parseImportArgs(args);
    if (typeof parsed === 'string') return usageError(io, spec, parsed);
    const rules: OutputRules = { force: parsed.force, inputs: [parsed.system, ...parsed.inmates] };
    if (parsed.out) {
        // Checked before the work: an import that cannot be written is refused at once. An imported file has no
        // rtcell mark (it is the user's from then on), so an existing one needs --force.
        const reason = refusalReason(parsed.out, rules)
            ?? (!parsed.force && existsSync(parsed.out) ? 'exists; use --force to replace it' : undefined);
        if (reason) {
            io.err(`rtcell import: not written: ${parsed.out} ${reason}\n`);
            return EXIT_USAGE;
        }
    }
    let text: string;
    let summary: string[];
    try {
        const system = await loadJailhouseSystem(parsed.system, parsed.inmates, {
            ...(parsed.tree ? { tree: parsed.tree } : {}), ...(parsed.headers ? { headers: parsed.headers } : {}),
            ...(parsed.cc ? { cc: parsed.cc } : {}), ...(parsed.objcopy ? { objcopy: parsed.objcopy } : {}),
            treesRoot: resolve(PACKAGE_ROOT, '..', 'shared', 'jailhouse'),
            log: (line) => io.err(`${line}\n`),
        });
        text = formatImportedSystem(system, { command: `rtcell import jailhouse --tree ${system.tree} ${[parsed.system, ...parsed.inmates].join(' ')}` });
        summary = importSummary(system);
    } catch (error) {
        if (error instanceof ImportError) {
            io.err(`rtcell import: ${error.message}\nnothing written\n`);
            return EXIT_USAGE;
        }
        throw error;
    }
    if (parsed.out) {
        try {
            writeOutputFile(parsed.out, text, rules);
        } catch (error) {
            io.err(`rtcell import: ${parsed.out}: cannot write: ${messageOf(error)}\n`);
            return EXIT_USAGE;
        }
    } else {
        io.out(text);
    }
    for (const line of summary) io.err(`${line}\n`);
    const name = parsed.out ?? '<stdout>';
    const { diagnostics } = await loadModelFromText(text);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
        for (const d of errors) io.err(formatDiagnostic(name, d) + '\n');
        io.err(`rtcell import: wrote ${name}, but rtcell check finds ${errors.length} error(s): these cells cannot run together as configured (fix them in the file)\n`);
        return EXIT_FINDINGS;
    }
    if (parsed.out) io.err(`rtcell import: wrote ${parsed.out} (${1 + parsed.inmates.length} cells); rtcell check accepts it\n`);
    return EXIT_OK;
};
