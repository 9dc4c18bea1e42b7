/** Runs an `rtcell` command line in-process and collects what it printed, for the CLI tests of every area. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { main } from '../../cli/cli.js';
import type { FileLoader } from '../../cli/command.js';

export async function runCli(argv: string[], loadFile?: FileLoader): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } }, loadFile);
    return { code, out, err };
}

/** `text` matched literally inside a RegExp (file paths in `file:line:col` lines). */
export function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The built CLI (`npm run build` makes it; the package's bin). */
export const CLI_BUNDLE = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface ProcessRun {
    code: number | null;
    signal: NodeJS.Signals | null;
    out: string;
    err: string;
    ms: number;
}

/**
 * Runs the built `rtcell` as a real process, as a user's shell would: its own working folder and environment, stdout
 * and stderr through pipes. `interruptAfterMs` sends SIGINT (Ctrl-C) then; `closeStdoutAfterBytes` closes the reading
 * end once that much arrived (what `| head -c N` does).
 */
export function runCliProcess(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; interruptAfterMs?: number; closeStdoutAfterBytes?: number } = {}): Promise<ProcessRun> {
    if (!existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: run npm run build first`);
    const started = performance.now();
    return new Promise((resolvePromise, reject) => {
        const child = spawn(process.execPath, [CLI_BUNDLE, ...argv], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        let received = 0;
        child.stdout.on('data', (chunk: Buffer) => {
            received += chunk.length;
            if (options.closeStdoutAfterBytes !== undefined && received >= options.closeStdoutAfterBytes) {
                out += chunk.toString('utf8');
                child.stdout.destroy();
                return;
            }
            out += chunk.toString('utf8');
        });
        child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString('utf8'); });
        const timer = options.interruptAfterMs !== undefined ? setTimeout(() => child.kill('SIGINT'), options.interruptAfterMs) : undefined;
        child.on('error', reject);
        child.on('close', (code, signal) => {
            if (timer) clearTimeout(timer);
            resolvePromise({ code, signal, out, err, ms: performance.now() - started });
        });
    });
}
