/** Same model, duration, seed and scenario: the same result and trace, byte for byte; another seed: another run. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../language/load.js';
import { simulate, SCENARIOS } from '../../simulator/engine/index.js';

const EXAMPLE = new URL('../../examples/zcu102-broker.rtcell', import.meta.url);

describe('determinism', () => {
    it.each(SCENARIOS)('%s: two runs give byte-identical results and traces', async (scenario) => {
        const { model } = await loadModelFromText(readFileSync(EXAMPLE, 'utf8'));
        expect(model).toBeDefined();
        const a = JSON.stringify(simulate(model!, { durationNs: 200_000_000, seed: 99, scenario, trace: true }));
        const b = JSON.stringify(simulate(model!, { durationNs: 200_000_000, seed: 99, scenario, trace: true }));
        expect(a.length).toBeGreaterThan(10_000);
        expect(a === b).toBe(true);
    });

    it('the seed drives the random scenario', async () => {
        const { model } = await loadModelFromText(readFileSync(EXAMPLE, 'utf8'));
        const a = JSON.stringify(simulate(model!, { durationNs: 100_000_000, seed: 1, scenario: 'random', trace: true }).trace);
        const b = JSON.stringify(simulate(model!, { durationNs: 100_000_000, seed: 2, scenario: 'random', trace: true }).trace);
        expect(a).not.toBe(b);
    });

    it('caps the trace and says so', async () => {
        const { model } = await loadModelFromText(readFileSync(EXAMPLE, 'utf8'));
        const r = simulate(model!, { durationNs: 100_000_000, scenario: 'random', trace: true, maxTraceIntervals: 100 });
        expect(r.trace!.intervals.start.length).toBe(100);
        expect(r.trace!.truncated).toBe(true);
        const full = simulate(model!, { durationNs: 100_000_000, scenario: 'random', trace: true });
        expect(full.trace!.truncated).toBe(false);
        // The statistics do not depend on the trace.
        expect(full.tasks).toEqual(r.tasks);
    });
});
