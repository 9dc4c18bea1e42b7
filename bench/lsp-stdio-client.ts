/** A minimal LSP client over stdio for the server bench: spawns `node dist/server.cjs --stdio`, collects diagnostics. */
import { spawn, type ChildProcess } from 'node:child_process';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node.js';

export interface PublishedDiagnostics { uri: string; version?: number; diagnostics: Array<{ code?: string | number; message: string; range: unknown; data?: unknown }> }

export class StdioLspClient {
    readonly process: ChildProcess;
    readonly connection: MessageConnection;
    private readonly waiters: Array<{ uri: string; version: number; resolve: (d: PublishedDiagnostics) => void }> = [];
    private readonly observedWaiters: Array<{ uri: string; version: number; resolve: (o: { uri: string; version: number; elapsedMs?: number; durationNs?: number }) => void }> = [];

    constructor(serverPath: string, private readonly initializationOptions: unknown = { inlayHints: { enabled: true } }) {
        // RTCELL_SERVER_NODE_ARGS passes Node options to the server (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p" to profile it).
        const nodeArgs = process.env.RTCELL_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
        this.process = spawn(process.execPath, [...nodeArgs, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
        this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
        this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
            for (let i = this.waiters.length - 1; i >= 0; i--) {
                const w = this.waiters[i];
                if (w.uri === params.uri && (params.version === undefined || params.version >= w.version)) {
                    this.waiters.splice(i, 1);
                    w.resolve(params);
                }
            }
        });
        this.connection.onNotification('rtcell/observed', (params: { uri: string; version: number }) => {
            for (let i = this.observedWaiters.length - 1; i >= 0; i--) {
                const w = this.observedWaiters[i];
                if (w.uri === params.uri && params.version >= w.version) {
                    this.observedWaiters.splice(i, 1);
                    w.resolve(params);
                }
            }
        });
        this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({ inlayHints: { enabled: true } })));
        this.connection.onRequest('client/registerCapability', () => null);
        this.connection.listen();
    }

    async initialize(rootUri: string): Promise<void> {
        await this.connection.sendRequest('initialize', {
            processId: process.pid, rootUri, workspaceFolders: null,
            capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, inlayHint: {}, hover: { contentFormat: ['markdown'] } }, workspace: { configuration: false } },
            initializationOptions: this.initializationOptions,
        });
        await this.connection.sendNotification('initialized', {});
    }

    /** Resolves with the first diagnostics published for `uri` at `version` or later. */
    private diagnosticsFor(uri: string, version: number): Promise<PublishedDiagnostics> {
        return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
    }

    async open(uri: string, text: string, version = 1): Promise<PublishedDiagnostics> {
        const published = this.diagnosticsFor(uri, version);
        await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'rtcell', version, text } });
        return published;
    }

    async change(uri: string, text: string, version: number): Promise<PublishedDiagnostics> {
        const published = this.diagnosticsFor(uri, version);
        await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
        return published;
    }

    /** Resolves with the server's rtcell/observed for `uri` at `version` or later (the background simulation's end). */
    observed(uri: string, version: number): Promise<{ uri: string; version: number; elapsedMs?: number; durationNs?: number }> {
        return new Promise((resolve) => this.observedWaiters.push({ uri, version, resolve }));
    }

    request<R>(method: string, params: unknown): Promise<R> {
        return this.connection.sendRequest(method, params) as Promise<R>;
    }

    async close(): Promise<void> {
        try {
            await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
            await this.connection.sendNotification('exit');
            // Let the server exit on its own (a --cpu-prof profile is written at exit), then make sure it is gone.
            if (this.process.exitCode === null) await Promise.race([new Promise((r) => this.process.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
        } catch { /* already gone */ }
        this.connection.dispose();
        this.process.kill();
    }
}
