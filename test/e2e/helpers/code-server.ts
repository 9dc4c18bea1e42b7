/**
 * code-server 4.100.3 for the end-to-end test: installed (or found) by scripts/install-code-server.sh, given the
 * packaged extension, and started on loopback with throwaway user-data, extensions and XDG folders so a run never
 * reads or writes the developer's own VS Code or $HOME state.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Runs the project's installer (idempotent: a no-op printing the path once installed) and returns the binary.
 * RTCELL_CODE_SERVER points at an existing binary instead (e.g. a machine-wide install).
 */
export function ensureCodeServer(): string {
    const preset = process.env.RTCELL_CODE_SERVER;
    if (preset) return preset;
    const script = join(REPO_ROOT, 'scripts/install-code-server.sh');
    const result = spawnSync('bash', [script], { encoding: 'utf8', timeout: 10 * 60_000 });
    if (result.error) throw new Error(`cannot run ${script}: ${result.error.message}`);
    const binary = result.stdout.trim().split('\n').pop() ?? '';
    if (result.status !== 0 || !binary) {
        throw new Error(`scripts/install-code-server.sh failed (exit ${result.status ?? result.signal}):\n${result.stderr.slice(-3000)}`);
    }
    return binary;
}

/** A TCP port that was free a moment ago (the OS picks it; code-server binds it right after). */
export async function freePort(): Promise<number> {
    return new Promise((resolvePort, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
        });
    });
}

/**
 * Settings that keep the workbench quiet and deterministic: no welcome walkthrough stealing focus, no network calls
 * for updates or recommendations, inlay hints always on, a fast hover.
 */
const USER_SETTINGS = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'editor.inlayHints.enabled': 'on',
    'editor.hover.delay': 300,
    'editor.minimap.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
};

export interface CodeServerInstance {
    url: string;
    /** The workspace folder code-server opened. */
    workspace: string;
    /** code-server's own stdout+stderr so far (for failure messages). */
    log(): string;
    /** Where VS Code writes its logs (extension host, language server output channels). */
    logsDir: string;
    stop(): Promise<void>;
}

export interface StartOptions {
    binary: string;
    vsix: string;
    /** Files to put in the workspace: name → content. */
    files: Record<string, string>;
}

function run(binary: string, args: string[], env: NodeJS.ProcessEnv): string {
    const result = spawnSync(binary, args, { env, encoding: 'utf8', timeout: 120_000 });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    if (result.error) throw new Error(`cannot run ${binary}: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`${binary} ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${output}`);
    return output;
}

export async function startCodeServer(options: StartOptions): Promise<CodeServerInstance> {
    const root = mkdtempSync(join(tmpdir(), 'rtcell-e2e-'));
    const dirs = {
        userData: join(root, 'user-data'),
        extensions: join(root, 'extensions'),
        xdg: join(root, 'xdg'),
        workspace: join(root, 'workspace'),
    };
    for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(options.files)) writeFileSync(join(dirs.workspace, name), content);
    mkdirSync(join(dirs.userData, 'User'), { recursive: true });
    writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    const config = join(root, 'config.yaml');
    writeFileSync(config, 'auth: none\ncert: false\n');

    const env: NodeJS.ProcessEnv = {
        ...process.env,
        XDG_CONFIG_HOME: join(dirs.xdg, 'config'),
        XDG_DATA_HOME: join(dirs.xdg, 'data'),
        XDG_CACHE_HOME: join(dirs.xdg, 'cache'),
        // The test's own environment must not leak a password or a proxy into the server.
        PASSWORD: undefined,
        HASHED_PASSWORD: undefined,
    };
    const common = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
    try {
        const installed = run(options.binary, [...common, '--install-extension', options.vsix], env);
        if (!/successfully installed/i.test(installed)) throw new Error(`installing ${options.vsix} did not succeed:\n${installed}`);
    } catch (error) {
        rmSync(root, { recursive: true, force: true });
        throw error;
    }

    const port = await freePort();
    let output = '';
    const child: ChildProcess = spawn(options.binary, [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
        '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
        dirs.workspace], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    let exited = false;
    const exit = new Promise<void>((resolveExit) => child.on('exit', () => { exited = true; resolveExit(); }));

    const stop = async () => {
        if (!exited && child.pid) {
            try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
            const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
            await exit;
            clearTimeout(timer);
        }
        if (!process.env.RTCELL_E2E_KEEP) rmSync(root, { recursive: true, force: true });
    };

    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
        if (exited) {
            await stop();
            throw new Error(`code-server exited during start-up:\n${output}`);
        }
        try {
            const response = await fetch(`${url}/healthz`);
            if (response.ok) break;
        } catch { /* not listening yet */ }
        if (Date.now() > deadline) {
            await stop();
            throw new Error(`code-server did not answer on ${url} within 60 s:\n${output}`);
        }
        await new Promise((r) => setTimeout(r, 250));
    }
    return { url, workspace: dirs.workspace, log: () => output, logsDir: join(dirs.userData, 'logs'), stop };
}
