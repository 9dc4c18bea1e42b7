/**
 * The packaged extension under test. The test packages it itself when rtcell.vsix is missing or older than anything
 * that goes into it, so `npx vitest run test/e2e` alone always tests the current sources:
 * - bundles (dist/) newer than every source: only `vsce package` (a few seconds; `npm test` has just built them);
 * - otherwise the full `npm run package` (langium generate, tsc, esbuild, vsce).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './code-server.js';

export const VSIX_PATH = join(REPO_ROOT, 'rtcell.vsix');

/** What ends up in the .vsix or is compiled into it. */
const SOURCE_DIRS = ['extension', 'server', 'language', 'simulator', 'syntaxes'];
const SOURCE_FILES = ['package.json', '.vscodeignore', 'README.md', 'LICENSE', 'CHANGELOG.md', 'langium-config.json'];
const BUNDLES = ['dist/extension.cjs', 'dist/server.cjs', 'dist/simulation-worker.cjs', 'dist/webview/timeline.js', 'dist/webview/timeline.css'];

function newestIn(path: string): number {
    if (!existsSync(path)) return 0;
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.mtimeMs;
    let newest = 0;
    for (const entry of readdirSync(path, { withFileTypes: true })) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        newest = Math.max(newest, newestIn(join(path, entry.name)));
    }
    return newest;
}

function mtime(path: string): number {
    return existsSync(path) ? statSync(path).mtimeMs : 0;
}

function npx(args: string[]): void {
    const result = spawnSync('npx', args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 5 * 60_000 });
    if (result.status !== 0) throw new Error(`npx ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
}

/** RTCELL_E2E_VSIX=path tests that package instead (e.g. a release candidate); nothing is rebuilt then. */
export function ensurePackagedVsix(): { path: string; rebuilt: 'none' | 'vsce' | 'full' } {
    const preset = process.env.RTCELL_E2E_VSIX;
    if (preset) {
        if (!existsSync(preset)) throw new Error(`RTCELL_E2E_VSIX=${preset} does not exist`);
        return { path: preset, rebuilt: 'none' };
    }
    const sources = Math.max(...SOURCE_DIRS.map((d) => newestIn(join(REPO_ROOT, d))), ...SOURCE_FILES.map((f) => mtime(join(REPO_ROOT, f))));
    const bundles = BUNDLES.map((b) => mtime(join(REPO_ROOT, b)));
    const oldestBundle = Math.min(...bundles);
    const vsix = mtime(VSIX_PATH);
    if (vsix > sources && vsix >= Math.max(...bundles) && oldestBundle > 0) return { path: VSIX_PATH, rebuilt: 'none' };
    let rebuilt: 'vsce' | 'full' = 'vsce';
    if (oldestBundle <= sources) {
        rebuilt = 'full';
        const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 5 * 60_000 });
        if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
    }
    // Same command as `npm run package` after its build step.
    npx(['vsce', 'package', '--no-dependencies', '--out', VSIX_PATH]);
    return { path: VSIX_PATH, rebuilt };
}
