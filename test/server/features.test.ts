// Analysis in the editor: diagnostics, hover, inlay hints, code lenses and the custom requests, on rtcell text.
import { describe, expect, it } from 'vitest';
import { TextDocument, URI } from 'langium';
import { setTextDocument } from 'langium/test';
import type { Diagnostic } from 'vscode-languageserver';
import { BASE, lineOf, mutate } from '../language/helpers.js';
import { CustomRequests } from '../../server/custom-requests.js';
import { COMMANDS, type AnalysisDiagnosticData } from '../../server/protocol.js';
import { Rtcell, hoverAt, open, positionOf, shared } from './helpers.js';

const LATE_DMA = mutate('budget 400 MB/s', 'budget 16 MB/s');

describe('analysis diagnostics', () => {
    it('reports a late flow at its name, by how much, the dominant term, and what throttles it', async () => {
        const document = await open(LATE_DMA);
        const late = document.diagnostics?.find((d) => d.code === 'unschedulable-flow') as Diagnostic | undefined;
        expect(late?.severity).toBe(1);
        expect(late?.message).toMatch(/^Flow 'camera' can miss its deadline by [0-9.]+ [mu]?s: worst case .* > deadline 4 ms\. Dominant term: .+ \(.+\)\.$/);
        const line = lineOf(LATE_DMA, 'flow camera');
        expect(late?.range.start).toEqual({ line, character: LATE_DMA.split('\n')[line].indexOf('camera') });
        expect(late?.relatedInformation?.some((r) => r.message.startsWith('throttled by the DMA budget 16 MB/s') && r.location.range.start.line === lineOf(LATE_DMA, 'broker dedicated'))).toBe(true);
        const data = late?.data as AnalysisDiagnosticData;
        expect(data).toMatchObject({ code: 'unschedulable-flow', kind: 'flow', name: 'camera', deadline: 4_000_000 });
        expect(data.wcrt).toBeGreaterThan(4_000_000);
    });

    it('adds nothing for a schedulable item and nothing while the document has errors', async () => {
        const ok = await open(BASE);
        expect(ok.diagnostics?.filter((d) => (d.data as AnalysisDiagnosticData | undefined)?.name === 'camera')).toEqual([]);
        const broken = await open(LATE_DMA.replace('cores 1\n', 'cores 0\n'));
        expect(broken.diagnostics?.some((d) => d.code === 'core-conflict')).toBe(true);
        expect(broken.diagnostics?.some((d) => String(d.code).startsWith('unschedulable'))).toBe(false);
    });

    it('runs the analysis once per document version', async () => {
        const document = await open(LATE_DMA);
        const first = Rtcell.server.AnalysisService.get(document);
        await Rtcell.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: positionOf(LATE_DMA, 'camera') });
        expect(Rtcell.server.AnalysisService.get(document)).toBe(first);
        const again = await open(LATE_DMA);
        expect(Rtcell.server.AnalysisService.get(again)).not.toBe(first);
    });
});

describe('hover', () => {
    it('shows a flow\'s bound, deadline, slack and its table of terms', async () => {
        const text = await hoverAt(BASE, 'flow camera', 6);
        expect(text).toMatch(/\*\*flow camera\*\* \(sensor → control\) — ✅ schedulable/);
        expect(text).toMatch(/WCRT \*\*[0-9.]+ [mu]?s\*\* · deadline 4 ms · slack [0-9.]+ [mu]?s/);
        expect(text).toContain('| term | value | why |');
    });

    it('says by how much a late task misses', async () => {
        expect(await hoverAt(BASE, 'task loop', 6)).toMatch(/misses by \*\*[0-9.]+ (ms|us)\*\*/);
    });

    it('converts a MemGuard budget to events and a share of the guaranteed bandwidth', async () => {
        const text = await hoverAt(BASE, 'budget 200 MB/s', 8);
        // 200 MB/s · 1 ms / 64 B = 3125 refills; 200 of 3200 MB/s guaranteed (the zcu102 preset) = 6.2 %.
        expect(text).toContain('3125 LLC refills per 1 ms period');
        expect(text).toMatch(/% of the guaranteed/);
    });

    it('shows the DMA budget per MemGuard period', async () => {
        expect(await hoverAt(BASE, 'budget 400 MB/s', 8)).toMatch(/DMA budget.*400 MB\/s[\s\S]*400000 B\) per MemGuard period of 1 ms/);
    });

    it('shows the cache share and physical span of a color range', async () => {
        const text = await hoverAt(BASE, 'colors 8..11', 8);
        // 4 of 16 colors of a 1 MiB LLC = 256 KiB; 256 MiB colored with 4 of 16 colors spans 1 GiB.
        expect(text).toContain('4 of 16');
        expect(text).toContain('LLC share 256 KiB');
        expect(text).toContain('spans 1 GiB');
    });

    it('describes a core, a cell and a VCPU', async () => {
        expect(await hoverAt(BASE, 'broker dedicated on core 3', 25)).toContain('Dedicated broker core');
        expect(await hoverAt(BASE, 'cell sensor', 6)).toMatch(/\*\*cell sensor\*\*[\s\S]*cores 1/);
        expect(await hoverAt(BASE, 'vcpu v0', 5)).toMatch(/\*\*vcpu v0\*\* of cell control on core 2: 6 ms every 10 ms \(60 %\)/);
    });
});

describe('inlay hints and code lenses', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } };

    it('puts WCRT and slack after each item, or by how much it misses', async () => {
        const document = await open(BASE);
        const hints = await Rtcell.lsp.InlayHintProvider!.getInlayHints(document, { textDocument: { uri: document.uri.toString() }, range }) ?? [];
        const byLine = new Map(hints.map((h) => [h.position.line, String(h.label)]));
        expect(byLine.get(lineOf(BASE, 'flow camera'))).toMatch(/^WCRT [0-9.]+ [mu]?s · slack [0-9.]+ [mu]?s$/);
        expect(byLine.get(lineOf(BASE, 'task loop'))).toMatch(/^misses by [0-9.]+ (ms|us)$/);
        expect(byLine.get(lineOf(BASE, 'event can_rx'))).toMatch(/^latency [0-9.]+ us · slack [0-9.]+ us$/);
    });

    it('follows the setting, from workspace configuration or initialization options', async () => {
        const document = await open(BASE);
        const params = { textDocument: { uri: document.uri.toString() }, range };
        Rtcell.server.Settings.setInitializationOptions({ inlayHints: { enabled: false } });
        expect(await Rtcell.lsp.InlayHintProvider!.getInlayHints(document, params)).toEqual([]);
        Rtcell.server.Settings.update({ inlayHints: { enabled: true } });
        expect((await Rtcell.lsp.InlayHintProvider!.getInlayHints(document, params))?.length).toBeGreaterThan(0);
        Rtcell.server.Settings.update({ inlayHints: { enabled: false } });
        expect(await Rtcell.lsp.InlayHintProvider!.getInlayHints(document, params)).toEqual([]);
        Rtcell.server.Settings.update({});
        Rtcell.server.Settings.setInitializationOptions(undefined);
    });

    it('puts Analyze, Simulate and Show timeline above every cell and flow', async () => {
        const document = await open(BASE);
        const lenses = await Rtcell.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } }) ?? [];
        expect(lenses).toHaveLength(4 * 3);
        const camera = lenses.filter((l) => l.range.start.line === lineOf(BASE, 'flow camera'));
        expect(camera.map((l) => l.command?.command)).toEqual([COMMANDS.analyze, COMMANDS.simulate, COMMANDS.showTimeline]);
        expect(camera[0].command?.arguments).toEqual([document.uri.toString(), 'camera', 'flow']);
        expect(lenses.find((l) => l.range.start.line === lineOf(BASE, 'cell control'))?.command?.title).toBe('Analyze (1 late)');
    });
});

describe('custom requests', () => {
    it('answers rtcell/analysis and rtcell/simulate from the latest consistent state while an edit is broken', async () => {
        const requests = new CustomRequests(shared, Rtcell);
        const document = await open(BASE, 'requests');
        const uri = document.uri.toString();
        const fresh = await requests.analysis({ uri });
        expect(fresh.stale).toBe(false);
        expect(fresh.analysis?.flows.map((f) => f.name)).toEqual(['camera']);

        setTextDocument(shared, TextDocument.create(uri, 'rtcell', 2, BASE.replace('flow camera from', 'flow camera frm')));
        await shared.workspace.DocumentBuilder.update([URI.parse(uri)], []);
        const stale = await requests.analysis({ uri });
        expect(stale.stale).toBe(true);
        expect(stale.analysis?.flows.map((f) => f.name)).toEqual(['camera']);

        const simulated = await requests.simulate({ uri, durationNs: 50_000_000 });
        expect(simulated.stale).toBe(true);
        expect(simulated.trace.format).toBe('rtcell-trace');
        expect(simulated.trace.intervals.start.length).toBeGreaterThan(0);
        expect(simulated.statistics.flows.find((f) => f.name === 'camera')?.count).toBeGreaterThan(0);
        expect(simulated.bounds.find((b) => b.name === 'camera')).toMatchObject({ kind: 'flow', deadline: 4_000_000, verdict: 'schedulable' });
    });

    it('rejects bad parameters and unknown documents with clear errors', async () => {
        const requests = new CustomRequests(shared, Rtcell);
        await expect(requests.simulate({ uri: 'file:///nowhere.rtcell' })).rejects.toThrow(/not open/);
        await expect(requests.simulate({ uri: 'file:///nowhere.rtcell', durationNs: -1 })).rejects.toThrow(/durationNs/);
        await expect(requests.analysis({} as never)).rejects.toThrow(/uri/);
        expect((await requests.analysis({ uri: 'file:///nowhere.rtcell' })).analysis).toBeNull();
    });
});
