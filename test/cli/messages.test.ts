/** Issue 17, "Say what happened": keywords as names, the real cause first, and messages that no longer mislead. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmptyFileSystem, URI } from 'langium';
import { describe, expect, test } from 'vitest';
import { DEFAULT_ENGINE } from '../../server/default-engine.js';
import { createRtcellServices } from '../../server/rtcell-server-module.js';
import { mutate } from '../language/helpers.js';
import { runCliProcess } from './run-cli.js';

function file(name: string, text: string): string {
    const path = join(mkdtempSync(join(tmpdir(), 'rtcell-messages-')), name);
    writeFileSync(path, text);
    return path;
}

/** The diagnostic lines of `rtcell check`, without the file name. */
async function check(text: string): Promise<{ code: number | null; lines: string[] }> {
    const path = file('system.rtcell', text);
    const r = await runCliProcess(['check', path]);
    return { code: r.code, lines: r.out.split('\n').filter(Boolean).map((l) => l.slice(path.length + 1)) };
}

const KEYWORD_NAMES = `system "k" on zcu102
platform zcu102 { dma write channels 2 rate 1 GB/s }
hypervisor jailhouse { broker dedicated on core 3 dma write }
cell io root { cores 0 }
cell from {
  cores 1
  memory s at 0x8_1000_0000 size 1 MiB
  task write period 10 ms wcet 1 ms priority 2
  task read period 10 ms wcet 1 ms priority 1
  event line irq 54 latency <= 50 us
}
cell to {
  vcpu core on core 2 budget 1 ms period 2 ms
  task period period 10 ms wcet 1 ms on core
}
flow to from from to to { size 4 KiB period 10 ms priority 1 }
`;

describe('names', () => {
    test('keywords name cells, tasks, events, VCPUs, regions, DMA engines and flows, and are referenced', async () => {
        const path = file('keywords.rtcell', KEYWORD_NAMES);
        const checked = await runCliProcess(['check', path]);
        expect(checked.code, checked.out).toBe(0);
        expect(checked.out).toBe('');
        const analyzed = await runCliProcess(['analyze', path, '--json']);
        expect(analyzed.code, analyzed.err).toBe(0);
        const json = JSON.parse(analyzed.out);
        expect(json.tasks.map((t: { owner: string; name: string }) => `${t.owner}.${t.name}`)).toEqual(['from.write', 'from.read', 'to.period']);
        expect(json.flows[0]).toMatchObject({ name: 'to', owner: 'from -> to' });
        expect(json.vcpus[0]).toMatchObject({ name: 'core', cell: 'to' });
    });

    test('a name that cannot be one: the syntax error alone, saying a name is expected (no "undefined" item)', async () => {
        const r = await check(mutate('task acquire period', 'task 123 period'));
        expect(r.code).toBe(1);
        expect(r.lines).toEqual([expect.stringMatching(/^\d+:8 error parsing-error Expecting a name .* but found `123`\.$/)]);
    });
});

describe('names in the editor', () => {
    test('completion offers no keyword where a name is invented, and still the attributes and cells elsewhere', async () => {
        const { shared, Rtcell } = createRtcellServices(EmptyFileSystem, { engine: DEFAULT_ENGINE });
        const labelsAt = async (text: string, line: number, character: number) => {
            const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///completion-${line}-${character}.rtcell`));
            shared.workspace.LangiumDocuments.addDocument(document);
            await shared.workspace.DocumentBuilder.build([document], { validation: true });
            const list = await Rtcell.lsp.CompletionProvider!.getCompletion(document, { textDocument: { uri: document.uri.toString() }, position: { line, character } });
            return (list?.items ?? []).map((i) => i.label);
        };
        const head = 'system "x" on zcu102\ncell a root { cores 0 }\ncell b {\n  cores 1\n';
        expect(await labelsAt(`${head}  task \n}\n`, 4, 7)).toEqual([]);
        expect(await labelsAt(`${head}  task t period 1 ms \n}\n`, 4, 21)).toEqual(expect.arrayContaining(['wcet', 'priority', 'task', 'event']));
        expect(await labelsAt(`${head}}\nflow f from  to b { }\n`, 5, 12)).toEqual(expect.arrayContaining(['a', 'b']));
    });
});

describe('misleading messages', () => {
    test('a bad number gives its syntax error, not a bogus alignment, overlap or zero-size error', async () => {
        for (const bad of ['0x8_10G0_0000', '0x8_1000_0000 size 256 MiBs', '0x8_1000_0000 size 25x6 MiB']) {
            const r = await check(mutate('at 0x8_1000_0000 size 256 MiB', `at ${bad}`));
            expect(r.code).toBe(1);
            expect(r.lines.length, r.lines.join('\n')).toBe(1);
            expect(r.lines[0]).toMatch(/error parsing-error /);
        }
    });

    test('cores 0: one error saying so, not "the platform has cores 0..-1"', async () => {
        const r = await check(mutate('system "base" on zcu102', 'system "base" on zcu102\nplatform zcu102 { cores 0 }'));
        expect(r.lines).toEqual(['2:1 error not-positive The number of cores must be greater than zero']);
    });

    test('clock 0 Hz is an error', async () => {
        const r = await check(mutate('system "base" on zcu102', 'system "base" on zcu102\nplatform zcu102 { clock 0 Hz }'));
        expect(r.code).toBe(1);
        expect(r.lines).toEqual(['2:1 error not-positive The core clock must be greater than zero']);
    });
});
