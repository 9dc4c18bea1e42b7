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
 * Memory reserved for the hypervisor: the last 16 MiB of the high DRAM bank, as in the Minerva tree's colored root
 * configuration (configs/arm64/zynqmp-zcu102-root-col16.c). 16 MiB, like every ZCU102 root config of the coloring
 * trees: colored regions are mapped with 4 KiB pages, and the stage-2 tables of a colored 1 GiB root alone take about
 * 2 MiB. Reserve it from Linux in the device tree (`reserved-memory`, `no-map`).
 */
export const ZCU102_HYPERVISOR_MEMORY = { start: 0x8_7f00_0000, size: 16 * MiB } as const;

/**
 * SMMU (Arm MMU-500) of the ZynqMP: register window and the stream IDs of the root cell's DMA masters, as the trees'
 * zynqmp-zcu102.c list them (0x860, 0x861: USB0/1; 0x870 with the low 4 bits masked out: SD0/1, NAND, QSPI, GEM0..3).
 * With coloring, a cell's guest-physical addresses differ from physical ones, so its DMA must go through the SMMU.
 */
export const ZCU102_SMMU = { base: 0xfd80_0000, size: 0x2_0000 } as const;
export const ZCU102_ROOT_STREAM_IDS: readonly { id: number; maskOut: number; comment: string }[] = [
    { id: 0x860, maskOut: 0x0, comment: 'USB0' },
    { id: 0x861, maskOut: 0x0, comment: 'USB1' },
    { id: 0x870, maskOut: 0xf, comment: 'SD0/1, NAND, QSPI, GEM0..3' },
];

/**
 * Stream IDs of the DMA engines' channels (TBU and master IDs of UG1085's SMMU chapter): FPD DMA 0x14e8..0x14ef, LPD
 * DMA 0x868..0x86f. TO-BE-CHECKED against UG1085 (table "SMMU stream ID allocation").
 */
export const ZCU102_DMA_STREAM_IDS: Readonly<Record<string, { id: number; maskOut: number; comment: string }>> = {
    gdma: { id: 0x14e8, maskOut: 0x7, comment: 'FPD DMA (GDMA) channels 0..7' },
    adma: { id: 0x868, maskOut: 0x7, comment: 'LPD DMA (ADMA) channels 0..7' },
};

/** Virtual PCI host controller the trees declare for ivshmem devices (mmconfig base, bridge window, INTx base SPI). */
export const ZCU102_PCI = {
    mmconfigBase: 0xfc00_0000,
    bridge: { start: 0x80_0000_0000, size: 0x100_0000 },
    /** First SPI of the virtual PCI INTx lines (the trees write `136-32` for vpci_irq_base). */
    vpciFirstSpi: 136,
} as const;

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
 * Device windows given to the root cell: the FPD/LPD peripherals up to 4 GiB (0xfd000000..0xffffffff) without the
 * SMMU's registers, as the Minerva tree's zynqmp-zcu102.c does ("MMIO low" / "MMIO high"): the hypervisor owns the
 * SMMU, so the root cell must not reach its registers. The GIC (0xf9000000) lies below and stays emulated.
 */
export const ZCU102_ROOT_MMIO: readonly { start: number; size: number; name: string }[] = [
    { start: 0xfd00_0000, size: 0x80_0000, name: 'MMIO low (permissive), below the SMMU' },
    { start: 0xfd82_0000, size: 0x27e_0000, name: 'MMIO high (permissive), above the SMMU' },
];
/** The whole on-chip peripheral window, SMMU included (for "is this a device address" checks). */
export const ZCU102_DEVICE_WINDOW = { start: 0xfd00_0000, size: 0x0300_0000 } as const;

/**
 * DMA engines the dedicated broker drives: register window (8 channels x 64 KiB) and interrupt lines (one SPI per
 * channel). FPD DMA (GDMA) at 0xfd500000, SPIs 124..131; LPD DMA (ADMA) at 0xffa80000, SPIs 77..84 (UG1085, DMA
 * chapter and interrupt table). TO-BE-CHECKED against UG1085 for your silicon revision.
 */
export const ZCU102_DMA_ENGINES: Readonly<Record<string, { base: number; size: number; irqs: readonly number[] }>> = {
    gdma: { base: 0xfd50_0000, size: 0x8_0000, irqs: [124, 125, 126, 127, 128, 129, 130, 131] },
    adma: { base: 0xffa8_0000, size: 0x8_0000, irqs: [77, 78, 79, 80, 81, 82, 83, 84] },
};

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
/**
 * The QoS-400 masters a Minerva-lineage root cell lists (its zynqmp-zcu102.c), by name and by the offset macro of that
 * tree's configs/arm64/include/zynqmp-qos-config.h, which the exported file includes. `jailhouse qos NAME:...` addresses
 * them by name.
 */
export const MINERVA_QOS_MASTERS: readonly { name: string; macro: string }[] = [
    { name: 'rpu0', macro: 'M_RPU0_BASE' },
    { name: 'rpu1', macro: 'M_RPU1_BASE' },
    { name: 'adma', macro: 'M_ADMA_BASE' },
    { name: 'afifm0', macro: 'M_AFIFM0_BASE' },
    { name: 'afifm1', macro: 'M_AFIFM1_BASE' },
    { name: 'afifm2', macro: 'M_AFIFM2_BASE' },
    { name: 'smmutbu5', macro: 'M_INITFPDSMMUTBU5_BASE' },
    { name: 'dp', macro: 'M_DP_BASE' },
    { name: 'afifm3', macro: 'M_AFIFM3_BASE' },
    { name: 'afifm4', macro: 'M_AFIFM4_BASE' },
    { name: 'afifm5', macro: 'M_AFIFM5_BASE' },
    { name: 'gpu', macro: 'M_GPU_BASE' },
    { name: 'pcie', macro: 'M_PCIE_BASE' },
    { name: 'gdma', macro: 'M_GDMA_BASE' },
    { name: 'sata', macro: 'M_SATA_BASE' },
    { name: 'coresight', macro: 'M_CORESIGHT_BASE' },
    { name: 'issib2', macro: 'ISS_IB2_BASE' },
    { name: 'issib6', macro: 'ISS_IB6_BASE' },
];

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
