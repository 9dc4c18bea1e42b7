/**
 * Platform presets and hypervisor defaults. Facts carry their source (see shared DOMAIN brief and docs/language.md);
 * figures marked ASSUMPTION are ours, overridable in the language, to be calibrated on the user's board.
 */
import type { Overheads, Platform } from './types.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** Xilinx ZCU102 (Zynq UltraScale+ ZU9EG), the four Cortex-A53 application cores. */
export function zcu102Preset(): Platform {
    return {
        preset: 'zcu102',
        cores: 4, // Jailhouse Documentation/setup-on-zynqmp-zcu102.md
        clockHz: 1_199_999_988, // Linux zynqmp.dtsi top OPP
        llc: { size: 1 * MiB, ways: 16, lineSize: 64 }, // AMD UG1085, L2 memory subsystem
        pageSize: 4 * KiB,
        colors: 16, // (1 MiB / 16 ways) / 4 KiB
        dram: {
            size: 4 * GiB, // Jailhouse zcu102 root cell config
            banks: 16, // DDR4: 4 bank groups x 4 banks
            guaranteedBandwidth: 3_200_000_000, // ASSUMPTION: measure the saturation bandwidth on your board
        },
        dmaEngines: [
            { name: 'gdma', channels: 8, rate: 1_600_000_000 }, // FPD DMA, 8 channels (UG1085); rate ASSUMPTION
            { name: 'adma', channels: 8, rate: 800_000_000 }, // LPD DMA, 8 channels (UG1085); rate ASSUMPTION
        ],
    };
}

export const PLATFORM_PRESETS: Readonly<Record<string, () => Platform>> = {
    zcu102: zcu102Preset,
};

/** Derived number of cache colors: way size over page size. */
export function deriveColors(llcSize: number, ways: number, pageSize: number): number {
    if (ways <= 0 || pageSize <= 0) return 0;
    return Math.floor(llcSize / ways / pageSize);
}

/** ASSUMPTION: default hypervisor and broker overheads (ns); calibrate for your board. */
export function defaultOverheads(): Overheads {
    return {
        notify: 1_500,
        dispatch: 2_000,
        dmaSetup: 800,
        ipi: 1_000,
        irqEntry: 500,
        nonPreemptible: 6_000,
    };
}

/** MemGuard's default regulation period (Yun et al.): 1 ms. */
export const DEFAULT_MEMGUARD_PERIOD_NS = 1_000_000;

/** The prototype driver posts 4 KiB RX buffers, so the broker moves at most 4 KiB per chunk by default. */
export const DEFAULT_CHUNK_SIZE = 4 * KiB;

export const DEFAULT_BROKER_DMA = 'gdma';
