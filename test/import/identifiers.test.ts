/** Jailhouse names become rtcell identifiers that parse: the keyword list follows the grammar. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../language/load.js';
import { RTCELL_KEYWORDS, toIdentifier, uniqueIn } from '../../simulator/import/jailhouse/identifiers.js';

describe('identifiers', () => {
    it('the keyword list holds every keyword of the grammar', () => {
        const grammar = readFileSync(join(__dirname, '..', '..', 'language', 'rtcell.langium'), 'utf8');
        const keywords = [...new Set([...grammar.matchAll(/'([a-zA-Z][a-zA-Z/_-]*)'/g)].map((m) => m[1]))];
        expect(keywords.filter((k) => !RTCELL_KEYWORDS.has(k))).toEqual([]);
    });

    it('odd names become identifiers that parse as cell names', async () => {
        const names = ['ZynqMP-ZCU102 PVT+SH', 'memory', 'root', '3cells', '', '...', 'ok_name', 'dma-setup', 'a"b\\c'];
        const ids = names.map((n) => toIdentifier(n, 'cell'));
        expect(ids.slice(0, 4)).toEqual(['ZynqMP-ZCU102_PVT_SH', 'memory_cell', 'root_cell', 'cell_3cells']);
        const taken = new Set<string>();
        const unique = ids.map((id) => uniqueIn(taken, id));
        expect(new Set(unique).size).toBe(unique.length);
        const text = unique.map((id, i) => `cell ${id}${i === 0 ? ' root' : ''} { cores ${i % 4} }`).join('\n');
        const { diagnostics } = await loadModelFromText(text);
        expect(diagnostics.filter((d) => /^(lexing|parsing|linking)-error$/.test(d.code))).toEqual([]);
    });
});
