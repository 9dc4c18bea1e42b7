/**
 * Import and export agree on what the language says: for every ZCU102 configuration of the three trees, importing
 * what the export wrote from an import gives the same rtcell again (comments aside). One cycle turns a tree's
 * configuration into rtcell's terms (docs/import.md, "How ownership is translated"); after that, import ∘ export is
 * the identity. A difference here is a bug in one of the two.
 */
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JAILHOUSE_TREES } from '../../simulator/import/jailhouse/index.js';
import { importExportCycle, roundTripCases } from './round-trip.js';

const declarations = (text: string) => text.split('\n').filter((l) => !/^\s*\/\//.test(l)).join('\n');

describe('import ∘ export is a fixpoint after one cycle', () => {
    for (const tree of JAILHOUSE_TREES) {
        it(tree, async () => {
            for (const c of roundTripCases(tree)) {
                const name = `${basename(c.system)}${c.inmate ? ` + ${basename(c.inmate)}` : ''}`;
                const first = await importExportCycle(tree, [c.system, ...(c.inmate ? [c.inmate] : [])]);
                expect(first.exported.length, `${name}: first import exports`).toBe(c.inmate ? 2 : 1);
                const second = await importExportCycle(tree, first.exported);
                expect(second.exported.length, `${name}: second import checks and exports`).toBe(c.inmate ? 2 : 1);
                const third = await importExportCycle(tree, second.exported);
                expect(declarations(third.text), name).toBe(declarations(second.text));
            }
        }, 300_000);
    }
});
