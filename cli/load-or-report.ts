/**
 * The common first step of commands that need a trustworthy model (analyze, simulate, export, model): load the file,
 * print its diagnostics, and stop with the right exit code when it cannot be used. `check` shares the reading part.
 */
import { loadModelFromFile, type LoadResult } from '../language/load.js';
import type { SystemModel } from '../simulator/model/types.js';
import { EXIT_USAGE, type CliIo, type FileLoader } from './command.js';
import { formatDiagnostic } from './diagnostic-format.js';

export type Loaded = { ok: true; model: SystemModel } | { ok: false; exitCode: number };

/** Loads `file`, or says why it cannot be read and returns undefined (an exit code 2 for every command). */
export async function readOrReport(file: string, io: CliIo, loadFile: FileLoader = loadModelFromFile): Promise<LoadResult | undefined> {
    try {
        return await loadFile(file);
    } catch (error) {
        io.err(`${file}: cannot read: ${error instanceof Error ? error.message : String(error)}\n`);
        return undefined;
    }
}

/**
 * `errorExit` is what a document with errors exits with: commands whose exit 1 already means a finding about the
 * system (analyze: unschedulable, simulate: a miss) use 2 so the two cannot be confused; model and export use 1.
 */
export async function loadOrReport(file: string, io: CliIo, command: string, errorExit: number, loadFile?: FileLoader): Promise<Loaded> {
    const result = await readOrReport(file, io, loadFile);
    if (!result) return { ok: false, exitCode: EXIT_USAGE };
    for (const d of result.diagnostics) {
        if (d.severity === 'error' || d.severity === 'warning') io.err(formatDiagnostic(file, d) + '\n');
    }
    if (!result.model) {
        io.err(`rtcell ${command}: ${file} has errors; fix them first (rtcell check ${file})\n`);
        return { ok: false, exitCode: errorExit };
    }
    return { ok: true, model: result.model };
}
