/**
 * The rtcell extensions to the Language Server Protocol: every custom request, command and setting, and the types the
 * server, the VS Code extension and the timeline webview share. This file is the contract: it imports types only, so
 * the extension and the webview can import it without pulling in Langium or the analysis.
 *
 * Conventions: URIs are LSP document URIs (strings); every time is integer nanoseconds, every size integer bytes, every
 * bandwidth integer bytes per second (see simulator/model/types.ts). Ranges are 0-based (LSP).
 */
import type { AnalysisResult } from '../simulator/analysis/types.js';
import type { LatencyStatistics, Scenario } from '../simulator/engine/types.js';
import type { Trace } from '../simulator/model/trace.js';
import type { SourceRange } from '../simulator/model/types.js';
import type { TimelinePayload } from '../simulator/report/protocol.js';

// ------------------------------------------------------------------------------------------------ rtcell/analysis

/**
 * **Method:** `rtcell/analysis` (client → server request)
 *
 * The schedulability analysis of a document, from its latest consistent state: the last version that parsed and
 * validated without structural errors. While the user is typing a broken version, the answer is the previous good one
 * and `stale` is true; a document that never validated answers `analysis: null` with `reason`.
 */
export const ANALYSIS_REQUEST = 'rtcell/analysis';

export interface AnalysisParams {
    uri: string;
}

export interface AnalysisResponse {
    uri: string;
    /** Version of the text document the answer was computed from. */
    version: number;
    /** True when the current text has errors and the answer comes from an earlier version. */
    stale: boolean;
    analysis: AnalysisResult | null;
    /** Why there is no analysis (document unknown, never valid, analysis failed). */
    reason?: string;
}

// ------------------------------------------------------------------------------------------------ rtcell/simulate

/**
 * **Method:** `rtcell/simulate` (client → server request)
 *
 * Simulates the latest consistent state of a document and returns the timeline trace, the observed latencies and the
 * analysed bounds to draw next to them. Errors (unknown document, model the simulator rejects) are JSON-RPC errors
 * with code `SIMULATION_FAILED` and a message for the user.
 */
export const SIMULATE_REQUEST = 'rtcell/simulate';

export interface SimulateParams {
    uri: string;
    /** Simulated time, ns; default: two hyperperiods of the flows and tasks, capped at 1 s (see DEFAULT_SIMULATION_NS). */
    durationNs?: number;
    /** Seed for the `random` scenario; default 1. */
    seed?: number;
    /** Default `synchronous`. */
    scenario?: Scenario;
}

/** The analysed bound of one item, for comparison with what the simulation observed. */
export interface ItemBound {
    kind: 'flow' | 'task' | 'event';
    name: string;
    /** Owning cell for tasks and events. */
    cell?: string;
    /** Worst-case response time or latency bound, ns; null when the analysis found none. */
    wcrt: number | null;
    deadline: number | null;
    verdict: 'schedulable' | 'unschedulable' | 'inconclusive';
    source?: SourceRange;
}

export interface SimulateResponse {
    uri: string;
    version: number;
    stale: boolean;
    system: string;
    scenario: Scenario;
    seed: number;
    durationNs: number;
    trace: Trace;
    statistics: {
        tasks: LatencyStatistics[];
        flows: LatencyStatistics[];
        events: LatencyStatistics[];
        deadlineMisses: number;
        eventsProcessed: number;
    };
    /** Empty when the analysis could not run; the timeline then shows observations only. */
    bounds: ItemBound[];
}

/** JSON-RPC error code of a failed `rtcell/simulate` or `rtcell/analysis` (in the server-defined range). */
export const SIMULATION_FAILED = -32_001;
export const DOCUMENT_UNAVAILABLE = -32_002;

/** Default simulated span when `durationNs` is absent: 1 s is at least 50 periods of anything the examples contain. */
export const DEFAULT_SIMULATION_NS = 1_000_000_000;
/** Upper bound the server accepts for `durationNs` (60 s): longer runs belong in the CLI. */
export const MAX_SIMULATION_NS = 60_000_000_000;

// ------------------------------------------------------------------------------------------------ rtcell/observed

/**
 * **Method:** `rtcell/observed` (server → client notification)
 *
 * After the analysis of a version settles, the server simulates it in the background (a worker thread; the next edit
 * cancels it): the adversarial scenario and a few random seeds over a few hyperperiods (settings `observed`). When the
 * runs finish it sends this, then shows the observations in hover (and inlay hints when asked), and reports an item
 * whose observed latency exceeds its bound as an error (`simulation-exceeds-bound`). It sends it again, with
 * `sensitivity` filled, when the sensitivity searches that follow the runs finish.
 */
export const OBSERVED_NOTIFICATION = 'rtcell/observed';

/** The worst latency the background runs observed for one item. */
export interface ObservedItem {
    kind: 'flow' | 'task' | 'event';
    name: string;
    /** Owning cell (tasks, events). */
    cell?: string;
    /** Largest latency over all runs, ns. */
    max: number;
    /** The run and job where it was seen first. */
    scenario: Scenario;
    seed: number;
    job: number;
    /** When that job's latency started in its run (its nominal release, or the interrupt's arrival), ns; may be negative. */
    from: number;
    /** Jobs completed over all runs, and how many missed their deadline. */
    count: number;
    misses: number;
}

export interface ObservedParams {
    uri: string;
    /** Document version the runs simulated. */
    version: number;
    /** Simulated time of each run, ns. */
    durationNs: number;
    runs: Array<{ scenario: Scenario; seed: number }>;
    items: ObservedItem[];
    /** Wall time of the runs in the worker, ms. */
    elapsedMs: number;
    /** How far parameters can move before a deadline can be missed (computed by the analysis after the runs). */
    sensitivity: SensitivityItem[];
}

/**
 * One parameter's room: a task's WCET (ns) or a flow's size (bytes) can grow to `limit`, a cell's MemGuard budget
 * (events per period) can shrink to `limit`, and every item that is schedulable stays so. `capped`: the search range
 * ended there (64 times the value), so the real limit is at least that.
 */
export interface SensitivityItem {
    kind: 'task' | 'flow' | 'cell';
    name: string;
    /** Owning cell of a task. */
    cell?: string;
    what: 'wcet' | 'size' | 'budget';
    current: number;
    limit: number;
    capped: boolean;
}

// ------------------------------------------------------------------------------------------------ commands

/**
 * Commands the code lenses carry. Arguments: `[uri: string, item: string | null, kind: 'cell' | 'flow' | 'document']`:
 * each acts on its own item (a flow's Analyze reports that flow, a cell's its tasks and events). The server implements
 * them with `workspace/executeCommand` (answer: `CommandResult`) and advertises them, so they work in any LSP client;
 * a client that implements them itself (the VS Code extension) says so with `clientCommands: true` in
 * `initializationOptions`, and the server then does not advertise them (VS Code would register them twice) but still
 * answers them, which the extension uses for the reports.
 */
export const COMMANDS = {
    analyze: 'rtcell.analyze',
    simulate: 'rtcell.simulate',
    showTimeline: 'rtcell.showTimeline',
} as const;

export type LensCommandArguments = [uri: string, item: string | null, kind: 'cell' | 'flow' | 'document', focus?: TimelineFocus];

/**
 * A job to show (the hover's "show this job"): the timeline simulates the same run and zooms to it. `item` is the
 * trace's item name (`flow`, `cell.task`, `cell.event`).
 */
export interface TimelineFocus {
    item: string;
    job: number;
    scenario: Scenario;
    seed: number;
    durationNs: number;
}

/**
 * Saves a reproduction of a disagreement between the analysis and the simulator (the quick-fix of
 * `simulation-exceeds-bound`). Arguments: `[uri: string, data: AnalysisDiagnosticData]`; answers `CommandResult` with
 * `reportFile` = the JSON file written (`ReproductionFile`). Always advertised: no client implements it itself.
 */
export const SAVE_REPRODUCTION_COMMAND = 'rtcell.saveReproduction';

/** What a reproduction file holds: everything needed to replay the run and compare it with the bound. */
export interface ReproductionFile {
    format: 'rtcell-reproduction';
    version: 1;
    /** The document text that was simulated and analysed. */
    text: string;
    uri: string;
    item: { kind: 'flow' | 'task' | 'event'; name: string; cell?: string };
    run: { scenario: Scenario; seed: number; durationNs: number; job: number };
    observedNs: number;
    boundNs: number;
}

/** What `workspace/executeCommand` answers for a COMMANDS entry. */
export interface CommandResult {
    /** One line: `Analysis of flow camera: on time`. */
    title: string;
    /** The report, plain text (a table); a client without the extension also gets it as `window/showMessage`. */
    text: string;
    /** Show timeline: the standalone HTML report the server wrote (opened with `window/showDocument` when supported). */
    reportFile?: string;
}

/** `initializationOptions`: the settings (`RtcellSettings`), and whether the client implements COMMANDS itself. */
export interface RtcellInitializationOptions extends RtcellSettings {
    clientCommands?: boolean;
}

// ------------------------------------------------------------------------------------------------ settings

/**
 * Settings, read through `workspace/configuration` (section `rtcell`) and, for clients without it, from
 * `initializationOptions` (same shape: `{ inlayHints: { enabled: false } }`).
 */
export interface RtcellSettings {
    inlayHints?: {
        /** Show `WCRT … · slack …` after flows, tasks and events. Default true. */
        enabled?: boolean;
        /** Add what the background simulation observed: `· observed 2.14 ms (67 %)`. Default false. */
        observed?: boolean;
    };
    /** The background simulation (see `rtcell/observed`). */
    observed?: {
        /** Default true. */
        enabled?: boolean;
        /** Random-scenario runs beside the adversarial one. Default 2, at most 16. */
        randomSeeds?: number;
        /** Longest simulated time per run, ns (default 1 s); each run covers two hyperperiods up to this. */
        maxDurationNs?: number;
    };
    quickFixes?: {
        /** Beside each exact-minimum fix, one this many percent above it (rounded up to a whole unit); 0: none. Default 10. */
        margin?: number;
    };
}

export const SETTINGS_SECTION = 'rtcell';

// ------------------------------------------------------------------------------------------------ diagnostics

/**
 * Diagnostic codes the analysis adds (structural codes come from language/validation). Every diagnostic carries
 * `data: AnalysisDiagnosticData` so a client (and the server's quick-fixes) can act without re-parsing the message.
 */
export const ANALYSIS_CODES = {
    unschedulableFlow: 'unschedulable-flow',
    unschedulableTask: 'unschedulable-task',
    eventLatency: 'event-latency',
    inconclusive: 'analysis-inconclusive',
    vcpuInadmissible: 'vcpu-inadmissible',
    memoryOvercommit: 'memory-overcommit',
    analysisFailed: 'analysis-failed',
    /** The simulator observed a latency above the analysed bound: a bug in the analysis or the simulator. */
    simulationExceedsBound: 'simulation-exceeds-bound',
} as const;

/**
 * What identifies the item; the quick-fixes search the analysis for their values when the client asks for code
 * actions (the searches are too costly to run on every keystroke), so `data` carries no fix values.
 */
export interface AnalysisDiagnosticData {
    code: string;
    kind?: 'flow' | 'task' | 'event' | 'vcpu' | 'memory';
    name?: string;
    /** Owning cell (tasks, events, VCPUs). */
    owner?: string;
    wcrt?: number;
    deadline?: number;
    /** `simulation-exceeds-bound`: what was observed, where. */
    observed?: { max: number; scenario: Scenario; seed: number; job: number; durationNs: number };
}

// ------------------------------------------------------------------------------------------------ timeline webview

/**
 * Messages between the timeline webview (extension/webview/, also the standalone report page) and the extension
 * (extension/timeline-panel.ts), over `webview.postMessage` / `acquireVsCodeApi().postMessage`. The page posts `ready`
 * first and gets a `trace` back; it posts `reveal` when the user clicks something that has a declaration.
 */
/** Host → timeline. */
export type HostMessage =
    | ({ type: 'trace' } & TimelinePayload)
    /** Highlight an item's bars (e.g. the declaration under the editor cursor); `null` clears. With `job`, also zoom to it. */
    | { type: 'select'; item: string | null; job?: number };

/** Timeline → host. */
export type TimelineMessage =
    /** Sent once the script runs and has no trace yet: the host answers with a `trace` message. */
    | { type: 'ready' }
    /** The user clicked a bar, marker, lane name or summary row that has a declaration. */
    | { type: 'reveal'; source: SourceRange; item?: string; lane?: string }
    /** The host sent something the timeline cannot show. */
    | { type: 'error'; message: string };
