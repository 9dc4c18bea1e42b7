/**
 * "rtcell: Import Jailhouse cells…": picks a system (root cell) configuration and any inmate configurations (`.cell`
 * images or `.c` sources), imports them with the same loader as `rtcell import jailhouse`, and opens the result.
 * Never overwrites a file silently: the save dialog is VS Code's own, which asks before replacing.
 */
import * as vscode from 'vscode';
import { loadModelFromText } from '../language/load.js';
import { formatImportedSystem, ImportError, importSummary, JAILHOUSE_TREES, type JailhouseTree } from '../simulator/import/jailhouse/index.js';
import { enclosingTree, loadJailhouseSystem } from '../simulator/import/jailhouse/load-inputs.js';

const FILTERS = { 'Jailhouse configurations': ['cell', 'c'], 'All files': ['*'] };

async function pickTree(): Promise<JailhouseTree | 'detect' | undefined> {
    const picked = await vscode.window.showQuickPick([
        { label: 'detect', description: 'from the configurations themselves (signature, revision, sizes)' },
        ...JAILHOUSE_TREES.map((t) => ({ label: t, description: t === 'minerva' ? 'Minerva/TUM coloring fork, revision 14' : t === 'bu' ? 'Boston University fork (col_mem), revision 13' : 'upstream siemens/jailhouse, revision 14' })),
    ], { title: 'Jailhouse tree of the configurations' });
    return picked?.label as JailhouseTree | 'detect' | undefined;
}

export async function importJailhouseCells(output: vscode.OutputChannel): Promise<void> {
    const system = await vscode.window.showOpenDialog({ canSelectMany: false, filters: FILTERS, title: 'System (root cell) configuration', openLabel: 'Import as the root cell' });
    if (!system?.[0]) return;
    const inmates = await vscode.window.showOpenDialog({ canSelectMany: true, filters: FILTERS, defaultUri: vscode.Uri.joinPath(system[0], '..'), title: 'Inmate configurations (cancel for none)', openLabel: 'Import as inmates' }) ?? [];
    const tree = await pickTree();
    if (!tree) return;
    const files = [system[0], ...inmates];
    let headers: string | undefined;
    // A source inside a Jailhouse tree is built against that tree; ask only for sources elsewhere.
    if (files.some((f) => f.fsPath.endsWith('.c') && !enclosingTree(f.fsPath))) {
        const dir = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, title: 'Jailhouse tree the .c sources are built against (holds include/jailhouse/cell-config.h)', openLabel: 'Build against this tree' });
        if (!dir?.[0]) return;
        headers = dir[0].fsPath;
    }
    output.clear();
    let text: string;
    try {
        const imported = await loadJailhouseSystem(system[0].fsPath, inmates.map((i) => i.fsPath), {
            ...(tree !== 'detect' ? { tree } : {}), ...(headers ? { headers } : {}), log: (line) => output.appendLine(line),
        });
        text = formatImportedSystem(imported);
        for (const line of importSummary(imported)) output.appendLine(line);
    } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        output.appendLine(error.message);
        output.show(true);
        void vscode.window.showErrorMessage(`rtcell: nothing imported: ${error.message.split('\n')[0]}`);
        return;
    }
    const base = system[0].path.split('/').pop()!.replace(/\.(cell|c)$/, '');
    const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(system[0], '..', `${base}.rtcell`), filters: { rtcell: ['rtcell'] }, title: 'Save the imported system' });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));
    const { diagnostics } = await loadModelFromText(text, target.toString());
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    output.appendLine(`wrote ${target.fsPath}${errors ? `: ${errors} error(s), the cells cannot run together as configured` : ''}`);
    output.show(true);
    if (errors > 0) void vscode.window.showWarningMessage(`rtcell: imported, but ${errors} error(s): see the Problems panel`);
}
