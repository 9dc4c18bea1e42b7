/**
 * Commands (palette and code lenses): Analyze, Simulate, Show timeline, Export, Import. Analyze and Simulate print to
 * the "rtcell" output channel; Show timeline opens the webview; Export writes Jailhouse configs next to the file;
 * Import (no document needed) turns Jailhouse configurations into a new .rtcell file and opens it.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node.js';
import { lensTarget, simulationReport } from '../server/command-reports.js';
import {
    COMMANDS, SIMULATE_REQUEST, type CommandResult, type LensCommandArguments, type SimulateResponse, type TimelineFocus,
} from '../server/protocol.js';
import { exportDocument } from './export-command.js';
import { importJailhouseCells } from './import-command.js';
import { simulationSettings } from './settings.js';
import type { TimelinePanels } from './timeline-panel.js';

/** Not code-lens commands, so not in the server's COMMANDS. */
const EXPORT_COMMAND = 'rtcell.export';
const IMPORT_COMMAND = 'rtcell.importJailhouse';

/**
 * The document and item a command acts on: the lens arguments (`[uri, item, kind]`), else the active rtcell editor's
 * whole document (palette).
 */
function targetOf(args: unknown[]): LensCommandArguments | undefined {
    const [uri] = args as Partial<LensCommandArguments>;
    if (typeof uri === 'string') {
        const target = lensTarget(args);
        return [uri, target.item, target.kind];
    }
    const editor = vscode.window.activeTextEditor;
    return editor?.document.languageId === 'rtcell' ? [editor.document.uri.toString(), null, 'document'] : undefined;
}

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient, panels: TimelinePanels): void {
    const output = vscode.window.createOutputChannel('rtcell');
    const need = (args: unknown[]): LensCommandArguments | undefined => {
        const target = targetOf(args);
        if (!target) void vscode.window.showInformationMessage('rtcell: open an .rtcell file first');
        return target;
    };
    const print = (text: string) => {
        output.clear();
        output.append(text);
        output.show(true);
    };
    context.subscriptions.push(
        output,
        vscode.commands.registerCommand(COMMANDS.analyze, async (...args: unknown[]) => {
            const target = need(args);
            if (!target) return;
            // The server narrows the report to the lens's item (server/command-reports.ts), as for any LSP client.
            const result = await client.sendRequest(ExecuteCommandRequest.type, { command: COMMANDS.analyze, arguments: target }) as CommandResult | undefined;
            print(result?.text ?? 'No analysis\n');
        }),
        vscode.commands.registerCommand(COMMANDS.simulate, async (...args: unknown[]) => {
            const target = need(args);
            if (!target) return;
            const [uri, item, kind] = target;
            const response = await client.sendRequest<SimulateResponse>(SIMULATE_REQUEST, { uri, ...simulationSettings() });
            print(simulationReport(response, { item, kind }).text);
            await panels.show(uri, response, kind === 'flow' ? item : null); // the same run, not a second simulation
        }),
        vscode.commands.registerCommand(COMMANDS.showTimeline, async (...args: unknown[]) => {
            const target = need(args);
            // The hover's "Show this job in the timeline" adds the job and the run it was seen in.
            const focus = args[3] as TimelineFocus | undefined;
            if (target) await panels.show(target[0], undefined, target[2] === 'flow' ? target[1] : null, focus && typeof focus.item === 'string' ? focus : undefined);
        }),
        vscode.commands.registerCommand(EXPORT_COMMAND, async (...args: unknown[]) => {
            const target = need(args);
            if (target) await exportDocument(vscode.Uri.parse(target[0]), output);
        }),
        vscode.commands.registerCommand(IMPORT_COMMAND, () => importJailhouseCells(output)),
    );
}
