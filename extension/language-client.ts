/** Creates the client for the bundled rtcell language server (dist/server.cjs) over IPC and connects it to `.rtcell` documents. */
import * as vscode from 'vscode';
import { COMMANDS, type RtcellInitializationOptions } from '../server/protocol.js';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';

export function startLanguageClient(context: vscode.ExtensionContext): LanguageClient {
    const serverModule = context.asAbsolutePath('dist/server.cjs');
    const serverOptions: ServerOptions = {
        run: { module: serverModule, transport: TransportKind.ipc },
        debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ scheme: 'file', language: 'rtcell' }, { scheme: 'untitled', language: 'rtcell' }],
        synchronize: { configurationSection: 'rtcell' },
        // The hover's "Show this job in the timeline" is a command link: trusted for that one command only.
        markdown: { isTrusted: { enabledCommands: [COMMANDS.showTimeline] } },
        // clientCommands: this extension implements the lens commands (commands.ts), so the server must not advertise
        // them (the client would register them a second time); it still answers them for the reports.
        initializationOptions: {
            clientCommands: true,
            inlayHints: {
                enabled: vscode.workspace.getConfiguration('rtcell').get<boolean>('inlayHints.enabled', true),
                observed: vscode.workspace.getConfiguration('rtcell').get<boolean>('inlayHints.observed', false),
            },
            quickFixes: { margin: vscode.workspace.getConfiguration('rtcell').get<number>('quickFixes.margin', 10) },
            // Read by the server's settings (maxDuration as written, `1 s`), until workspace/configuration answers.
            observed: vscode.workspace.getConfiguration('rtcell').get('observed') as RtcellInitializationOptions['observed'],
        } satisfies RtcellInitializationOptions,
    };
    const client = new LanguageClient('rtcell', 'rtcell language server', serverOptions, clientOptions);
    return client; // started by activate(), which waits for it before the first status update
}
