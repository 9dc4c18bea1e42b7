/**
 * The background simulation: once a version of a document is analysed, simulate it off the main thread and keep what
 * was observed beside the bounds (hover, inlay hints, the disagreement diagnostic). The next edit of a document
 * cancels its runs in progress; documents take turns on the one runner; a version whose model equals the last one
 * simulated (a comment, a re-indentation) reuses its observations without running again.
 */
import { Emitter, type Event } from 'vscode-languageserver';
import type { SystemModel } from '../simulator/model/types.js';
import type { ObservationRunner } from './observation-runner.js';
import { CancelledRun } from './observation-runner.js';
import { planObservation, SENSITIVITY_BUDGET_MS, type ObservationPlan, type ObservationSettings } from './observation-runs.js';
import type { ObservedItem, ObservedParams, SensitivityItem } from './protocol.js';

/** What was observed for one version of a document. */
export interface Observation extends ObservedParams {
    /** The parsed root it belongs to (hover and hints only use an observation of the version they show). */
    root: object;
}

/** Pause after a version is analysed before its runs start (a keystroke within it cancels them for free). */
export const START_DELAY_MS = 150;

interface PendingJob {
    version: number;
    root: object;
    model: SystemModel;
    fingerprint: string;
    plan: ObservationPlan;
}

interface Simulated {
    fingerprint: string;
    params: Omit<ObservedParams, 'uri' | 'version'>;
}

export class BackgroundSimulation {
    private readonly observations = new Map<string, Observation>();
    /** The last finished run per document, by model fingerprint. */
    private readonly simulated = new Map<string, Simulated>();
    /** The latest analysed version of each document still waiting for (or in) its runs. */
    private readonly wanted = new Map<string, PendingJob>();
    private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
    /** Documents whose start delay passed, in order; the runner takes them one at a time. */
    private ready: string[] = [];
    private active: { uri: string; root: object } | undefined;
    private readonly emitter = new Emitter<Observation>();
    private readonly failures = new Emitter<{ uri: string; error: string }>();

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

    /** True while the runs of this version are waiting or in progress. */
    isRunning(uri: string, root: object): boolean {
        return this.wanted.get(uri)?.root === root;
    }

    /** The observation of one item in an observation, by kind, cell and name. */
    static itemOf(observation: Observation | undefined, kind: string, name: string, cell: string | undefined): ObservedItem | undefined {
        return observation?.items.find((i) => i.kind === kind && i.name === name && (kind === 'flow' || i.cell === cell));
    }

    /**
     * Simulates a freshly analysed version, or reuses the last runs of an equal model. Versions of different documents
     * run one after the other; a newer version of the same document replaces the older one's runs.
     */
    schedule(uri: string, version: number, root: object, model: SystemModel, fingerprint: string): void {
        if (!this.runner || !this.settings().enabled) return;
        if (this.wanted.get(uri)?.root === root) return;
        const observed = this.observations.get(uri);
        if (observed?.root === root) {
            // The same version validated again (Langium republishes its diagnostics without the disagreements): say
            // the observations again so the publisher adds them back.
            this.emitter.fire(observed);
            return;
        }
        const last = this.simulated.get(uri);
        if (last && last.fingerprint === fingerprint) {
            this.cancel(uri);
            this.publish({ uri, version, root, ...last.params });
            return;
        }
        this.cancel(uri);
        this.wanted.set(uri, { version, root, model, fingerprint, plan: planObservation(model, this.settings()) });
        // Started after a short pause: while the user types, every version is replaced before its runs could finish,
        // and starting (then terminating) a worker for each would take CPU from the keystrokes.
        this.timers.set(uri, setTimeout(() => {
            this.timers.delete(uri);
            if (!this.ready.includes(uri)) this.ready.push(uri);
            this.pump();
        }, this.startDelayMs));
    }

    /** A newer version of `uri` is being built (or it closed): whatever runs for an older one is useless now. */
    cancel(uri: string): void {
        this.wanted.delete(uri);
        clearTimeout(this.timers.get(uri));
        this.timers.delete(uri);
        this.ready = this.ready.filter((u) => u !== uri);
        if (this.active?.uri === uri) {
            this.active = undefined;
            this.runner?.cancel();
            this.pump();
        }
    }

    /** Starts the next ready document's runs when the runner is free. */
    private pump(): void {
        if (this.active) return;
        const uri = this.ready.shift();
        const job = uri !== undefined ? this.wanted.get(uri) : undefined;
        if (uri === undefined) return;
        if (!job) return this.pump();
        const active = { uri, root: job.root };
        this.active = active;
        const current = () => this.active === active;
        const done = () => {
            if (!current()) return;
            this.active = undefined;
            if (this.wanted.get(uri)?.root === job.root) this.wanted.delete(uri);
            this.pump();
        };
        const failed = (error: unknown) => {
            if (!(error instanceof CancelledRun)) this.failures.fire({ uri, error: error instanceof Error ? error.message : String(error) });
            done();
        };
        const { version, root, model, fingerprint, plan } = job;
        this.runner!.run(model, { task: 'observe', plan }).then(({ answer, elapsedMs }) => {
            if (!current() || answer.task !== 'observe') return;
            const params = { durationNs: plan.durationNs, runs: plan.runs, items: answer.items, elapsedMs, sensitivity: [] as SensitivityItem[] };
            this.publish({ uri, version, root, ...params });
            // Then the sensitivity searches (the analysis re-run many times): shown when they finish.
            this.runner!.run(model, { task: 'sensitivity', budgetMs: SENSITIVITY_BUDGET_MS }).then(({ answer: room }) => {
                if (!current() || room.task !== 'sensitivity') return;
                const complete = { ...params, sensitivity: room.sensitivity };
                this.simulated.set(uri, { fingerprint, params: complete });
                this.wanted.delete(uri); // before publishing: the observation is complete
                this.publish({ uri, version, root, ...complete });
                done();
            }, failed);
        }, failed);
    }

    forget(uri: string): void {
        this.cancel(uri);
        this.observations.delete(uri);
        this.simulated.delete(uri);
    }

    dispose(): void {
        for (const timer of this.timers.values()) clearTimeout(timer);
        this.runner?.dispose();
        this.emitter.dispose();
        this.failures.dispose();
    }

    private publish(observation: Observation): void {
        this.observations.set(observation.uri, observation);
        this.emitter.fire(observation);
    }
}
