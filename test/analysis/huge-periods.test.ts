/**
 * Periods beyond the analysis's time range (MAX_TIME, 10^15 ns) give no bound instead of a crash. Found by bench:soak
 * (seed 2, documents 42883 and 94688): a VCPU period of 4294967296 ms made the supply bound Infinity, the fixed point
 * started there, and the MemGuard co-runner bound threw "Infinity cannot be converted to a BigInt".
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../language/load.js';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import { leastFixedPoint } from '../../simulator/analysis/arith.js';

const EXAMPLE = readFileSync(new URL('../../examples/reservations.rtcell', import.meta.url), 'utf8');

describe('periods beyond the time range', () => {
    it('a fixed point that starts at Infinity has none (the step function is not called)', () => {
        let calls = 0;
        expect(leastFixedPoint(() => { calls++; return 5; }, Infinity, 1e13)).toBeUndefined();
        expect(calls).toBe(0);
    });

    it('a VCPU period of 4294967296 ms: the analysis answers without throwing', async () => {
        const text = EXAMPLE.replace(/(vcpu g0 on core 1 budget 2 ms period )\S+ ms/, '$1 4294967296 ms');
        expect(text).not.toBe(EXAMPLE);
        const loaded = await loadModelFromText(text);
        expect(loaded.model).toBeDefined();
        const r = analyzeSystem(loaded.model!);
        const poll = r.tasks.find((t) => t.name === 'poll')!;
        expect(poll.wcrt).toBeUndefined();
        expect(poll.verdict).not.toBe('schedulable');
    });
});
