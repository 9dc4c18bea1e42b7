/**
 * The rtcell VS Code extension: starts the language server, registers the commands, the status bar verdict and the
 * timeline webview (restored across window reloads), and refreshes open timelines when their document changes.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { registerCommands } from './commands.js';
import { startLanguageClient } from './language-client.js';
import { VerdictStatusBar } from './status-bar.js';
import { TIMELINE_VIEW_TYPE, TimelinePanels } from './timeline-panel.js';

let client: LanguageClient | undefined;

/**
 * Waits until the user pauses typing before re-simulating open timelines. The status bar is not refreshed here: the
 * diagnostics the server publishes for every analysed version already do that (one verdict request per edit).
 */
const REFRESH_DELAY_MS = 600;

export function activate(context: vscode.ExtensionContext): void {
    client = startLanguageClient(context);
    const panels = new TimelinePanels(context, client);
    const statusBar = new VerdictStatusBar(client);
    context.subscriptions.push(statusBar, vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, panels));
    registerCommands(context, client, panels);

    const timers = new Map<string, NodeJS.Timeout>();
    const scheduleRefresh = (uri: string) => {
        clearTimeout(timers.get(uri));
        timers.set(uri, setTimeout(() => {
            timers.delete(uri);
            void panels.refresh(uri); // does nothing when the document has no timeline open
        }, REFRESH_DELAY_MS));
    };
    context.subscriptions.push(
        vscode.window.onDidChangeActiveTextEditor((editor) => void statusBar.update(editor)),
        // The server publishes diagnostics once it has validated (and analysed) a version: the verdict is ready then.
        // This is what fills the status bar for a file just opened, before any edit.
        vscode.languages.onDidChangeDiagnostics((e) => {
            const active = vscode.window.activeTextEditor;
            if (active?.document.languageId === 'rtcell' && e.uris.some((u) => u.toString() === active.document.uri.toString())) void statusBar.update(active);
        }),
        // Editor → timeline: the item under the cursor is highlighted in the document's open timeline.
        vscode.window.onDidChangeTextEditorSelection((e) => {
            if (e.textEditor.document.languageId !== 'rtcell') return;
            const { line, character } = e.selections[0].active;
            panels.followCursor(e.textEditor.document.uri.toString(), { line, character });
        }),
        vscode.workspace.onDidChangeTextDocument((e) => {
            if (e.document.languageId === 'rtcell') scheduleRefresh(e.document.uri.toString());
        }),
        { dispose: () => timers.forEach((t) => clearTimeout(t)) },
    );
    void client.start().then(() => statusBar.update(vscode.window.activeTextEditor));
}

export async function deactivate(): Promise<void> {
    await client?.stop();
}
