/** A Jailhouse configuration as the bytes hold it: every field of the tree's layout, decoded but not interpreted. */
import type { JailhouseTree } from './layouts.js';

export interface RawMemory {
    phys: bigint;
    virt: bigint;
    size: bigint;
    flags: bigint;
    /** The minerva `colors` field (meaningful with JAILHOUSE_MEM_COLORED) or the bu `col_mem` entry's mask. */
    colors: bigint;
    /** True for an entry of the bu `col_mem` array. */
    fromColoredArray: boolean;
}

export interface RawConsole {
    address: bigint; size: number; type: number; flags: number; divider: number; gateNr: number; clockReg: bigint;
}

export interface RawIrqchip { address: bigint; id: number; pinBase: number; pinBitmap: number[] }
export interface RawCache { start: number; size: number; type: number; flags: number }
export interface RawPio { base: number; length: number }
export interface RawPciDevice {
    type: number; iommu: number; domain: number; bdf: number; barMask: number[]; capsStart: number; numCaps: number;
    numMsiVectors: number; msiBits: number; numMsixVectors: number; msixRegionSize: number; msixAddress: bigint;
    shmemRegionsStart: number; shmemDevId: number; shmemPeers: number; shmemProtocol: number;
}
export interface RawPciCap { id: number; start: number; len: number; flags: number }
export interface RawQosDevice { name: string; flags: number; base: number }
export interface RawRcpuDevice { rcpuId: number; name: string; compatible: string }
export interface RawFpgaDevice { dto: string; module: string; bitstream: string; regionId: number; confAddr: bigint; flags: number }

export interface RawCell {
    name: string;
    id: number;
    flags: number;
    /** CPU numbers whose bit is set in the cpu set. */
    cpus: number[];
    cpuSetSize: number;
    rcpuSet: number[];
    fpgaRegions: number[];
    memory: RawMemory[];
    cache: RawCache[];
    irqchips: RawIrqchip[];
    pio: RawPio[];
    pciDevices: RawPciDevice[];
    pciCaps: RawPciCap[];
    streamIds: number[];
    qosDevices: RawQosDevice[];
    rcpuDevices: RawRcpuDevice[];
    fpgaDevices: RawFpgaDevice[];
    vpciIrqBase: number;
    cpuResetAddress: bigint;
    msgReplyTimeout: bigint;
    console: RawConsole;
}

export interface RawIommu { type: number; base: bigint; size: number; extra: number[] }

export interface RawPlatform {
    pciMmconfigBase: bigint; pciMmconfigEndBus: number; pciIsVirtual: number; pciDomain: number;
    iommuUnits: RawIommu[];
    arm: { maintenanceIrq: number; gicVersion: number; gicd: bigint; gicc: bigint; gich: bigint; gicv: bigint; gicr: bigint };
    /** minerva only */
    noSpectreMitigation?: number;
    color?: { waySize: bigint; rootMapOffset: bigint };
    memguard?: {
        numIrqs: number; hvTimer: number; irqPrioMin: number; irqPrioMax: number; irqPrioStep: number;
        irqPrioThreshold: number; numPmuIrq: number; pmuCpuIrq: number[];
    };
    qos?: { nicBase: bigint; nicSize: bigint };
    fpga?: { baseBitstream: string; baseAddr: bigint; flags: number; maxRegions: number };
}

export interface RawSystem {
    flags: number;
    hypervisorMemory: RawMemory;
    debugConsole: RawConsole;
    platform: RawPlatform;
}

export interface RawConfig {
    kind: 'system' | 'cell';
    tree: JailhouseTree;
    revision: number;
    /** Byte length of the image. */
    length: number;
    /** Bytes after what the header's counts cover (ignored by Jailhouse, and here). */
    trailing: number;
    system?: RawSystem;
    cell: RawCell;
}
