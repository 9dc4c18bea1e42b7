/**
 * The background simulation's worker thread (bundled to dist/simulation-worker.cjs): receives a model and a plan,
 * runs the simulator for each run and answers the folded observations. It runs one job at a time; the server cancels a
 * job by terminating the worker, so nothing here needs to watch for cancellation.
 */
import { parentPort } from 'node:worker_threads';
import type { SystemModel } from '../simulator/model/types.js';
import { runPlan, type ObservationPlan } from './observation-runs.js';
import type { ObservedItem } from './protocol.js';

export interface WorkerRequest {
    id: number;
    model: SystemModel;
    plan: ObservationPlan;
}

export type WorkerAnswer =
    | { id: number; ok: true; items: ObservedItem[]; elapsedMs: number }
    | { id: number; ok: false; error: string };

parentPort?.on('message', (request: WorkerRequest) => {
    const began = performance.now();
    let answer: WorkerAnswer;
    try {
        answer = { id: request.id, ok: true, items: runPlan(request.model, request.plan), elapsedMs: performance.now() - began };
    } catch (error) {
        answer = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort!.postMessage(answer);
});
