/**
 * The background simulation's worker thread (dist/simulation-worker.cjs, the bundle the server uses): it answers a job,
 * and it is terminated after WORKER_IDLE_MS without one, so its heap does not stay in the server's resident memory.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelFromFile } from '../../language/load.js';
import { WorkerRunner, WORKER_BUNDLE, WORKER_IDLE_MS } from '../../server/observation-runner.js';
import { planObservation } from '../../server/observation-runs.js';
import { EXAMPLES_DIR } from '../language/helpers.js';

const BUNDLE = join(resolve(import.meta.dirname, '../..'), 'dist', WORKER_BUNDLE);

describe('the simulation worker', () => {
    it('answers a job, then goes away when idle and comes back for the next job', async () => {
        const { model } = await loadModelFromFile(join(EXAMPLES_DIR, 'zcu102-broker.rtcell'));
        const runner = new WorkerRunner(BUNDLE);
        try {
            const plan = planObservation(model!, { randomSeeds: 1, maxDurationNs: 20_000_000 });
            const first = await runner.run(model!, { task: 'observe', plan });
            expect(first.answer.task).toBe('observe');
            expect(runner.hasWorker).toBe(true);
            await new Promise((r) => setTimeout(r, WORKER_IDLE_MS + 500));
            expect(runner.hasWorker).toBe(false);
            const second = await runner.run(model!, { task: 'observe', plan });
            expect(second.answer).toEqual(first.answer);
        } finally {
            runner.dispose();
        }
    });
});
