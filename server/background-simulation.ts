/**
 * The background simulation: once a version of a document is analysed, simulate it off the main thread and keep what
 * was observed beside the bounds (hover, inlay hints, the disagreement diagnostic). The next edit of any document
 * cancels a run in progress; a version whose model equals the last one simulated (a comment, a re-indentation) reuses
 * its observations without running again.
 */
import { Emitter, type Event } from 'vscode-languageserver';
import type { SystemModel } from '../simulator/model/types.js';
import type { ObservationRunner } from './observation-runner.js';
import { CancelledRun } from './observation-runner.js';
import { planObservation, SENSITIVITY_BUDGET_MS, type ObservationSettings } from './observation-runs.js';
import type { ObservedItem, ObservedParams, SensitivityItem } from './protocol.js';

/** What was observed for one version of a document. */
export interface Observation extends ObservedParams {
    /** The parsed root it belongs to (hover and hints only use an observation of the version they show). */
    root: object;
}

/** Pause after a version is analysed before its runs start (a keystroke within it cancels them for free). */
export const START_DELAY_MS = 150;

interface Simulated {
    fingerprint: string;
    params: Omit<ObservedParams, 'uri' | 'version'>;
}

export class BackgroundSimulation {
    private readonly observations = new Map<string, Observation>();
    /** The last finished run per document, by model fingerprint. */
    private readonly simulated = new Map<string, Simulated>();
    private readonly running = new Map<string, object>();
    private readonly emitter = new Emitter<Observation>();
    private readonly failures = new Emitter<{ uri: string; error: string }>();

    private startTimer: ReturnType<typeof setTimeout> | undefined;

    constructor(
        private readonly runner: ObservationRunner | undefined,
        private readonly settings: () => ObservationSettings & { enabled: boolean },
        private readonly startDelayMs = START_DELAY_MS,
    ) {}

    /** Fired when a version's observations are ready (after a run, or reused). */
    get onObserved(): Event<Observation> {
        return this.emitter.event;
    }

    /** Fired when a run failed (the simulator rejected the model or threw): the server logs it. */
    get onFailed(): Event<{ uri: string; error: string }> {
        return this.failures.event;
    }

    get enabled(): boolean {
        return !!this.runner && this.settings().enabled;
    }

    /** The observations of exactly this version (root), if its runs finished. */
    get(uri: string, root: object): Observation | undefined {
        const observation = this.observations.get(uri);
        return observation && observation.root === root ? observation : undefined;
    }

    /** True while the runs of this version are in progress. */
    isRunning(uri: string, root: object): boolean {
        return this.running.get(uri) === root;
    }

    /** The observation of one item in an observation, by kind, cell and name. */
    static itemOf(observation: Observation | undefined, kind: string, name: string, cell: string | undefined): ObservedItem | undefined {
        return observation?.items.find((i) => i.kind === kind && i.name === name && (kind === 'flow' || i.cell === cell));
    }

    /** Simulates a freshly analysed version (cancelling whatever runs), or reuses the last runs of an equal model. */
    schedule(uri: string, version: number, root: object, model: SystemModel, fingerprint: string): void {
        if (!this.runner || !this.settings().enabled) return;
        if (this.observations.get(uri)?.root === root || this.running.get(uri) === root) return;
        const last = this.simulated.get(uri);
        if (last && last.fingerprint === fingerprint) {
            this.publish({ uri, version, root, ...last.params });
            return;
        }
        const plan = planObservation(model, this.settings());
        this.running.clear(); // the runner does one job at a time: this one replaces any other
        this.running.set(uri, root);
        clearTimeout(this.startTimer);
        // Started after a short pause: while the user types, every version is replaced before its runs could finish,
        // and starting (then terminating) a worker for each would take CPU from the keystrokes.
        this.startTimer = setTimeout(() => {
            if (this.running.get(uri) === root) this.start(uri, version, root, model, fingerprint, plan);
        }, this.startDelayMs);
    }

    private start(uri: string, version: number, root: object, model: SystemModel, fingerprint: string, plan: ReturnType<typeof planObservation>): void {
        const still = () => this.running.get(uri) === root;
        const failed = (error: unknown) => {
            if (still()) this.running.delete(uri);
            if (!(error instanceof CancelledRun)) this.failures.fire({ uri, error: error instanceof Error ? error.message : String(error) });
        };
        this.runner!.run(model, { task: 'observe', plan }).then(({ answer, elapsedMs }) => {
            if (!still() || answer.task !== 'observe') return;
            const params = { durationNs: plan.durationNs, runs: plan.runs, items: answer.items, elapsedMs, sensitivity: [] as SensitivityItem[] };
            this.publish({ uri, version, root, ...params });
            // Then the sensitivity searches (the analysis re-run many times): shown when they finish.
            this.runner!.run(model, { task: 'sensitivity', budgetMs: SENSITIVITY_BUDGET_MS }).then(({ answer: room }) => {
                if (!still() || room.task !== 'sensitivity') return;
                this.running.delete(uri);
                const complete = { ...params, sensitivity: room.sensitivity };
                this.simulated.set(uri, { fingerprint, params: complete });
                this.publish({ uri, version, root, ...complete });
            }, failed);
        }, failed);
    }

    /** A newer version of `uri` is being built: whatever runs for an older one is useless now. */
    cancel(uri: string): void {
        if (!this.running.has(uri)) return;
        this.running.delete(uri);
        clearTimeout(this.startTimer);
        this.runner?.cancel();
    }

    forget(uri: string): void {
        this.cancel(uri);
        this.observations.delete(uri);
        this.simulated.delete(uri);
    }

    dispose(): void {
        clearTimeout(this.startTimer);
        this.runner?.dispose();
        this.emitter.dispose();
        this.failures.dispose();
    }

    private publish(observation: Observation): void {
        this.observations.set(observation.uri, observation);
        this.emitter.fire(observation);
    }
}
