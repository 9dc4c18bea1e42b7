// The code lens commands through workspace/executeCommand (server/execute-command.ts): each acts on its own item, and
// the server advertises them unless the client implements them (the VS Code extension). Neovim runs them for real in
// nvim.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InitializeParams } from 'vscode-languageserver';
import { mutate, readExample } from '../language/helpers.js';
import type { RtcellCommandHandler } from '../../server/execute-command.js';
import { COMMANDS, SAVE_REPRODUCTION_COMMAND, type CommandResult } from '../../server/protocol.js';
import { open, shared } from './helpers.js';

const handler = shared.lsp.ExecuteCommandHandler as RtcellCommandHandler;
const run = (command: string, args: unknown[]) => handler.executeCommand(command, args) as Promise<CommandResult>;

describe('lens commands', () => {
    it('are advertised to a plain LSP client and not to one that implements them', () => {
        handler.configure({ capabilities: {}, initializationOptions: { clientCommands: true } } as unknown as InitializeParams);
        // Save a reproduction stays: no client implements it.
        expect(handler.commands).toEqual([SAVE_REPRODUCTION_COMMAND]);
        handler.configure({ capabilities: {}, initializationOptions: { inlayHints: { enabled: true } } } as unknown as InitializeParams);
        expect(handler.commands).toEqual([COMMANDS.analyze, COMMANDS.simulate, COMMANDS.showTimeline, SAVE_REPRODUCTION_COMMAND]);
    });

    it('Analyze on a flow reports that flow only, on a cell its tasks and events, on the document everything', async () => {
        const document = await open(readExample('zcu102-broker.rtcell'));
        const uri = document.uri.toString();
        const flow = await run(COMMANDS.analyze, [uri, 'camera', 'flow']);
        expect(flow.title).toBe('Analysis of flow camera: on time');
        const rows = flow.text.split('\n').filter((l) => /^(flow|task|event) /.test(l));
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatch(/^flow camera\s+\d[\d.]* (us|ms)\s/);
        const cell = await run(COMMANDS.analyze, [uri, 'sensor', 'cell']);
        const cellRows = cell.text.split('\n').filter((l) => /^(flow|task|event) /.test(l));
        expect(cellRows.length).toBeGreaterThan(0);
        expect(cellRows.every((l) => /^(task|event) sensor\./.test(l))).toBe(true);
        const whole = await run(COMMANDS.analyze, [uri, null, 'document']);
        expect(whole.text.split('\n').filter((l) => /^(flow|task|event) /.test(l)).length).toBeGreaterThan(cellRows.length + 1);
    });

    it('Analyze on a late flow says so, and on a renamed item says it is not there', async () => {
        const document = await open(mutate('budget 400 MB/s', 'budget 16 MB/s'));
        const late = await run(COMMANDS.analyze, [document.uri.toString(), 'camera', 'flow']);
        expect(late.title).toBe('Analysis of flow camera: 1 late');
        const gone = await run(COMMANDS.analyze, [document.uri.toString(), 'kamera', 'flow']);
        expect(gone.text).toContain("no flow 'kamera' in the analysed version");
    });

    it('Simulate on a flow shows what the run observed beside the bound, for that flow', async () => {
        const document = await open(readExample('zcu102-broker.rtcell'));
        const result = await run(COMMANDS.simulate, [document.uri.toString(), 'camera', 'flow']);
        expect(result.title).toMatch(/^Simulation of flow camera: no deadline missed$/);
        const lines = result.text.split('\n');
        expect(lines[1]).toBe('adversarial scenario, seed 1, 1 s simulated');
        const row = lines.find((l) => l.startsWith('flow camera'));
        expect(row).toMatch(/^flow camera\s+\d+\s+\d[\d.]* (us|ms) \(job \d+\)\s+\d[\d.]* (us|ms)\s+\d[\d.]* %\s+/);
        expect(lines.filter((l) => /^(flow|task|event) /.test(l))).toHaveLength(1);
    });

    it('Show timeline writes the standalone report with the flow selected', async () => {
        const document = await open(readExample('zcu102-broker.rtcell'));
        const result = await run(COMMANDS.showTimeline, [document.uri.toString(), 'camera', 'flow']);
        expect(result.reportFile && existsSync(result.reportFile)).toBe(true);
        const html = readFileSync(result.reportFile!, 'utf8');
        expect(html).toContain('"select":"camera"');
        expect(html).toContain("Content-Security-Policy");
    });

    it('refuses a command without a document and answers an unknown document with a clear error', async () => {
        await expect(run(COMMANDS.analyze, [])).rejects.toThrow(/first argument must be the document URI/);
        const unknown = await run(COMMANDS.analyze, ['file:///nowhere.rtcell', 'x', 'flow']);
        expect(unknown.title).toBe('No analysis: the document is not open');
        await expect(run(COMMANDS.simulate, ['file:///nowhere.rtcell', 'x', 'flow'])).rejects.toThrow(/not open/);
    });
});
