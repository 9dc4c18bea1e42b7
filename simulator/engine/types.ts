/** Options and results of `simulate` (simulator/engine/index.ts). */
import type { SourceRange } from '../model/types.js';
import type { Trace } from '../model/trace.js';
import type { TraceSink } from './trace-sink.js';

/**
 * - `synchronous`: the classic critical instant. Every task and flow has its first job *actually* released at time 0
 *   with its maximal jitter (its nominal release lies J before 0), later jobs at nominal k·T - J without jitter, so the
 *   releases of every item are bunched as tightly as its jitter allows; worst-case execution times; every interrupt
 *   and every floating-broker submit arrives just as a full non-preemptible section starts on its core.
 * - `random`: random phases, release jitters, sporadic gaps, execution times in [BCET, WCET], event arrivals and
 *   non-preemptible sections, all from the seed.
 * - `adversarial`: synchronous plus patterns aimed at the analysis's worst case (docs/trace-format.md lists them).
 */
export type Scenario = 'synchronous' | 'random' | 'adversarial';
export const SCENARIOS: readonly Scenario[] = ['synchronous', 'random', 'adversarial'];

export interface SimulateOptions {
    /** Simulated time span, ns (integer > 0). */
    durationNs: number;
    /** Seed of the random choices (default 1). */
    seed?: number;
    /** Default `synchronous`. */
    scenario?: Scenario;
    /** Record the timeline trace (default false). */
    trace?: boolean;
    /**
     * Stream the trace into this sink as the run goes (trace-sink.ts) instead of returning it: the result then has no
     * `trace`, and memory does not grow with the trace. Implies recording.
     */
    traceSink?: TraceSink;
    /** Cap on recorded intervals (and, separately, markers); default 2,000,000. */
    maxTraceIntervals?: number;
    /** Called now and then (every 2¹⁸ events) with the simulated time reached, ns: for a progress display. */
    onProgress?: (simulatedNs: number) => void;
}

export type SimulatedItemKind = 'task' | 'flow' | 'event';

/** Observed latencies of one task, flow or event. All times integer ns. */
export interface LatencyStatistics {
    kind: SimulatedItemKind;
    /** Declared name (task, flow or event). */
    name: string;
    /** Owning cell for tasks and events; absent for flows. */
    cell?: string;
    /** `cell.task`, `cell.event`, or the flow name: unique across the system. */
    qualifiedName: string;
    source?: SourceRange;
    /** Completed jobs (tasks, flows) or handled interrupts (events). */
    count: number;
    /** Largest observed latency (-1 when count is 0). */
    max: number;
    min: number;
    /** Arithmetic mean, rounded to the nearest ns (display only). */
    mean: number;
    p50: number;
    p90: number;
    p99: number;
    /** Job index (0-based) at which `max` was first observed, or -1. */
    maxJob: number;
    /**
     * When that job's latency started (its nominal release, or the interrupt's arrival), ns, when `maxJob` ≥ 0.
     * Negative for a first job released late by its jitter: its latency counts from the nominal release.
     */
    maxFrom: number;
    /** Relative deadline (tasks, flows) or latency bound (events, when declared). */
    deadline?: number;
    /** Completed jobs later than their deadline, plus unfinished jobs whose deadline passed before the end. */
    misses: number;
    /** Jobs released but not finished when the simulation stopped. */
    unfinished: number;
    /** Largest (end of simulation - nominal release) among unfinished jobs: a lower bound on their latency; 0 if none. */
    maxUnfinishedAge: number;
}

export interface SimulationResult {
    system: string;
    scenario: Scenario;
    seed: number;
    durationNs: number;
    tasks: LatencyStatistics[];
    flows: LatencyStatistics[];
    events: LatencyStatistics[];
    /** Total deadline misses over all items. */
    deadlineMisses: number;
    /** Discrete events processed (queue pops), for throughput figures. */
    eventsProcessed: number;
    trace?: Trace;
}

/** A model the simulator cannot execute (inconsistent references, non-positive periods...): a clear message. */
export class SimulationInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'SimulationInputError';
    }
}
