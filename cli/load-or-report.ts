/**
 * The common first step of commands that need a trustworthy model (analyze, simulate, export, model): load the file,
 * print its diagnostics, and stop with the right exit code when it cannot be used. `check` shares the reading part.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { loadModelFromFile, useProductionParser, type LoadResult, type RtcellDiagnostic } from '../language/load.js';
import type { SystemModel } from '../simulator/model/types.js';
import { EXIT_USAGE, type CliIo, type FileLoader } from './command.js';
import { formatDiagnostic } from './diagnostic-format.js';

/** When the file was read but has errors, `diagnostics` are its diagnostics (SARIF output still reports them). */
export type Loaded = { ok: true; model: SystemModel; diagnostics: RtcellDiagnostic[] } | { ok: false; exitCode: number; diagnostics?: RtcellDiagnostic[] };

/** How many diagnostics of one file a command prints unless told otherwise (then a count of the rest). */
export const DEFAULT_DIAGNOSTIC_LIMIT = 100;

/** Why `file` cannot be an rtcell document, before reading it as one; undefined when it may be. */
function unsuitable(file: string): string | undefined {
    const extension = extname(file);
    if (extension !== '.rtcell') {
        return extension ? `not an rtcell file: rtcell reads '.rtcell' files, this one ends in '${extension}'` : 'not an rtcell file: rtcell reads files ending in .rtcell';
    }
    const stats = statSync(file);
    if (stats.isDirectory()) return 'is a folder, not a file';
    if (!stats.isFile()) return 'is not a regular file (a device or a pipe cannot be read as a document)';
    const head = Buffer.alloc(512);
    const fd = openSync(file, 'r');
    let n: number;
    try {
        n = readSync(fd, head, 0, head.length, 0);
    } finally {
        closeSync(fd);
    }
    const bytes = head.subarray(0, n);
    // UTF-16 (what some Windows editors save): a byte-order mark, or a zero byte beside most ASCII characters.
    const bom16 = n >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    const zeros = bytes.filter((b) => b === 0).length;
    if (bom16 || (n >= 4 && zeros >= n / 4)) {
        return 'is UTF-16 text (or binary); rtcell reads UTF-8: save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8 in.rtcell > out.rtcell)';
    }
    return undefined;
}

/** Loads `file`, or says why it cannot be read and returns undefined (an exit code 2 for every command). */
export async function readOrReport(file: string, io: CliIo, loadFile: FileLoader = loadModelFromFile): Promise<LoadResult | undefined> {
    try {
        const reason = unsuitable(file);
        if (reason) {
            io.err(`${file}: ${reason}\n`);
            return undefined;
        }
        // The grammar is checked when generated and by the tests: a command does not check it again at each start.
        useProductionParser();
        return await loadFile(file);
    } catch (error) {
        io.err(`${file}: cannot read: ${error instanceof Error ? error.message : String(error)}\n`);
        return undefined;
    }
}

/**
 * Prints the diagnostics of `file` accepted by `show`, at most `limit` of them (0: all), then how many more there are.
 * A file of garbage yields hundreds of thousands; the first ones say what is wrong.
 */
export function printDiagnostics(
    file: string, diagnostics: readonly RtcellDiagnostic[], print: (line: string) => void, limit: number, show: (d: RtcellDiagnostic) => boolean = () => true,
): void {
    let printed = 0;
    let rest = 0;
    for (const d of diagnostics) {
        if (!show(d)) continue;
        if (limit === 0 || printed < limit) {
            print(formatDiagnostic(file, d) + '\n');
            printed++;
        } else {
            rest++;
        }
    }
    if (rest > 0) print(`${file}: ... and ${rest.toLocaleString('en-US')} more diagnostic(s) not shown (rtcell check --max-diagnostics 0 ${file} prints all)\n`);
}

/**
 * `errorExit` is what a document with errors exits with: commands whose exit 1 already means a finding about the
 * system (analyze: unschedulable, simulate: a miss) use 2 so the two cannot be confused; model and export use 1.
 */
export async function loadOrReport(file: string, io: CliIo, command: string, errorExit: number, loadFile?: FileLoader): Promise<Loaded> {
    const result = await readOrReport(file, io, loadFile);
    if (!result) return { ok: false, exitCode: EXIT_USAGE };
    printDiagnostics(file, result.diagnostics, (line) => io.err(line), DEFAULT_DIAGNOSTIC_LIMIT, (d) => d.severity === 'error' || d.severity === 'warning');
    if (!result.model) {
        io.err(`rtcell ${command}: ${file} has errors; fix them first (rtcell check ${file})\n`);
        return { ok: false, exitCode: errorExit, diagnostics: result.diagnostics };
    }
    return { ok: true, model: result.model, diagnostics: result.diagnostics };
}
