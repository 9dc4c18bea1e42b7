/**
 * Results of the schedulability analysis (`analyzeSystem`). Consumed by the language server (diagnostics, hover
 * tables, inlay hints, quick-fixes), the CLI (`rtcell analyze`, `--json`) and the simulator's comparison view.
 *
 * Units: every time is integer nanoseconds, every size integer bytes, every bandwidth integer bytes per second,
 * MemGuard budgets also in LLC-refill events per MemGuard period. Nothing here is ever a float, except the
 * utilisation figures, which are for display only and never decide a verdict.
 * The equations behind every number are in docs/analysis.md; the JSON form is described in docs/analysis-json.md.
 */
import type { SourceRange } from '../model/types.js';

/**
 * - `schedulable`: the bound is at most the deadline (or the event's latency bound).
 * - `unschedulable`: the bound exceeds the deadline, or the latency is provably unbounded (then `wcrt` is absent).
 * - `inconclusive`: the analysis could not produce a bound (no fixed point below the horizon, memory bandwidth
 *   over-subscribed, a reservation that is not admissible...); `reason` says why. Never a silent missing result.
 */
export type Verdict = 'schedulable' | 'unschedulable' | 'inconclusive';

export type ItemKind = 'flow' | 'task' | 'event';

/**
 * One named term of a bound. Where the bound is a sum (flows, tasks, events), the values of `terms` add up exactly to
 * `wcrt`. A value may be negative only for `self-backlog` (previous jobs' work minus the periods between them).
 */
export interface BoundTerm {
    /** Stable identifier, e.g. `blocking`, `interference`, `dma-transfer`, `memguard` (see docs/analysis-json.md). */
    id: string;
    /** Short human label, e.g. "blocking by a lower-priority chunk". */
    label: string;
    /** ns. */
    value: number;
    /** One sentence explaining where the number comes from. */
    explanation: string;
}

/** A flow or task that delays the item, with its declaration (for "go to" and hover links). */
export interface Interferer {
    kind: 'flow' | 'task' | 'broker-work' | 'irq';
    name: string;
    /** The owning cell, for tasks. */
    owner?: string;
    source?: SourceRange;
    /** Why it interferes: `higher-priority`, `earlier-deadline`, `blocking`, `floating-broker` (its broker sections run on the core), `notification` (its IRQ entries and notification traps, dedicated broker), `co-runner`. */
    relation: string;
}

/** The budget that throttles the item, if any (DMA regulation for flows, MemGuard for tasks). */
export interface ThrottlingBudget {
    kind: 'dma' | 'memguard';
    /** Core number for MemGuard. */
    core?: number;
    bytesPerSecond: number;
    /** DMA: bytes per MemGuard period; MemGuard: LLC-refill events per period. */
    perPeriod: number;
    source?: SourceRange;
}

/** A priority assignment that makes a fixed-priority set schedulable (Audsley's optimal priority assignment). */
export interface PriorityOrderFix {
    /** Where the order applies: `broker` for flows, `core N` or `vcpu NAME` for tasks. */
    scope: string;
    /** Names from most urgent to least urgent. */
    order: string[];
    /** Suggested priority numbers (larger = more urgent), same order as `order`. */
    priorities: number[];
}

/**
 * What would make an infeasible item feasible. Each value is found by re-running the analysis (binary search or
 * Audsley's algorithm), so applying it to the model makes the item schedulable, and the next value in the search
 * direction does not. A field is absent when no value in the searched range works, or when it does not apply.
 */
export interface Fixes {
    /** Smallest DMA regulation budget, bytes/s (flows). */
    dmaBudget?: { bytesPerSecond: number; bytesPerPeriod: number };
    /** Smallest MemGuard budget of the item's core (tasks): events per period, and the smallest bytes/s that gives them. */
    memguardBudget?: { core: number; eventsPerPeriod: number; bytesPerSecond: number };
    /** Largest chunk size, bytes (flows): applied to the broker and to every flow that uses the broker's chunk size. */
    chunkSize?: number;
    /** Smallest budget of the item's VCPU, ns, at its current period (tasks and events on a VCPU). */
    vcpuBudget?: { vcpu: string; budget: number };
    /** Smallest relative deadline (or event latency bound) that the item meets, ns. */
    deadline?: number;
    /** A priority order that makes every item of the item's fixed-priority set schedulable. */
    priorityOrder?: PriorityOrderFix;
    /** Longest length of the critical section that blocks the task most (its first `blockedBy` cause with a section), ns. */
    sectionLength?: { task: string; owner: string; resource: string; index: number; length: number };
    /**
     * The fix searches that ran out of their work budget before finishing (docs/analysis.md §8), by the name of the
     * field they would have filled: nothing is claimed about those fixes.
     */
    stopped?: (keyof Omit<Fixes, 'stopped'>)[];
}

export interface ItemResult {
    kind: ItemKind;
    name: string;
    /** Cell name for tasks and events; for flows `from -> to`. */
    owner?: string;
    source?: SourceRange;
    /** Worst-case response time / latency bound, ns; absent when there is none (see `reason`). */
    wcrt?: number;
    /** Relative deadline (tasks, flows) or latency bound (events), ns; absent for an event without a bound. */
    deadline?: number;
    /** deadline - wcrt, ns (negative when late); absent when either is absent. */
    slack?: number;
    verdict: Verdict;
    /** Why there is no bound, or why the verdict is what it is when it is not a plain comparison. */
    reason?: string;
    terms: BoundTerm[];
    /** Id of the largest term. */
    dominant?: string;
    interferers: Interferer[];
    throttledBy?: ThrottlingBudget;
    /** Which job of the busy period gave the worst case (0 = the first); informative. */
    criticalJob?: number;
    /** Unschedulable items: always (possibly empty). Inconclusive items: only when some value works. Schedulable: absent. */
    fixes?: Fixes;
    /** Tasks: the critical sections that set the `blocking` term, one per kind of blocking (docs/analysis.md §10). */
    blockedBy?: BlockingCause[];
}

/** A critical section of another task that can delay the item (shared resources, docs/analysis.md §10). */
export interface BlockingCause {
    /** `local`: SRP/PCP on the item's core or VCPU; `remote`: waiting for a global resource held on another core (MPCP). */
    kind: 'local' | 'remote' | 'boosted';
    resource: string;
    /** `local` (of the task's cell) or `global`. */
    scope: 'local' | 'global';
    task: string;
    owner: string;
    source?: SourceRange;
    /** Length of the section, ns. */
    length: number;
    /** Position of the section among its task's sections (for the section-length fix). */
    index?: number;
    /** ns this cause adds to the bound (one section for local blocking; every wait for remote blocking). */
    value: number;
}

export interface CoreResult {
    core: number;
    /** `cell`, `vcpus` (time-shared), `broker` (dedicated broker core) or `idle`. */
    usage: 'cell' | 'vcpus' | 'broker' | 'idle';
    cells: string[];
    /** Guest task utilisation (sum of wcet/period of the tasks on the core); display only. */
    taskUtilisation: number;
    /** Reservation load (sum of budget/period of the VCPUs on the core); display only. */
    reservationLoad: number;
    /** Hypervisor work charged to the core by flows (floating broker sections, IRQ entries) per second, ns/s. */
    hypervisorLoad: number;
    /** Longest non-preemptible section on the core, ns (hypervisor sections or floating-broker work). */
    longestNonPreemptible: number;
    /** MemGuard budget enforced on the core, if regulated. */
    memguard?: { bytesPerSecond: number; eventsPerPeriod: number };
    verdict: Verdict;
    reason?: string;
}

export interface VcpuResult {
    name: string;
    cell: string;
    core: number;
    budget: number;
    period: number;
    source?: SourceRange;
    /** The VCPU receives its full budget in every period (rate-monotonic response-time test on its core). */
    admissible: boolean;
    /** Worst-case time within a period until the budget is delivered, ns (the VCPU's response time on its core). */
    responseTime?: number;
    /** Smallest budget at this period that keeps the guest's tasks schedulable (the guest's interface), ns. */
    minimalBudget?: number;
    /**
     * The search for `minimalBudget` ran out of its work budget (docs/analysis.md §8): the smallest budget is above
     * `above` ns and at most `atMost` ns (absent when no budget was found to work before it stopped).
     */
    minimalBudgetStopped?: { above: number; atMost?: number };
    verdict: Verdict;
    reason?: string;
}

export interface MemoryCoreBudget {
    core: number;
    cell: string;
    bytesPerSecond: number;
    eventsPerPeriod: number;
}

export interface MemoryResult {
    /** MemGuard period, ns. */
    period: number;
    cores: MemoryCoreBudget[];
    /** DMA regulation budget, absent when the DMA is not regulated (then it is not counted, see docs). */
    dma?: { bytesPerSecond: number; bytesPerPeriod: number };
    /** Sum of the core budgets and the DMA budget, bytes/s. */
    total: number;
    guaranteed: number;
    verdict: Verdict;
    reason?: string;
}

export interface AnalysisResult {
    system: string;
    brokerMode?: 'dedicated' | 'floating';
    brokerPolicy?: 'fixed-priority' | 'edf';
    flows: ItemResult[];
    tasks: ItemResult[];
    events: ItemResult[];
    cores: CoreResult[];
    vcpus: VcpuResult[];
    memory: MemoryResult;
    /** Counts over flows, tasks and events. */
    summary: { schedulable: number; unschedulable: number; inconclusive: number };
    /** Problems that keep the analysis from running as a whole (bad references in a hand-built model...). */
    errors: string[];
}

/** A "what if" change for `analyzeWithOverrides` and the fix searches. Every field is optional. */
export interface ModelOverrides {
    /** DMA regulation budget in bytes/s; `null` removes the regulation. */
    dmaBudgetBytesPerSecond?: number | null;
    /** Broker chunk size (also applied to flows that use the broker's chunk size). */
    chunkSize?: number;
    /** MemGuard budget of a cell, events per period (the bytes/s form is derived). */
    cellBudgetEvents?: { cell: string; eventsPerPeriod: number }[];
    /** MemGuard budget of every cell running on a core (events per period). */
    coreBudgetEvents?: { core: number; eventsPerPeriod: number }[];
    /** VCPU budgets, ns. */
    vcpuBudgets?: { cell: string; vcpu: string; budget: number }[];
    /** Relative deadlines (tasks and flows) or latency bounds (events), ns. */
    deadlines?: { kind: ItemKind; name: string; owner?: string; value: number }[];
    /** Priorities (tasks and flows). */
    priorities?: { kind: 'task' | 'flow'; name: string; owner?: string; value: number }[];
    /** Critical-section lengths, ns: the `index`-th section of task `task` of cell `cell`. */
    sectionLengths?: { cell: string; task: string; index: number; length: number }[];
}
