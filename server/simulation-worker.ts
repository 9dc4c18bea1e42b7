/**
 * The background simulation's worker thread (bundled to dist/simulation-worker.cjs): receives a model and a job (the
 * runs of a plan, or the sensitivity searches) and answers its result. It runs one job at a time; the server cancels a
 * job by terminating the worker, so nothing here needs to watch for cancellation.
 */
import { parentPort } from 'node:worker_threads';
import type { SystemModel } from '../simulator/model/types.js';
import { runJob, type JobAnswer, type ObservationJob } from './observation-runs.js';

export interface WorkerRequest {
    id: number;
    model: SystemModel;
    job: ObservationJob;
}

export type WorkerAnswer =
    | { id: number; ok: true; answer: JobAnswer; elapsedMs: number }
    | { id: number; ok: false; error: string };

parentPort?.on('message', (request: WorkerRequest) => {
    const began = performance.now();
    let answer: WorkerAnswer;
    try {
        answer = { id: request.id, ok: true, answer: runJob(request.model, request.job), elapsedMs: performance.now() - began };
    } catch (error) {
        answer = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort!.postMessage(answer);
});
