/**
 * `rtcell import jailhouse [--tree minerva|bu|mainline] [--headers DIR] [--cc CC] [--objcopy OBJCOPY]
 *  SYSTEM INMATE... [-o FILE.rtcell] [--force]`: reads a root (system) configuration and inmate configurations,
 * `.cell` images or `.c` sources, and writes one formatted `.rtcell` file (stdout without -o). What the language
 * cannot express is kept as comments and summarised on stderr. Bad input (unreadable, truncated, corrupted, wrong
 * revision, a source that does not build, mixed trees): one message, exit 2, nothing written. The result is checked
 * like `rtcell check`: errors there (cells that cannot run together, such as two alternative inmates on one core)
 * are printed and exit 1, the file being written all the same so they can be fixed in it.
 */
import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { loadModelFromText } from '../../language/load.js';
import { formatImportedSystem, ImportError, importSummary, JAILHOUSE_TREES, type JailhouseTree } from '../../simulator/import/jailhouse/index.js';
import { loadJailhouseSystem } from '../../simulator/import/jailhouse/load-inputs.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand } from '../command.js';
import { formatDiagnostic } from '../diagnostic-format.js';
import { PACKAGE_ROOT } from '../package-root.js';

const USAGE = 'usage: rtcell import jailhouse [--tree minerva|bu|mainline] [--headers DIR] [--cc CC] [--objcopy OBJCOPY] SYSTEM INMATE... [-o FILE.rtcell] [--force]\n';

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

const VALUE_OPTIONS = ['--tree', '--headers', '--cc', '--objcopy', '-o', '--out'];

function parseArgs(args: string[]): ImportArgs | string {
    const [target, ...rest] = args;
    if (target !== 'jailhouse') return target === undefined ? 'missing import source' : `unknown import source '${target}' (only 'jailhouse')`;
    const files: string[] = [];
    const parsed: Partial<ImportArgs> & { force: boolean } = { force: false };
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        if (VALUE_OPTIONS.includes(arg)) {
            const value = rest[++i];
            if (value === undefined || value === '') return `${arg} needs a value`;
            if (arg === '--tree') {
                if (!(JAILHOUSE_TREES as readonly string[]).includes(value)) return `--tree must be one of ${JAILHOUSE_TREES.join(', ')}`;
                parsed.tree = value as JailhouseTree;
            } else if (arg === '--headers') parsed.headers = value;
            else if (arg === '--cc') parsed.cc = value;
            else if (arg === '--objcopy') parsed.objcopy = value;
            else parsed.out = value;
        } else if (arg === '--force') {
            parsed.force = true;
        } else if (arg.startsWith('-') && arg !== '-') {
            return `unknown option '${arg}'`;
        } else {
            files.push(arg);
        }
    }
    if (files.length === 0) return 'missing SYSTEM (the root cell\'s configuration, .cell or .c)';
    const [system, ...inmates] = files;
    return { ...parsed, system, inmates };
}

async function writeAtomically(target: string, text: string): Promise<void> {
    // Written beside the target and renamed into place: an interrupted import never leaves half a file.
    const temporary = join(dirname(target), `.${process.pid}-${Date.now()}.rtcell-import.tmp`);
    await writeFile(temporary, text);
    try {
        await rename(temporary, target);
    } catch (error) {
        await rm(temporary, { force: true });
        throw error;
    }
}

export const run: CliCommand = async (args, io) => {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
        io.err(`rtcell import: ${parsed}\n${USAGE}`);
        return EXIT_USAGE;
    }
    if (parsed.out && existsSync(parsed.out) && !parsed.force) {
        io.err(`rtcell import: ${parsed.out} exists; nothing written (add --force to replace it)\n`);
        return EXIT_USAGE;
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
            await writeAtomically(parsed.out, text);
        } catch (error) {
            io.err(`rtcell import: ${parsed.out}: cannot write: ${error instanceof Error ? error.message : String(error)}\n`);
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
