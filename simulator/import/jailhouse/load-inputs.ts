/**
 * The I/O side of the import (everything else in this folder is pure): reads `.cell` images, and builds `.c`
 * configuration sources the way the trees' configs/Makefile does (compile against the tree's headers, then
 * `objcopy -O binary`), with the host compiler by default. Used by `rtcell import jailhouse` and the editor command.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { buildImportedSystem, type DecodedInput } from './build-system.js';
import { decodeJailhouseConfig } from './decode-config.js';
import { ImportError } from './import-error.js';
import type { ImportedSystem } from './imported-system.js';
import { JAILHOUSE_TREES, type JailhouseTree } from './layouts.js';
import type { RawConfig } from './raw-config.js';

export interface LoadOptions {
    /** The tree the inputs belong to; detected from the first `.cell` (or by trying each tree's headers) when absent. */
    tree?: JailhouseTree;
    /** Tree root holding include/, hypervisor/ (and configs/arm64/include) for `.c` inputs. */
    headers?: string;
    /** Where the trees are when `headers` is absent: `<treesRoot>/<tree>` (the ../shared/jailhouse layout). */
    treesRoot?: string;
    cc?: string;
    objcopy?: string;
    /** Progress and choices made (which tree was detected...), for stderr or an output channel. */
    log?: (line: string) => void;
}

/** A configuration is a few KiB (the trees' largest: 2.6 KiB); anything this large is not one. */
const MAX_INPUT_BYTES = 1024 * 1024;
const BUILD_TIMEOUT_MS = 60_000;

async function readImage(file: string): Promise<Uint8Array> {
    let info;
    try {
        info = await stat(file);
    } catch (error) {
        throw new ImportError('unreadable', `${file}: cannot read: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!info.isFile()) throw new ImportError('unreadable', `${file}: not a regular file`);
    if (info.size > MAX_INPUT_BYTES) throw new ImportError('unreadable', `${file}: ${info.size} bytes: too large for a Jailhouse configuration`);
    try {
        return new Uint8Array(await readFile(file));
    } catch (error) {
        throw new ImportError('unreadable', `${file}: cannot read: ${error instanceof Error ? error.message : String(error)}`);
    }
}

/**
 * A hostile source can make the compiler eat memory (`#include "/dev/zero"`) until the kernel's OOM killer picks a
 * victim on the whole machine: on a POSIX shell the tools run under `ulimit` (2 GiB of address space, 60 s of CPU).
 */
const LIMITS = 'ulimit -v 2097152 2>/dev/null; ulimit -t 60 2>/dev/null; exec "$0" "$@"';

function run(command: string, args: string[]): Promise<{ code: number | null; stderr: string; missing: boolean }> {
    const limited = existsSync('/bin/sh');
    return new Promise((resolve) => {
        const [file, argv] = limited ? ['/bin/sh', ['-c', LIMITS, command, ...args]] : [command, args];
        execFile(file, argv, { timeout: BUILD_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024 }, (error, _stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
            // Through the shell, a missing tool is exit 127 ("not found"); directly, ENOENT.
            const missing = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' || (limited && code === 127);
            resolve({ code, stderr: String(stderr), missing });
        });
    });
}

function headersFor(tree: JailhouseTree, options: LoadOptions): string {
    if (options.headers) return options.headers;
    if (!options.treesRoot) throw new ImportError('bad-usage', `no headers for the ${tree} tree: give --headers DIR`);
    return join(options.treesRoot, tree);
}

/** Builds `source` against the tree at `headers` and returns the `.cell` image. */
export async function buildCSource(source: string, headers: string, options: LoadOptions = {}): Promise<Uint8Array> {
    await readImage(source); // same messages as for images when the source is missing or not a file
    if (!existsSync(join(headers, 'include', 'jailhouse', 'cell-config.h'))) {
        throw new ImportError('bad-usage', `${headers}: not a Jailhouse tree (no include/jailhouse/cell-config.h); give --headers DIR`);
    }
    const work = await mkdtemp(join(tmpdir(), 'rtcell-import-'));
    try {
        let config = join(headers, 'include', 'jailhouse', 'config.h');
        if (!existsSync(config)) {
            // The tree's build generates config.h; an empty one serves (shared/jailhouse/README.md).
            config = join(work, 'config.h');
            await writeFile(config, '');
        }
        const extra = existsSync(join(headers, 'configs', 'arm64', 'include')) ? ['-I', join(headers, 'configs', 'arm64', 'include')] : [];
        const object = join(work, 'config.o');
        const image = join(work, 'config.cell');
        const cc = options.cc ?? 'gcc';
        const compiled = await run(cc, [
            '-nostdinc', '-I', join(headers, 'hypervisor', 'arch', 'arm64', 'include'), '-I', join(headers, 'hypervisor', 'include'),
            '-I', join(headers, 'include'), ...extra, '-Werror', '-Wall', '-Wextra', '-D__LINUX_COMPILER_TYPES_H',
            '-include', config, '-c', source, '-o', object,
        ]);
        if (compiled.missing) throw new ImportError('does-not-compile', `${source}: cannot run the compiler '${cc}' (install gcc or give --cc)`);
        if (compiled.code !== 0) {
            const lines = compiled.stderr.split('\n').filter((l) => l.trim() !== '');
            const first = (lines.some((l) => /error|warning/.test(l)) ? lines.filter((l) => /error|warning/.test(l)) : lines).slice(0, 3).join('\n  ');
            throw new ImportError('does-not-compile', `${source}: does not compile against ${headers}${first ? `:\n  ${first}` : ` (${cc} exit ${compiled.code ?? 'timeout'})`}`);
        }
        const objcopy = options.objcopy ?? 'objcopy';
        const copied = await run(objcopy, ['-O', 'binary', '--remove-section=.note.gnu.property', object, image]);
        if (copied.missing) throw new ImportError('does-not-compile', `${source}: cannot run '${objcopy}' (install binutils or give --objcopy)`);
        if (copied.code !== 0) throw new ImportError('does-not-compile', `${source}: ${objcopy} failed: ${copied.stderr.trim().split('\n')[0] ?? ''}`);
        return await readImage(image);
    } finally {
        await rm(work, { recursive: true, force: true });
    }
}

/** The Jailhouse tree a file lies in: the nearest folder above it (at most 4 levels) with include/jailhouse/cell-config.h. */
export function enclosingTree(file: string): string | undefined {
    let dir = dirname(resolve(file));
    for (let level = 0; level < 4; level++) {
        if (existsSync(join(dir, 'include', 'jailhouse', 'cell-config.h'))) return dir;
        const parent = dirname(dir);
        if (parent === dir) return undefined;
        dir = parent;
    }
    return undefined;
}

async function decodeSource(file: string, tree: JailhouseTree | undefined, options: LoadOptions): Promise<RawConfig> {
    await readImage(file); // a missing or unreadable source is said as such, not as "does not build" for each tree
    if (tree) {
        const headers = headersFor(tree, options);
        return decodeJailhouseConfig(await buildCSource(file, headers, options), `${file} (built against ${headers})`, tree);
    }
    if (options.headers) return decodeJailhouseConfig(await buildCSource(file, options.headers, options), `${file} (built against ${options.headers})`);
    // A source inside a Jailhouse tree (its configs/arm64/) is built against that tree.
    const own = enclosingTree(file);
    if (own) {
        options.log?.(`${file}: built against the tree it is in (${own})`);
        return decodeJailhouseConfig(await buildCSource(file, own, options), `${file} (built against ${own})`);
    }
    // No tree known: the first tree whose headers build the source and whose layout reads the result.
    const failures: string[] = [];
    for (const candidate of JAILHOUSE_TREES) {
        try {
            const config = await decodeSource(file, candidate, options);
            options.log?.(`${file}: built against the ${candidate} tree (${headersFor(candidate, options)}); use --tree to choose another`);
            return config;
        } catch (error) {
            if (!(error instanceof ImportError)) throw error;
            failures.push(`  ${candidate}: ${error.message.split('\n')[0]}`);
        }
    }
    throw new ImportError('does-not-compile', `${file}: does not build as a configuration of any known tree:\n${failures.join('\n')}`);
}

/**
 * Reads and decodes every input, checks they belong to one tree, and builds the imported system. Throws ImportError
 * (one message) for any bad input; nothing is written here.
 */
export async function loadJailhouseSystem(system: string, inmates: readonly string[], options: LoadOptions = {}): Promise<ImportedSystem> {
    const files = [system, ...inmates];
    const isSource = (f: string) => f.endsWith('.c');
    let tree = options.tree;
    const decoded = new Map<string, RawConfig>();
    // Images first: they tell the tree the sources are to be built for.
    for (const file of files.filter((f) => !isSource(f))) {
        const config = decodeJailhouseConfig(await readImage(file), file, tree);
        if (!tree) {
            tree = config.tree;
            if (!options.tree) options.log?.(`${file}: detected the ${tree} tree (revision ${config.revision})`);
        }
        decoded.set(file, config);
    }
    for (const file of files.filter(isSource)) {
        const config = await decodeSource(file, tree, options);
        tree ??= config.tree;
        decoded.set(file, config);
    }
    const input = (file: string): DecodedInput => ({ label: file, config: decoded.get(file)! });
    return buildImportedSystem(input(system), inmates.map(input));
}
