/**
 * The timeline webview: one panel per document, refreshed whenever the server re-validates it, restored after a
 * window reload by the serializer (the panel's state remembers which document it showed). A new or restored page
 * posts `ready` once its script runs and is filled in answer to that, so opening a panel simulates once.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { SIMULATE_REQUEST, type HostMessage, type SimulateParams, type SimulateResponse, type TimelineFocus, type TimelineMessage } from '../server/protocol.js';
import { traceForTimeline } from '../simulator/report/pack-trace.js';
import { renderWebviewHtml } from '../simulator/report/webview-html.js';
import { summaryRowsOf } from '../server/command-reports.js';
import { itemAtPosition, type LocatedItem } from './item-at-position.js';
import { simulationSettings } from './settings.js';

export const TIMELINE_VIEW_TYPE = 'rtcell.timeline';

interface PanelState {
    uri: string;
}

export class TimelinePanels implements vscode.WebviewPanelSerializer<PanelState> {
    private readonly panels = new Map<string, vscode.WebviewPanel>();
    /** A simulation the Simulate command already ran for a panel whose page has not asked yet: posted on `ready`. */
    private readonly waiting = new Map<string, SimulateResponse>();

    constructor(private readonly context: vscode.ExtensionContext, private readonly client: LanguageClient) {}

    /** Item to highlight once a panel's trace arrives (the flow whose lens opened it), per document. */
    private readonly selection = new Map<string, string>();
    /** The declarations of the items of each panel's last trace (editor cursor → timeline selection). */
    private readonly located = new Map<string, LocatedItem[]>();
    /** The item last selected from the editor's cursor, per document (each is sent once). */
    private readonly cursorItem = new Map<string, string>();
    /** A job to zoom to (and the run to simulate for it) once the panel's next trace arrives. */
    private readonly focus = new Map<string, TimelineFocus>();

    /**
     * Opens the timeline of a document (filled when its page is ready), or reveals and re-fills an open one.
     * `simulated`, when the caller has just simulated the document, is shown instead of simulating it again; `select`
     * names the item to highlight (sent as a `select` message to a panel already showing a trace).
     */
    async show(uri: string, simulated?: SimulateResponse, select?: string | null, focus?: TimelineFocus): Promise<void> {
        if (select) this.selection.set(uri, select);
        if (focus) {
            // A job from the hover: simulate the run it was seen in, then zoom to it.
            this.focus.set(uri, focus);
            this.selection.set(uri, focus.item);
        }
        const panel = this.panels.get(uri);
        if (!panel) {
            if (simulated) this.waiting.set(uri, simulated);
            this.attach(vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, this.title(uri), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.options()), uri);
            return;
        }
        panel.reveal(vscode.ViewColumn.Beside, true);
        if (simulated) this.post(uri, simulated);
        else if (select && !focus) this.select(uri, select); // the trace shown is current (refreshed on every edit)
        else await this.refresh(uri);
    }

    /**
     * The editor's cursor moved in `uri`: highlight the item whose declaration holds it, if the document has a timeline
     * open. Between declarations the highlight stays as it was.
     */
    followCursor(uri: string, position: { line: number; character: number }): void {
        if (!this.panels.has(uri)) return;
        const item = itemAtPosition(this.located.get(uri) ?? [], position);
        if (item === undefined || this.cursorItem.get(uri) === item) return;
        this.cursorItem.set(uri, item);
        this.select(uri, item);
    }

    /** Highlights an item of the panel of `uri` (editor → timeline). */
    select(uri: string, item: string | null): void {
        const message: HostMessage = { type: 'select', item };
        void this.panels.get(uri)?.webview.postMessage(message);
    }

    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PanelState | undefined): Promise<void> {
        if (!state?.uri) {
            panel.dispose();
            return;
        }
        panel.webview.options = this.options();
        this.attach(panel, state.uri);
    }

    /** Re-simulates and re-renders the panel of `uri`, if one is open. */
    async refresh(uri: string): Promise<void> {
        if (!this.panels.has(uri)) return;
        const settings = simulationSettings();
        const focus = this.focus.get(uri);
        const params: SimulateParams = focus
            ? { uri, durationNs: focus.durationNs, seed: focus.seed, scenario: focus.scenario }
            : { uri, durationNs: settings.durationNs, seed: settings.seed, scenario: settings.scenario };
        let response: SimulateResponse;
        try {
            response = await this.client.sendRequest<SimulateResponse>(SIMULATE_REQUEST, params);
        } catch (error) {
            void vscode.window.showWarningMessage(`rtcell: cannot simulate ${this.title(uri)}: ${error instanceof Error ? error.message : String(error)}`);
            return;
        }
        this.post(uri, response);
    }

    /** Sends a simulation to the panel of `uri` (gone if it was closed while the simulation ran). */
    private post(uri: string, response: SimulateResponse): void {
        const message: HostMessage = {
            type: 'trace',
            title: `${response.system} · ${response.scenario} · ${response.durationNs / 1e6} ms${response.stale ? ' (last valid version)' : ''}`,
            // Packed: a fraction of the JSON to serialise and post, decoded in milliseconds by the webview.
            trace: traceForTimeline(response.trace),
            rows: summaryRowsOf(response),
            ...(this.selection.has(uri) ? { select: this.selection.get(uri)! } : {}),
            ...(this.focus.has(uri) ? { focusJob: this.focus.get(uri)!.job } : {}),
        };
        this.located.set(uri, response.trace.items);
        // Later refreshes keep whatever the user highlighted since, and go back to the run of the settings.
        this.selection.delete(uri);
        this.focus.delete(uri);
        void this.panels.get(uri)?.webview.postMessage(message);
    }

    private attach(panel: vscode.WebviewPanel, uri: string): void {
        this.panels.set(uri, panel);
        panel.title = this.title(uri);
        panel.onDidDispose(() => {
            this.panels.delete(uri);
            this.waiting.delete(uri);
            this.selection.delete(uri);
            this.focus.delete(uri);
            this.located.delete(uri);
            this.cursorItem.delete(uri);
        });
        // Listening before the page exists, so its `ready` cannot be missed.
        panel.webview.onDidReceiveMessage((message: TimelineMessage) => {
            if (message.type === 'ready') {
                const simulated = this.waiting.get(uri);
                this.waiting.delete(uri);
                if (simulated) this.post(uri, simulated);
                else void this.refresh(uri);
            } else if (message.type === 'reveal') {
                void revealSource(uri, message.source);
            } else if (message.type === 'error') {
                void vscode.window.showErrorMessage(`rtcell timeline: ${message.message}`);
            }
        });
        panel.webview.html = this.html(panel.webview);
    }

    private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
        return {
            enableScripts: true,
            retainContextWhenHidden: false,
            localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview')],
        };
    }

    private html(webview: vscode.Webview): string {
        const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview', name)).toString();
        return renderWebviewHtml({
            cspSource: webview.cspSource,
            nonce: randomBytes(18).toString('base64url'),
            scriptUri: asset('timeline.js'),
            styleUri: asset('timeline.css'),
        });
    }

    private title(uri: string): string {
        return `Timeline: ${decodeURIComponent(uri.split('/').pop() ?? uri)}`;
    }
}

/** Reveals a declaration: the source's own URI when it has one, else the panel's document. */
async function revealSource(documentUri: string, source: { uri?: string; start: { line: number; character: number }; end: { line: number; character: number } }): Promise<void> {
    const uri = vscode.Uri.parse(source.uri ?? documentUri);
    const range = new vscode.Range(source.start.line, source.start.character, source.end.line, source.end.character);
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
