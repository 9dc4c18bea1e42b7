/**
 * Where the background simulation runs: a worker thread (dist/simulation-worker.cjs next to the server bundle), so a
 * long run never delays a keystroke, or, for tests without the bundle, the server's own thread on a later turn of the
 * event loop. One job at a time: starting a job cancels the one in progress (the worker is terminated and replaced).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SystemModel } from '../simulator/model/types.js';
import { runJob, type JobAnswer, type ObservationJob } from './observation-runs.js';
import type { WorkerAnswer, WorkerRequest } from './simulation-worker.js';

export interface RunnerAnswer {
    answer: JobAnswer;
    elapsedMs: number;
}

/** Rejected with this when a newer job replaced the job. */
export class CancelledRun extends Error {
    constructor() {
        super('cancelled by a newer version');
    }
}

export interface ObservationRunner {
    run(model: SystemModel, job: ObservationJob): Promise<RunnerAnswer>;
    /** Stops the job in progress (its promise rejects with CancelledRun). */
    cancel(): void;
    dispose(): void;
}

export const WORKER_BUNDLE = 'simulation-worker.cjs';

/** The worker bundle beside the running server bundle (dist/), or undefined when running from sources. */
export function findWorkerBundle(): string | undefined {
    const here = typeof __filename === 'string' ? dirname(__filename) : undefined;
    const candidate = here ? join(here, WORKER_BUNDLE) : undefined;
    return candidate && existsSync(candidate) ? candidate : undefined;
}

/**
 * A worker with no job for this long is terminated: its own heap (the model, the simulator's state) is tens of MiB of
 * the server's resident memory, and a new one starts in tens of milliseconds at the next job.
 */
export const WORKER_IDLE_MS = 3_000;

export class WorkerRunner implements ObservationRunner {
    private worker: Worker | undefined;
    private idleTimer: NodeJS.Timeout | undefined;
    private pending: { id: number; resolve(a: RunnerAnswer): void; reject(e: Error): void } | undefined;
    private nextId = 1;

    constructor(private readonly bundle: string) {}

    run(model: SystemModel, job: ObservationJob): Promise<RunnerAnswer> {
        this.cancel();
        clearTimeout(this.idleTimer);
        const worker = this.ensureWorker();
        const id = this.nextId++;
        return new Promise<RunnerAnswer>((resolve, reject) => {
            this.pending = { id, resolve, reject };
            const request: WorkerRequest = { id, model, job };
            worker.postMessage(request);
        });
    }

    cancel(): void {
        const pending = this.pending;
        if (!pending) return;
        this.pending = undefined;
        // The simulator runs synchronously in the worker: terminating it is the only way to stop it now.
        void this.worker?.terminate();
        this.worker = undefined;
        pending.reject(new CancelledRun());
    }

    dispose(): void {
        this.cancel();
        clearTimeout(this.idleTimer);
        void this.worker?.terminate();
        this.worker = undefined;
    }

    /** True while a worker thread exists (tests: it goes away after WORKER_IDLE_MS without a job). */
    get hasWorker(): boolean {
        return this.worker !== undefined;
    }

    private retireWhenIdle(worker: Worker): void {
        clearTimeout(this.idleTimer);
        this.idleTimer = setTimeout(() => {
            if (this.worker !== worker || this.pending) return;
            this.worker = undefined;
            void worker.terminate();
        }, WORKER_IDLE_MS);
        this.idleTimer.unref();
    }

    private ensureWorker(): Worker {
        if (this.worker) return this.worker;
        const worker = new Worker(this.bundle);
        worker.unref(); // never keeps the server alive on its own
        worker.on('message', (answer: WorkerAnswer) => {
            const pending = this.pending;
            if (!pending || pending.id !== answer.id) return;
            this.pending = undefined;
            this.retireWhenIdle(worker);
            if (answer.ok) pending.resolve({ answer: answer.answer, elapsedMs: answer.elapsedMs });
            else pending.reject(new Error(answer.error));
        });
        worker.on('error', (error) => {
            if (this.worker === worker) this.worker = undefined;
            const pending = this.pending;
            this.pending = undefined;
            pending?.reject(error);
        });
        this.worker = worker;
        return worker;
    }
}

/** Runs on the server's thread after the current turn: for tests, and where no worker bundle exists. */
export class InProcessRunner implements ObservationRunner {
    private generation = 0;

    run(model: SystemModel, job: ObservationJob): Promise<RunnerAnswer> {
        const generation = ++this.generation;
        return new Promise<RunnerAnswer>((resolve, reject) => {
            setImmediate(() => {
                if (generation !== this.generation) return reject(new CancelledRun());
                const began = performance.now();
                try {
                    resolve({ answer: runJob(model, job), elapsedMs: performance.now() - began });
                } catch (error) {
                    reject(error instanceof Error ? error : new Error(String(error)));
                }
            });
        });
    }

    cancel(): void {
        this.generation++;
    }

    dispose(): void {
        this.cancel();
    }
}
