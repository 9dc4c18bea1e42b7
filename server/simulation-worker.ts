/**
 * The background simulation's worker thread (bundled to dist/simulation-worker.cjs): receives a model and a job (the
 * runs of a plan, or the sensitivity searches) and answers its result. It runs one job at a time; the server cancels a
 * job by terminating the worker, so nothing here needs to watch for cancellation.
 */
import { constants, setPriority } from 'node:os';
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

// Background work must not slow down the keystrokes: on Linux a thread's nice value is its own, and setpriority of
// "this process" (pid 0) from a thread sets that thread's only, so the server's main thread keeps its priority and
// preempts the runs. Elsewhere it may lower the whole process or fail: the runs only get slower or stay as they were.
try {
    setPriority(constants.priority.PRIORITY_LOW);
} catch {
    // Not permitted here: run at the normal priority.
}

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
