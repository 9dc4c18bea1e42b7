/**
 * Export to Jailhouse from the editor: the same exporter as `rtcell export jailhouse`, run on the saved file, writing
 * into a folder the user picks (default: `<file>-jailhouse` beside it). Refuses a document with errors.
 */
import * as vscode from 'vscode';
import { loadModelFromText } from '../language/load.js';
import { COLORING_OPTIONS, exportJailhouse } from '../simulator/export/jailhouse/index.js';
import type { ColoringOption } from '../simulator/export/jailhouse/index.js';

export async function exportDocument(uri: vscode.Uri, output: vscode.OutputChannel): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    const { model, diagnostics } = await loadModelFromText(document.getText(), uri.toString());
    if (!model) {
        const errors = diagnostics.filter((d) => d.severity === 'error').length;
        void vscode.window.showErrorMessage(`rtcell: ${errors} error(s) in ${uri.path.split('/').pop()}: fix them before exporting`);
        return;
    }
    const coloring = await vscode.window.showQuickPick(COLORING_OPTIONS.map((c) => ({
        label: c,
        description: c === 'minerva' ? 'Minerva/TUM fork: colors field, bit 0 = color 0' : c === 'bu' ? 'Boston University fork: colored-region array, MSB = color 0' : 'plain regions: cache isolation is lost',
    })), { title: 'Cache-coloring convention of the target Jailhouse' });
    if (!coloring) return;
    const defaultDir = vscode.Uri.joinPath(uri, '..', `${uri.path.split('/').pop()!.replace(/\.rtcell$/, '')}-jailhouse`);
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: vscode.Uri.joinPath(uri, '..'), openLabel: 'Export here' });
    const dir = picked?.[0] ?? defaultDir;
    const result = exportJailhouse(model, { coloring: coloring.label as ColoringOption });
    output.clear();
    for (const d of result.diagnostics) output.appendLine(`${d.severity} ${d.code} ${d.message}`);
    if (result.diagnostics.some((d) => d.severity === 'error')) {
        output.show(true);
        void vscode.window.showErrorMessage('rtcell: export failed, see the rtcell output');
        return;
    }
    await vscode.workspace.fs.createDirectory(dir);
    for (const file of result.files) {
        await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, file.path), new TextEncoder().encode(file.content));
        output.appendLine(`wrote ${vscode.Uri.joinPath(dir, file.path).fsPath}`);
    }
    output.show(true);
    void vscode.window.showInformationMessage(`rtcell: exported ${result.files.length} files to ${dir.fsPath}`);
}
