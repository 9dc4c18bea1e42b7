/**
 * The rtcell system model: the plain, JSON-serialisable description of a partitioned system that the language
 * lowers to and that the analysis, the simulator and the exporters consume.
 *
 * Conventions (every consumer relies on them):
 * - times are integer nanoseconds, sizes and addresses integer bytes, bandwidths integer bytes per second;
 * - presets and defaults are already applied: every field is filled in, nothing is left for a consumer to default;
 * - priorities: a larger number is more urgent (as in FreeRTOS and the broker prototype);
 * - every element carries the range of its declaration in the source (`source`), 0-based like LSP.
 *
 * Nothing here imports Langium or VS Code: the model must run anywhere.
 */

/** A position in a source document, 0-based line and character (LSP convention). */
export interface SourcePosition {
    line: number;
    character: number;
}

/** Where an element was declared. `uri` is absent for models built in code. */
export interface SourceRange {
    uri?: string;
    start: SourcePosition;
    end: SourcePosition;
}

export interface Located {
    source?: SourceRange;
}

export type SchedulerKind = 'fixed-priority' | 'edf';
export type BrokerPolicy = 'fixed-priority' | 'edf';
export type BrokerMode = 'dedicated' | 'floating';

export interface SystemModel extends Located {
    /** The system's name from `system "name"`, or the file's base name. */
    name: string;
    platform: Platform;
    hypervisor: Hypervisor;
    cells: Cell[];
    flows: Flow[];
    /** Resources shared between cells (MPCP, vMPCP on VCPUs; docs/semantics.md §9). Absent means none. */
    resources?: Resource[];
}

export interface DmaEngine extends Located {
    /** `gdma` (FPD DMA) or `adma` (LPD DMA) on the ZCU102; any name on a custom platform. */
    name: string;
    channels: number;
    /** Sustained copy rate of one transfer in bytes per second (assumption: calibrate for your board). */
    rate: number;
}

export interface Platform extends Located {
    /** Preset the platform started from (`zcu102`), or `custom`. */
    preset: string;
    cores: number;
    clockHz: number;
    llc: {
        size: number;
        ways: number;
        lineSize: number;
    };
    pageSize: number;
    /** Derived: (llc.size / llc.ways) / pageSize. 16 on the ZCU102. */
    colors: number;
    dram: {
        size: number;
        banks: number;
        /** Guaranteed ("saturation") DRAM bandwidth in bytes/s: the budget all regulated masters must share. */
        guaranteedBandwidth: number;
    };
    dmaEngines: DmaEngine[];
}

/** Per-occurrence costs charged by the hypervisor and the broker, all integer ns (assumptions with defaults). */
export interface Overheads {
    /** Sender's trapping MMIO write that notifies the broker. */
    notify: number;
    /** Broker work to pick and dispatch one chunk. */
    dispatch: number;
    /** Programming the DMA channel for one chunk. */
    dmaSetup: number;
    /** Delivering one inter-processor interrupt. */
    ipi: number;
    /** Entering the guest's interrupt handler (IRQ entry through the hypervisor). */
    irqEntry: number;
    /** Longest non-preemptible hypervisor section on any core (hypercalls, traps), excluding broker work. */
    nonPreemptible: number;
}

/**
 * A MemGuard-style budget. Both forms are always present: `eventsPerPeriod` is what the regulator enforces
 * (LLC refills of `platform.llc.lineSize` bytes per `hypervisor.memguardPeriod`), `bytesPerSecond` is the same
 * budget as a bandwidth (rounded down when the conversion is not exact).
 */
export interface MemBudget extends Located {
    bytesPerSecond: number;
    eventsPerPeriod: number;
}

/** The DMA regulation budget: bytes the broker's DMA may move per MemGuard period (QoS-400 style). */
export interface DmaBudget extends Located {
    bytesPerSecond: number;
    bytesPerPeriod: number;
}

export interface Broker extends Located {
    mode: BrokerMode;
    /** The core the dedicated broker owns; absent for the floating broker. */
    core?: number;
    policy: BrokerPolicy;
    /** Largest amount moved by one non-preemptive DMA step (the receiver's posted RX buffer). */
    chunkSize: number;
    /** Name of the DMA engine the broker uses (one of `platform.dmaEngines`). */
    dma: string;
    /** The DMA regulation budget; absent means the DMA is not regulated. */
    dmaBudget?: DmaBudget;
}

export interface Hypervisor extends Located {
    kind: 'jailhouse';
    /** MemGuard regulation period, ns (default 1 ms). */
    memguardPeriod: number;
    /** The inter-VM broker; absent when the file declares none (then there can be no flows). */
    broker?: Broker;
    overheads: Overheads;
    /**
     * vMPCP budget overrun: a VCPU whose job holds a global resource keeps running past its exhausted budget until the
     * section ends (the overrun is not paid back). Absent or false: the budget is enforced and the section waits for
     * the next budget (docs/semantics.md §9).
     */
    vcpuOverrun?: boolean;
    /**
     * vMPCP VCPU boosting: a VCPU one of whose jobs holds a global resource is scheduled before the other VCPUs of its
     * core that hold none (when it may run: budget left, or overrun). Absent or false: rate-monotonic order only.
     */
    vcpuBoost?: boolean;
}

export type RegionFlag = 'read' | 'write' | 'execute' | 'dma' | 'io' | 'loadable' | 'root-shared';

export interface MemoryRegion extends Located {
    name: string;
    /** Physical start address. */
    phys: number;
    /** Guest-physical (virtual) start address; equals `phys` unless given. */
    virt: number;
    size: number;
    flags: RegionFlag[];
    /** Colored with the owning cell's colors: spans size·colors/|cell.colors| physical bytes. */
    colored: boolean;
    /** Cells this region may overlap with on purpose (`shared with`). */
    sharedWith: string[];
}

export interface Vcpu extends Located {
    name: string;
    core: number;
    /** Reservation budget per period, ns; budget == period means the core is owned whole. */
    budget: number;
    period: number;
}

/** Where a task or event runs: a physical core, and the VCPU on it if the cell uses reservations. */
export interface Placement {
    core: number;
    vcpu?: string;
}

export interface Task extends Located {
    name: string;
    /** Period, or minimum inter-arrival time when `sporadic`. */
    period: number;
    sporadic: boolean;
    wcet: number;
    bcet: number;
    /** Relative deadline; defaults to the period. */
    deadline: number;
    /** Larger is more urgent. Defaulted deadline-monotonically when not written (see `priorityDeclared`). */
    priority: number;
    priorityDeclared: boolean;
    jitter: number;
    /** LLC refills (cache-line fetches from DRAM) one job makes in the worst case. */
    memoryRefills: number;
    placement: Placement;
    /** Critical sections of each job, in execution order from its start (docs/semantics.md §9). Absent means none. */
    sections?: CriticalSection[];
}

export interface IrqEvent extends Located {
    name: string;
    irq: number;
    /** The latency bound the event must meet, ns (absent: reported, not checked). */
    latencyBound?: number;
    placement: Placement;
}

export interface Cell extends Located {
    name: string;
    root: boolean;
    /** Guest OS label (`linux`, `freertos`, ...), informative. */
    os?: string;
    /** Physical cores owned exclusively. */
    cores: number[];
    /** VCPU reservations (time-shared cores). */
    vcpus: Vcpu[];
    scheduler: SchedulerKind;
    colors: number[];
    banks: number[];
    memory: MemoryRegion[];
    /** MemGuard budget for each core the cell runs on; absent means unregulated. */
    budget?: MemBudget;
    /** Cells this cell shares colors, banks or memory with on purpose. */
    sharedWith: string[];
    tasks: Task[];
    events: IrqEvent[];
    /** Resources local to this cell (SRP / priority ceiling, docs/semantics.md §9). Absent means none. */
    resources?: Resource[];
}

export interface Flow extends Located {
    name: string;
    from: string;
    to: string;
    /** Bytes per message. */
    size: number;
    /** Period, or minimum inter-arrival time when `sporadic`. */
    period: number;
    sporadic: boolean;
    deadline: number;
    /** Larger is more urgent (used by the fixed-priority broker). */
    priority: number;
    priorityDeclared: boolean;
    jitter: number;
    /** Chunk size for this flow: the flow's override or the broker's chunk size. */
    chunkSize: number;
}

/**
 * A resource used under mutual exclusion (docs/semantics.md §9). A local one belongs to one cell and is shared by the
 * tasks of one core or VCPU of that cell (stack resource policy); a global one is shared by the tasks of the cells it
 * names, on any cores (multiprocessor priority ceiling protocol, MPCP; vMPCP when a user runs on a VCPU).
 */
export interface Resource extends Located {
    name: string;
    scope: 'local' | 'global';
    /** The cells that may use it: the owner of a local resource, the named cells of a global one. */
    cells: string[];
}

/** One critical section of a task's job: `length` ns of its execution hold `resource`. */
export interface CriticalSection extends Located {
    /** Name of a resource of the task's cell (`scope` local) or of the system (`scope` global). */
    resource: string;
    scope: 'local' | 'global';
    length: number;
}
