/**
 * The analysis never changes the model it is given (docs: simulator/analysis/overrides.ts, copy on write): a fix
 * search that wrote into the input once shortened a critical section of the caller's model, and the simulation run
 * on the same model afterwards showed a smaller latency than the system has.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import type { CriticalSection } from '../../simulator/model/types.js';
import { cell, MS, system, task } from '../simulator/model-builder.js';
import { buildSystem, systemPlan } from '../simulator/system-arbitrary.js';

const local = (resource: string, length: number): CriticalSection => ({ resource, scope: 'local', length });

describe('the analysis leaves its input alone', () => {
    it('the section-length fix search does not shorten the caller\'s section', () => {
        const model = system({
            cells: [cell('c', {
                cores: [0], scheduler: 'edf', resources: [{ name: 'R', scope: 'local', cells: ['c'] }],
                tasks: [
                    task('a', { period: 4 * MS, wcet: 2 * MS, core: 0, sections: [local('R', 1 * MS)] }),
                    task('b', { period: 100 * MS, wcet: 3 * MS, core: 0, sections: [local('R', 3 * MS)] }),
                ],
            })],
        });
        const before = JSON.stringify(model);
        const a = analyzeSystem(model).tasks[0];
        expect(a.fixes?.sectionLength).toBeDefined(); // the search ran
        expect(JSON.stringify(model)).toBe(before);
    });

    it('every fix search on generated systems leaves the model as it was', () => {
        fc.assert(fc.property(systemPlan, (plan) => {
            const model = buildSystem(plan);
            const before = JSON.stringify(model);
            analyzeSystem(model);
            expect(JSON.stringify(model)).toBe(before);
        }), { numRuns: 60, seed: 17 });
    });
});
