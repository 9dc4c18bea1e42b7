/**
 * The Jailhouse export plan: a convention-neutral description of every configuration the exporter writes. The C
 * renderers print it; it is also written beside the C as a JSON summary so tools and tests can read the export
 * without parsing C.
 */
import type { ColorConvention } from './color-mask.js';

export type ColoringOption = ColorConvention | 'none';

/** Jailhouse memory-region flags (JAILHOUSE_MEM_<name>); COLORED is added by the Minerva renderer. */
export type JailhouseMemFlag =
    | 'READ'
    | 'WRITE'
    | 'EXECUTE'
    | 'DMA'
    | 'IO'
    | 'COMM_REGION'
    | 'LOADABLE'
    | 'ROOTSHARED';

/**
 * Why a region is in a configuration:
 * - `source`: a region the .rtcell file declares for this cell;
 * - `shared-copy`: another cell's region this cell shares (`shared with`);
 * - `handover`: an inmate's plain region also listed in the root cell, which Jailhouse takes from the root cell at
 *   `cell create` (unless the inmate's copy is ROOTSHARED) and gives back at `cell destroy`;
 * - `board`: a device the board needs (root MMIO windows, PCI host bridge, inmate console UART, broker DMA);
 * - `comm`: the Jailhouse communication region;
 * - `channel`: the shared-memory channel of a flow (`sourceRegion` names the flow);
 * - `broker`: the dedicated broker cell's RAM.
 */
export type RegionOrigin = 'source' | 'shared-copy' | 'handover' | 'board' | 'comm' | 'channel' | 'broker';

export interface PlannedRegion {
    comment: string;
    origin: RegionOrigin;
    /** Declaring cell and region name for `source`, `shared-copy` and `handover`. */
    sourceCell?: string;
    sourceRegion?: string;
    phys: number;
    virt: number;
    size: number;
    flags: JailhouseMemFlag[];
    /** Sorted colors when the region is exported colored. */
    colors?: number[];
    /**
     * A colored root region whose content need not be copied into its colors at `jailhouse enable` (Minerva:
     * JAILHOUSE_MEM_COLORED_NO_COPY): the handover of a colored inmate region holds nothing of Linux's.
     */
    noCopy?: boolean;
}

/** An SMMU stream ID with the bits the match ignores. */
export interface PlannedStreamId {
    id: number;
    maskOut: number;
    comment: string;
}

export interface PlannedIrqchip {
    address: number;
    pinBase: number;
    /** Four 32-bit words, bit i of word w = interrupt pinBase + 32·w + i. */
    pinBitmap: [number, number, number, number];
}

export interface PlannedCell {
    name: string;
    root: boolean;
    /** Output file name of this cell's C source. */
    file: string;
    os?: string;
    /** Physical CPUs in the cell's CPU set. */
    cpus: number[];
    regions: PlannedRegion[];
    irqchips: PlannedIrqchip[];
    /** Interrupts (SPIs) routed to this cell, from its events. */
    irqs: number[];
    /** Console UART the cell's own code uses (inmates) or the hypervisor debug console (root). */
    consoleAddress: number;
    /** SMMU stream IDs of the DMA masters the cell owns. */
    streamIds: PlannedStreamId[];
    /** The dedicated broker's cell (not declared in the .rtcell file). */
    broker?: boolean;
}

/** A flow's shared-memory channel. */
export interface ChannelPlan {
    flow: string;
    from: string;
    to: string;
    phys: number;
    size: number;
    messageBytes: number;
}

export interface MemguardLine {
    cpu: number;
    /** Who runs on the core: a cell name, `broker`, or `root (idle)`. */
    owner: string;
    periodUs: number;
    /** Budget in PMU events per period; absent: the core is not regulated. */
    budgetEvents?: number;
    bytesPerSecond?: number;
    eventType: number;
}

export interface QosSetting {
    device: string;
    /** Regulator block address (NIC base + device offset). */
    regulatorAddress: number;
    bytesPerSecond: number;
    bytesPerPeriod: number;
    rate: number;
    burst: number;
}

export interface JailhousePlan {
    system: string;
    coloring: ColoringOption;
    numColors: number;
    pageSize: number;
    wayBytes: number;
    hypervisorMemory: { phys: number; size: number };
    cells: PlannedCell[];
    memguard: MemguardLine[];
    qos?: QosSetting;
    channels: ChannelPlan[];
}
