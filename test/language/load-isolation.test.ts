/**
 * Documents loaded one after another in one process are independent: a name the current document does not declare is
 * a linking error even when an earlier document declared it. Found by bench:soak (seed 2, documents 1964, 4325, 6085,
 * 6213): a flow to a cell renamed away linked to the previous document's cell, the document loaded without errors and
 * the simulator then failed with "cell ... does not exist".
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../language/load.js';
import { simulate } from '../../simulator/engine/index.js';

const EXAMPLE = readFileSync(new URL('../../examples/zcu102-broker.rtcell', import.meta.url), 'utf8');

describe('loadModelFromText', () => {
    it('does not resolve names against documents loaded before', async () => {
        const first = await loadModelFromText(EXAMPLE);
        expect(first.model).toBeDefined();
        const cell = /^cell (\w+)/m.exec(EXAMPLE)![1];
        const renamed = EXAMPLE.replace(new RegExp(`^cell ${cell}\\b`, 'm'), `cell renamed_${cell}`);
        const second = await loadModelFromText(renamed);
        expect(second.model).toBeUndefined();
        expect(second.diagnostics.some((d) => d.code === 'linking-error' && d.message.includes(`'${cell}'`))).toBe(true);
    });

    it('a model it returns can be simulated (every reference is inside it)', async () => {
        await loadModelFromText(EXAMPLE);
        const again = await loadModelFromText(EXAMPLE);
        expect(() => simulate(again.model!, { durationNs: 1_000_000 })).not.toThrow();
    });
});
