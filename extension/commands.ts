/**
 * Commands (palette and code lenses): Analyze, Simulate, Show timeline, Export, Import. Analyze and Simulate print to
 * the "rtcell" output channel; Show timeline opens the webview; Export writes Jailhouse configs next to the file;
 * Import (no document needed) turns Jailhouse configurations into a new .rtcell file and opens it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import {
    ANALYSIS_REQUEST, COMMANDS, SIMULATE_REQUEST, type AnalysisResponse, type LensCommandArguments, type SimulateResponse,
} from '../server/protocol.js';
import { formatTable } from '../simulator/analysis/format-table.js';
import { formatTime } from '../simulator/model/units.js';
import { exportDocument } from './export-command.js';
import { importJailhouseCells } from './import-command.js';
import { simulationSettings } from './settings.js';
import type { TimelinePanels } from './timeline-panel.js';

/** Not code-lens commands, so not in the server's COMMANDS. */
const EXPORT_COMMAND = 'rtcell.export';
const IMPORT_COMMAND = 'rtcell.importJailhouse';

/** The document a command acts on: the lens argument, else the active rtcell editor. */
function targetUri(args: unknown[]): string | undefined {
    const [uri] = args as Partial<LensCommandArguments>;
    if (typeof uri === 'string') return uri;
    const editor = vscode.window.activeTextEditor;
    return editor?.document.languageId === 'rtcell' ? editor.document.uri.toString() : undefined;
}

function pad(text: string, width: number): string {
    return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient, panels: TimelinePanels): void {
    const output = vscode.window.createOutputChannel('rtcell');
    const need = (args: unknown[]): string | undefined => {
        const uri = targetUri(args);
        if (!uri) void vscode.window.showInformationMessage('rtcell: open an .rtcell file first');
        return uri;
    };
    context.subscriptions.push(
        output,
        vscode.commands.registerCommand(COMMANDS.analyze, async (...args: unknown[]) => {
            const uri = need(args);
            if (!uri) return;
            const response = await client.sendRequest<AnalysisResponse>(ANALYSIS_REQUEST, { uri });
            output.clear();
            if (!response.analysis) {
                output.appendLine(`No analysis: ${response.reason ?? 'the document has errors'}`);
            } else {
                output.appendLine(`Analysis of ${response.analysis.system}${response.stale ? ' (last valid version)' : ''}`);
                output.append(formatTable(response.analysis));
            }
            output.show(true);
        }),
        vscode.commands.registerCommand(COMMANDS.simulate, async (...args: unknown[]) => {
            const uri = need(args);
            if (!uri) return;
            const settings = simulationSettings();
            const response = await client.sendRequest<SimulateResponse>(SIMULATE_REQUEST, { uri, ...settings });
            output.clear();
            output.appendLine(`Simulation of ${response.system}: ${response.scenario}, seed ${response.seed}, ${formatTime(response.durationNs)}${response.stale ? ' (last valid version)' : ''}`);
            output.appendLine(`${pad('item', 28)}${pad('count', 8)}${pad('max', 14)}${pad('mean', 14)}${pad('p99', 14)}misses`);
            const stats = [...response.statistics.flows, ...response.statistics.tasks, ...response.statistics.events];
            for (const s of stats) {
                output.appendLine(`${pad(`${s.kind} ${s.qualifiedName}`, 28)}${pad(String(s.count), 8)}${pad(s.count ? formatTime(s.max) : '-', 14)}${pad(s.count ? formatTime(s.mean) : '-', 14)}${pad(s.count ? formatTime(s.p99) : '-', 14)}${s.misses}`);
            }
            output.appendLine(`${response.statistics.deadlineMisses} deadline miss(es)`);
            output.show(true);
            await panels.show(uri, response); // the same run, not a second simulation
        }),
        vscode.commands.registerCommand(COMMANDS.showTimeline, async (...args: unknown[]) => {
            const uri = need(args);
            if (uri) await panels.show(uri);
        }),
        vscode.commands.registerCommand(EXPORT_COMMAND, async (...args: unknown[]) => {
            const uri = need(args);
            if (uri) await exportDocument(vscode.Uri.parse(uri), output);
        }),
        vscode.commands.registerCommand(IMPORT_COMMAND, () => importJailhouseCells(output)),
    );
}
