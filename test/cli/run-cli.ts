/** Runs an `rtcell` command line in-process and collects what it printed, for the CLI tests of every area. */
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
