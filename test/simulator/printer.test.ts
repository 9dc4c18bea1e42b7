/**
 * The .rtcell printer used for regression files: a printed model must load back (no errors) into the same model, as
 * far as the simulation and the analysis can tell (sources aside).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../language/load.js';
import { printRtcell } from '../../simulator/engine/rtcell-printer.js';
import type { SystemModel } from '../../simulator/model/types.js';
import { systemPlan, buildSystem } from './system-arbitrary.js';

/** Drops `source` and fields the printer does not claim to reproduce (derived or informative ones). */
function comparable(model: SystemModel): unknown {
    return JSON.parse(JSON.stringify(model, (key, value) => (key === 'source' || key === 'priorityDeclared' || key === 'name' && value === 'generated' ? undefined : value)));
}

describe('rtcell printer', () => {
    it('round-trips generated systems through the language', async () => {
        const samples = fc.sample(systemPlan, { numRuns: 25, seed: 4242 });
        for (const plan of samples) {
            const model = buildSystem(plan);
            const text = printRtcell(model, 'round trip');
            const loaded = await loadModelFromText(text);
            const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
            expect(errors, text).toEqual([]);
            const back = comparable(loaded.model!) as SystemModel;
            const original = comparable(model) as SystemModel;
            expect(back.cells, text).toEqual(original.cells);
            expect(back.flows, text).toEqual(original.flows);
            expect(back.hypervisor, text).toEqual(original.hypervisor);
        }
    });
});
