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

/** The tree's ZCU102 configurations (`configs/arm64/zynqmp-zcu102*.c`), sorted, as full paths. */
export function zcu102Sources(tree: JailhouseTree): string[] {
    const dir = join(TREES_ROOT, tree, 'configs', 'arm64');
    return readdirSync(dir).filter((f) => f.startsWith('zynqmp-zcu102') && f.endsWith('.c')).sort().map((f) => join(dir, f));
}

/** A system configuration declares `struct jailhouse_system`; the rest are cells. */
export function isSystemSource(file: string): boolean {
    return /struct jailhouse_system header/.test(readFileSync(file, 'utf8'));
}

const cache = new Map<JailhouseTree, BuiltConfig[]>();

export async function builtConfigs(tree: JailhouseTree): Promise<BuiltConfig[]> {
    const known = cache.get(tree);
    if (known) return known;
    requireGcc();
    const out = mkdtempSync(join(tmpdir(), `rtcell-import-${tree}-`));
    const built: BuiltConfig[] = [];
    for (const source of zcu102Sources(tree)) {
        const image = join(out, basename(source, '.c') + '.cell');
        writeFileSync(image, await buildCSource(source, join(TREES_ROOT, tree)));
        built.push({ tree, name: basename(source, '.c'), source, image, kind: isSystemSource(source) ? 'system' : 'cell' });
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
