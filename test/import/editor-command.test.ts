/**
 * The editor command "rtcell: Import Jailhouse cells…" with VS Code's API replaced by a scripted user: the dialogs
 * answer with the trees' files, and the command must write the import where the save dialog says and open it.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { builtConfigs, TREES_ROOT, type BuiltConfig } from './fixtures.js';

interface FakeUri { fsPath: string; path: string; toString(): string }
const uri = (p: string): FakeUri => ({ fsPath: p, path: p, toString: () => `file://${p}` });

const user = {
    open: [] as Array<FakeUri[] | undefined>,
    tree: 'detect' as string | undefined,
    save: undefined as FakeUri | undefined,
    opened: [] as string[],
    errors: [] as string[],
    warnings: [] as string[],
};

vi.mock('vscode', () => ({
    Uri: { joinPath: (base: FakeUri, ...parts: string[]) => uri(join(base.fsPath, ...parts)) },
    window: {
        showOpenDialog: async () => user.open.shift(),
        showQuickPick: async (items: Array<{ label: string }>) => items.find((i) => i.label === user.tree),
        showSaveDialog: async () => user.save,
        showTextDocument: async (doc: { path: string }) => { user.opened.push(doc.path); },
        showErrorMessage: async (m: string) => { user.errors.push(m); },
        showWarningMessage: async (m: string) => { user.warnings.push(m); },
    },
    workspace: {
        fs: { writeFile: async (target: FakeUri, bytes: Uint8Array) => writeFile(target.fsPath, bytes) },
        openTextDocument: async (target: FakeUri) => ({ path: target.fsPath }),
    },
}));

const output = { lines: [] as string[], clear() { this.lines = []; }, appendLine(l: string) { this.lines.push(l); }, show() {} };

describe('editor command: Import Jailhouse cells…', () => {
    let bu: BuiltConfig[];
    let dir: string;
    beforeAll(async () => {
        bu = await builtConfigs('bu');
    }, 120_000);
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'rtcell-import-editor-'));
        Object.assign(user, { open: [], tree: 'detect', save: undefined, opened: [], errors: [], warnings: [] });
    });

    it('picks the system, the inmates and the tree, writes the file and opens it', async () => {
        const { importJailhouseCells } = await import('../../extension/import-command.js');
        const image = (n: string) => uri(bu.find((c) => c.name === n)!.image);
        const target = join(dir, 'imported.rtcell');
        user.open = [[image('zynqmp-zcu102')], [image('zynqmp-zcu102-inmate-col-demo')]];
        user.save = uri(target);
        await importJailhouseCells(output as never);
        expect(user.errors).toEqual([]);
        expect(user.opened).toEqual([target]);
        const text = readFileSync(target, 'utf8');
        expect(text).toContain('cell inmate-demo {');
        expect(text).toContain('colors 0..7');
        expect(output.lines.join('\n')).toContain('detected the bu tree (revision 13)');
        expect(output.lines.join('\n')).toContain(`wrote ${target}`);
    });

    it('a .c source inside a tree is built against it; one elsewhere asks for the tree folder', async () => {
        const { importJailhouseCells } = await import('../../extension/import-command.js');
        const inTree = join(dir, 'in-tree.rtcell');
        user.open = [[uri(bu.find((c) => c.name === 'zynqmp-zcu102')!.source)], undefined];
        user.save = uri(inTree);
        await importJailhouseCells(output as never);
        expect(user.errors).toEqual([]);
        expect(readFileSync(inTree, 'utf8')).toContain('cell ZynqMP-ZCU102 root os linux {');
        const target = join(dir, 'from-source.rtcell');
        const copy = join(dir, 'copy.c');
        await writeFile(copy, readFileSync(bu.find((c) => c.name === 'zynqmp-zcu102')!.source));
        user.open = [[uri(copy)], undefined, [uri(join(TREES_ROOT, 'bu'))]];
        user.tree = 'bu';
        user.save = uri(target);
        await importJailhouseCells(output as never);
        expect(user.errors).toEqual([]);
        expect(user.open, 'every dialog answered, the tree folder included').toEqual([]);
        expect(readFileSync(target, 'utf8')).toContain('cell ZynqMP-ZCU102 root os linux {');
    });

    it('bad input: an error message, nothing written, nothing opened', async () => {
        const { importJailhouseCells } = await import('../../extension/import-command.js');
        const garbage = join(dir, 'garbage.cell');
        await writeFile(garbage, 'JHSYS but not really');
        user.open = [[uri(garbage)], undefined];
        user.save = uri(join(dir, 'never.rtcell'));
        await importJailhouseCells(output as never);
        expect(user.errors).toHaveLength(1);
        expect(user.errors[0]).toMatch(/^rtcell: nothing imported: .*garbage\.cell/);
        expect(existsSync(join(dir, 'never.rtcell'))).toBe(false);
        expect(user.opened).toEqual([]);
    });

    it('cancelling the first dialog does nothing', async () => {
        const { importJailhouseCells } = await import('../../extension/import-command.js');
        user.open = [undefined];
        await importJailhouseCells(output as never);
        expect([user.errors, user.opened]).toEqual([[], []]);
    });
});
