/**
 * Fixed facts about the Xilinx ZCU102 that a Jailhouse configuration needs and the rtcell model does not carry.
 * Each constant names its source. Values marked TO-BE-CHECKED are our reading of the public sources and must be
 * verified against AMD UG1085 (TRM) / UG1087 (register reference) before relying on them.
 */

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** DRAM banks of the 4 GiB PS DDR4 (Jailhouse zcu102 root cell config; DOMAIN.md section 1). */
export const ZCU102_DRAM_BANKS: readonly { start: number; size: number }[] = [
    { start: 0x0, size: 2 * GiB },
    { start: 0x8_0000_0000, size: 2 * GiB },
];

/**
 * Memory reserved for the hypervisor: the first 4 MiB of the high DRAM bank, as in upstream Jailhouse's
 * configs/arm64/zynqmp-zcu102.c (reserved from Linux through the device tree).
 */
export const ZCU102_HYPERVISOR_MEMORY = { start: 0x8_0000_0000, size: 4 * MiB } as const;

/** GICv2 (Jailhouse zynqmp-zcu102.c platform_info). */
export const ZCU102_GIC = {
    version: 2,
    gicd: 0xf901_0000,
    gicc: 0xf902_f000,
    gich: 0xf904_0000,
    gicv: 0xf906_f000,
    maintenanceIrq: 25,
    /** Interrupt IDs implemented (SGIs + PPIs + SPIs): 188 (DOMAIN.md; TUM-lineage memguard configs). */
    numIrqs: 188,
    /** First shared peripheral interrupt; lower IDs are per-core SGIs/PPIs that need no routing. */
    firstSpi: 32,
    /** One Jailhouse irqchip entry covers 4 x 32 pins. */
    pinsPerIrqchip: 128,
} as const;

/** PMU overflow SPIs of cores 0..3 and the EL2 (hypervisor) timer PPI, used by MemGuard (DOMAIN.md section 1). */
export const ZCU102_PMU_IRQS: readonly number[] = [175, 176, 177, 178];
export const ZCU102_HYP_TIMER_PPI = 26;

/** UART0 (Linux ttyPS0, Jailhouse debug console) and UART1 (inmate console in upstream demo cells), Cadence UART. */
export const ZCU102_UART0 = 0xff00_0000;
export const ZCU102_UART1 = 0xff01_0000;
export const ZCU102_UART_SIZE = 0x1000;

/**
 * Device window given to the root cell: everything from the FPD/LPD peripherals up to 4 GiB
 * (0xfd000000..0xffffffff), as older upstream zcu102 root configs do when the SMMU is not used by the hypervisor.
 * The GIC (0xf9000000) lies below and stays emulated by Jailhouse.
 */
export const ZCU102_ROOT_MMIO = { start: 0xfd00_0000, size: 0x0300_0000 } as const;


/** Where inmates find their Jailhouse communication region by default (upstream inmate demos). */
export const DEFAULT_COMM_REGION_VIRT = 0x8000_0000;
export const COMM_REGION_SIZE = 0x1000;

/**
 * Offset at which the Minerva/TUM-lineage hypervisor temporarily maps colored cell memory into the root cell to load
 * images (its ROOT_MAP_OFFSET default). TO-BE-CHECKED against the fork you build.
 */
export const MINERVA_ROOT_MAP_OFFSET = 0xc0_0000_0000;

/**
 * QoS-400 regulators (ARM CoreLink NIC-400 QoS-400) of the DMA masters. Offsets are from the FPD GPV base
 * 0xfd700000; the LPD GPV starts 0xa00000 above it (0xfe100000). The ZCU102 register map in the BU/TUM Jailhouse
 * forks gives GDMA at +0x4f100 and ADMA at +0xa44100. TO-BE-CHECKED against UG1087 (FPD_GPV / LPD_GPV).
 * Register offsets inside one regulator block follow the QoS-400 layout (read_qos at +0x00 ... ar_r at +0x2c).
 */
export const ZCU102_QOS_NIC_BASE = 0xfd70_0000;
export const ZCU102_QOS_NIC_SIZE = 0x10_0000;
export const ZCU102_QOS_DEVICES: Readonly<Record<string, { offset: number; label: string }>> = {
    gdma: { offset: 0x4_f100, label: 'FPD DMA (GDMA) master, FPD GPV' },
    adma: { offset: 0xa4_4100, label: 'LPD DMA (ADMA) master, LPD GPV' },
};
export const QOS400_REGISTERS = {
    qosCntl: 0x0c,
    awB: 0x1c,
    awR: 0x20,
    arB: 0x28,
    arR: 0x2c,
} as const;

/**
 * ASSUMPTIONS for the QoS-400 conversion from bytes/s to the regulator's rate field (calibrate for your board):
 * the regulators count AXI transactions at the interconnect clock, and one DMA transaction moves one full burst.
 */
export const QOS_INTERCONNECT_CLOCK_HZ = 533_333_333; // ASSUMPTION: FPD TOPSW_MAIN clock of the default PS config
export const QOS_BYTES_PER_TRANSACTION = 256; // ASSUMPTION: GDMA 128-bit bus x 16-beat bursts

/** ARMv8 PMU event counted by MemGuard: L2D_CACHE_REFILL (Arm ARM, PMUv3 common events). */
export const PMU_EVENT_L2D_CACHE_REFILL = 0x17;
