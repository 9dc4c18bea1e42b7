/**
 * A small soak (bench/soak.ts runs the large one): generated and mutated documents through loading, analysis and a
 * short simulation, and rapid edits through the bundled language server (dist/server.cjs, built by `npm test`). Every
 * exception, a server exit or a failed request is a crash; the goal is none.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { soakDocuments, soakServer } from '../../bench/soak.js';
import { soakDocument } from '../../bench/soak-documents.js';

const SERVER = resolve(import.meta.dirname, '..', '..', 'dist', 'server.cjs');

describe('soak', () => {
    it('documents are deterministic per seed and number, and most are not the plain generated text', () => {
        expect(soakDocument(3, 17, [])).toBe(soakDocument(3, 17, []));
        const texts = new Set(Array.from({ length: 50 }, (_, k) => soakDocument(3, k, [])));
        expect(texts.size).toBeGreaterThan(45);
    });

    it('300 generated and mutated documents: no crash in loading, analysis or simulation', async () => {
        const report = await soakDocuments({ documents: 300, minutes: 2, seed: 11 });
        expect(report.crashes.map((c) => `${c.stage} #${c.document}: ${c.error.split('\n')[0]}`)).toEqual([]);
        expect(report.documents).toBe(300);
        // Some documents stay valid and reach the analysis and the simulator.
        expect(report.analysed).toBeGreaterThan(50);
        expect(report.simulated).toBe(report.valid);
    }, 120_000);

    it('100 rapid edits through the language server: no crash, the last edit gets diagnostics', async () => {
        expect(existsSync(SERVER), `${SERVER} (run npm run build)`).toBe(true);
        const report = await soakServer(100, 5);
        expect(report.crashes).toEqual([]);
    }, 120_000);
});
