// The analysis memo (server/analysis-memo.ts): an edit that leaves the model unchanged except for positions reuses
// the previous result with its ranges moved; any edit the analysis can see runs it again.
import { describe, expect, it } from 'vitest';
import { EmptyFileSystem, TextDocument, URI, type LangiumDocument } from 'langium';
import { setTextDocument } from 'langium/test';
import type { Diagnostic } from 'vscode-languageserver';
import type { Document } from '../../language/generated/ast.js';
import { DEFAULT_ENGINE } from '../../server/default-engine.js';
import { positionFreeFingerprint } from '../../simulator/model/fingerprint.js';
import { createRtcellServices } from '../../server/rtcell-server-module.js';
import { generateLargeDocument } from '../../bench/server-document.js';
import { lineOf, mutate } from '../language/helpers.js';

const LATE_DMA = mutate('budget 400 MB/s', 'budget 16 MB/s');

/** A server whose engine counts its analyses, and a way to rebuild one URI with new text (like a didChange). */
function countingServer() {
    const calls = { quick: 0, deep: 0 };
    const services = createRtcellServices(EmptyFileSystem, {
        engine: {
            analyze: (model, depth) => {
                if (depth.fixes) calls.deep++;
                else calls.quick++;
                return DEFAULT_ENGINE.analyze(model, depth);
            },
        },
    });
    const uri = URI.parse('file:///memo/system.rtcell');
    async function edit(text: string): Promise<LangiumDocument<Document>> {
        const documents = services.shared.workspace.LangiumDocuments;
        if (documents.hasDocument(uri)) documents.deleteDocument(uri);
        const document = services.shared.workspace.LangiumDocumentFactory.fromString<Document>(text, uri);
        documents.addDocument(document);
        await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
        return document;
    }
    return { calls, edit, services };
}

function unschedulable(document: LangiumDocument): Diagnostic[] {
    return (document.diagnostics ?? []).filter((d) => String(d.code).startsWith('unschedulable')) as Diagnostic[];
}

describe('analysis memo', () => {
    it('reuses the analysis across a comment edit, with related locations on the new lines', async () => {
        const { calls, edit } = countingServer();
        const first = await edit(LATE_DMA);
        expect(calls.quick).toBe(1);
        expect(unschedulable(first).length).toBeGreaterThan(0);

        const shifted = `// a comment typed above everything\n\n${LATE_DMA}`;
        const second = await edit(shifted);
        expect(calls.quick).toBe(1);
        // The same diagnostics a fresh server computes for the shifted text, related information included.
        const fresh = await countingServer().edit(shifted);
        expect(unschedulable(second)).toEqual(unschedulable(fresh));
        const late = unschedulable(second).find((d) => d.message.startsWith("Flow 'camera'"));
        expect(late?.relatedInformation?.some((r) => r.message.startsWith('throttled by the DMA budget') && r.location.range.start.line === lineOf(shifted, 'broker dedicated'))).toBe(true);
    });

    it('runs the analysis again when a value it reads changes, and for the quick-fix depth separately', async () => {
        const { calls, edit, services } = countingServer();
        await edit(LATE_DMA);
        const relaxed = await edit(LATE_DMA.replace('budget 16 MB/s', 'budget 400 MB/s'));
        expect(calls.quick).toBe(2);
        expect(unschedulable(relaxed).filter((d) => d.message.startsWith("Flow 'camera'"))).toEqual([]);

        const again = await edit(LATE_DMA);
        services.Rtcell.server.AnalysisService.getWithFixes(again);
        expect(calls).toEqual({ quick: 3, deep: 1 });
        const moved = await edit(`\n${LATE_DMA}`);
        const fixes = services.Rtcell.server.AnalysisService.getWithFixes(moved);
        expect(calls).toEqual({ quick: 3, deep: 1 });
        const camera = fixes?.flows.find((f) => f.name === 'camera');
        expect(camera?.source?.start.line).toBe(lineOf(`\n${LATE_DMA}`, 'flow camera'));
    });

    it('fingerprints ignore positions but not values, and keep Infinity apart from null', () => {
        const base = { name: 's', source: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } }, budget: Number.POSITIVE_INFINITY };
        const moved = { ...base, source: { start: { line: 9, character: 2 }, end: { line: 9, character: 6 } } };
        const fp = (m: object) => positionFreeFingerprint(m as never);
        expect(fp(moved)).toBe(fp(base));
        expect(fp({ ...base, budget: null })).not.toBe(fp(base));
        expect(fp({ ...base, name: 't' })).not.toBe(fp(base));
    });

    it('sees a value typed into one cell while the others are kept from the previous version', async () => {
        const { calls, services } = countingServer();
        const uri = URI.parse('file:///memo/incremental.rtcell');
        let version = 0;
        const type = async (text: string) => {
            setTextDocument(services.shared, TextDocument.create(uri.toString(), 'rtcell', ++version, text));
            await services.shared.workspace.DocumentBuilder.update([uri], []);
            return services.shared.workspace.LangiumDocuments.getDocument(uri)!;
        };
        const text = generateLargeDocument(6, 3, 8);
        await type(text);
        expect(calls.quick).toBe(1);
        await type(`${text}// a comment\n`);
        expect(calls.quick).toBe(1);
        // Cell c2's first task becomes far too long for its period: the other cells are the same objects as before.
        const late = text.replace(/(cell c2 \{[^}]*?task t0 period 10 ms wcet )20 us/, '$120 ms');
        expect(late).not.toBe(text);
        const document = await type(late);
        expect(calls.quick).toBe(2);
        // Core 2 is now overloaded: its three tasks, and nothing of the kept cells, are reported.
        const messages = unschedulable(document).map((d) => d.message);
        expect(messages).toHaveLength(3);
        for (const message of messages) expect(message).toMatch(/^Task 't[0-2]' \(cell 'c2'\) has no response-time bound: the core 2 is overloaded/);
    });
});
