/**
 * The trees' ZCU102 configurations built once per test file (host gcc + objcopy, as `rtcell import` builds `.c`),
 * and a runner for the CLI. A test that needs gcc fails when it is missing (`requireGcc`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { main } from '../../cli/cli.js';
import type { JailhouseTree } from '../../simulator/import/jailhouse/index.js';
import { buildCSource } from '../../simulator/import/jailhouse/load-inputs.js';

export const TREES_ROOT = resolve(__dirname, '..', '..', '..', 'shared', 'jailhouse');

export function hasTool(tool: string): boolean {
    try {
        execFileSync(tool, ['--version'], { stdio: 'ignore' });
        return true;
    } catch {
        return false;
    }
}

/** Like every test needing a tool (docs/testing.md), these fail, saying what to install, when gcc/objcopy are missing. */
export function requireGcc(): void {
    const missing = ['gcc', 'objcopy'].filter((t) => !hasTool(t));
    if (missing.length > 0) throw new Error(`${missing.join(' and ')} missing: the import tests build the trees' configurations (Debian: apt-get install gcc binutils)`);
}

export interface BuiltConfig {
    tree: JailhouseTree;
    /** File name without `.c`. */
    name: string;
    source: string;
    image: string;
    kind: 'system' | 'cell';
}

const cache = new Map<JailhouseTree, BuiltConfig[]>();

export async function builtConfigs(tree: JailhouseTree): Promise<BuiltConfig[]> {
    const known = cache.get(tree);
    if (known) return known;
    requireGcc();
    const dir = join(TREES_ROOT, tree, 'configs', 'arm64');
    const out = mkdtempSync(join(tmpdir(), `rtcell-import-${tree}-`));
    const built: BuiltConfig[] = [];
    for (const file of readdirSync(dir).filter((f) => f.startsWith('zynqmp-zcu102') && f.endsWith('.c')).sort()) {
        const source = join(dir, file);
        const image = join(out, basename(file, '.c') + '.cell');
        writeFileSync(image, await buildCSource(source, join(TREES_ROOT, tree)));
        const kind = /struct jailhouse_system header/.test(readFileSync(source, 'utf8')) ? 'system' : 'cell';
        built.push({ tree, name: basename(file, '.c'), source, image, kind });
    }
    cache.set(tree, built);
    return built;
}

export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
    return { code, out, err };
}
