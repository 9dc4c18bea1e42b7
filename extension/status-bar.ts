/**
 * The status bar item: the active document's verdict (schedulable, or N items late), from the server's analysis.
 * Clicking it opens the timeline.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { ANALYSIS_REQUEST, COMMANDS, type AnalysisParams, type AnalysisResponse } from '../server/protocol.js';

const NOT_OPEN_RETRIES = 10;
const NOT_OPEN_RETRY_MS = 300;

export class VerdictStatusBar implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem('rtcell.verdict', vscode.StatusBarAlignment.Left, 100);
    private generation = 0;

    constructor(private readonly client: LanguageClient) {
        this.item.name = 'rtcell verdict';
        this.item.command = COMMANDS.showTimeline;
    }

    async update(editor: vscode.TextEditor | undefined, attempt = 0): Promise<void> {
        const generation = ++this.generation;
        if (!editor || editor.document.languageId !== 'rtcell') {
            this.item.hide();
            return;
        }
        let response: AnalysisResponse;
        try {
            const params: AnalysisParams = { uri: editor.document.uri.toString() };
            response = await this.client.sendRequest<AnalysisResponse>(ANALYSIS_REQUEST, params);
        } catch {
            return;
        }
        if (generation !== this.generation) return; // a newer update is under way
        if (response.version < 0 && attempt < NOT_OPEN_RETRIES) {
            // The server has not received the document yet (a file opened while the client started): ask again shortly
            // rather than saying "not analysed" until the next edit (its diagnostics also trigger an update).
            setTimeout(() => { if (generation === this.generation) void this.update(editor, attempt + 1); }, NOT_OPEN_RETRY_MS);
            return;
        }
        this.item.text = verdictText(response);
        this.item.tooltip = response.analysis
            ? `${response.analysis.summary.schedulable} schedulable, ${response.analysis.summary.unschedulable} late, ${response.analysis.summary.inconclusive} inconclusive${response.stale ? ' (last valid version)' : ''}. Click for the timeline.`
            : response.reason ?? 'No analysis';
        this.item.backgroundColor = response.analysis && response.analysis.summary.unschedulable > 0
            ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
        this.item.show();
    }

    dispose(): void {
        this.item.dispose();
    }
}

function verdictText(response: AnalysisResponse): string {
    const analysis = response.analysis;
    if (!analysis) return '$(circle-slash) rtcell: not analysed';
    const late = analysis.summary.unschedulable;
    const unsure = analysis.summary.inconclusive;
    const stale = response.stale ? ' (stale)' : '';
    if (late > 0) return `$(error) rtcell: ${late} item${late > 1 ? 's' : ''} late${stale}`;
    if (unsure > 0) return `$(question) rtcell: ${unsure} inconclusive${stale}`;
    return `$(pass) rtcell: schedulable${stale}`;
}
