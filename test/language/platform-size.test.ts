/**
 * A core count the analysis and simulator cannot represent is an error, not an out-of-memory crash. Found by
 * bench:soak (seed 2, document 31398): `cores 4294967296` loaded without errors and the analysis ran out of memory
 * building one result per core.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../language/load.js';
import { analyzeSystem } from '../../simulator/analysis/index.js';

const EXAMPLE = readFileSync(new URL('../../examples/zcu102-broker.rtcell', import.meta.url), 'utf8');
const withCores = (n: string) => EXAMPLE.replace(/^(\s*)cores \d+/m, `$1cores ${n}`);

describe('platform size', () => {
    it('the example declares its cores on a line this test can change', () => {
        expect(withCores('7')).not.toBe(EXAMPLE);
    });

    it('4294967296 cores: a too-many-cores error and no model', async () => {
        const r = await loadModelFromText(withCores('4294967296'));
        expect(r.model).toBeUndefined();
        expect(r.diagnostics.find((d) => d.code === 'too-many-cores')?.message).toContain('at most 1024');
    });

    it('1024 cores load and analyse', async () => {
        const r = await loadModelFromText(withCores('1024'));
        expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(analyzeSystem(r.model!, { fixes: false, interfaces: false }).cores).toHaveLength(1024);
    });
});
