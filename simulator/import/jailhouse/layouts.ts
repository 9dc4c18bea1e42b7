/**
 * The packed, little-endian layouts of a Jailhouse configuration (`.cell`) in the three trees rtcell knows. Every
 * offset and size below was read from the trees' own headers (`include/jailhouse/cell-config.h`, `console.h`) with an
 * offsetof/sizeof probe compiled by gcc; test/import/layouts.test.ts compiles that probe again against the headers in
 * ../shared/jailhouse/<tree> and compares it with this table, so a header change cannot go unnoticed.
 */

export type JailhouseTree = 'minerva' | 'bu' | 'mainline';
export const JAILHOUSE_TREES: readonly JailhouseTree[] = ['minerva', 'bu', 'mainline'];

/** The variable-length arrays that follow a cell descriptor, in file order. */
export type SectionKind =
    | 'cpuSet' | 'rcpuSet' | 'fpgaRegions' | 'memory' | 'coloredMemory' | 'cache' | 'irqchips' | 'pio' | 'pciDevices'
    | 'pciCaps' | 'streamIds' | 'qosDevices' | 'rcpuDevices' | 'fpgaDevices';

export interface Section {
    kind: SectionKind;
    /** Offset in the cell descriptor of the u32 that gives the count (or the byte size for byte-sized sections). */
    countAt: number;
    /** Bytes per element; 1 for sections whose count is already a byte size (cpu sets, fpga region bitmaps). */
    element: number;
}

export interface TreeLayout {
    tree: JailhouseTree;
    revision: number;
    /** Byte 5 holds the architecture (JAILHOUSE_ARM64 = 2); bu has a 6-byte signature there and no architecture. */
    hasArchitecture: boolean;
    cellDesc: {
        size: number; name: number; flags: number; vpciIrqBase: number; cpuResetAddress: number;
        msgReplyTimeout: number; console: number;
    };
    system: {
        /** sizeof(struct jailhouse_system) - sizeof(struct jailhouse_cell_desc): where the root cell starts. */
        rootCell: number; flags: number; hypervisorMemory: number; debugConsole: number;
        pciMmconfigBase: number; iommuUnits: number; arm: number;
        /** Only the minerva tree: coloring, MemGuard, QoS NIC and FPGA blocks of platform_info. */
        noSpectreMitigation?: number; color?: number; memguard?: number; qos?: number; fpga?: number;
    };
    /** sizeof(struct jailhouse_memory): 40 with the minerva `colors` field, 32 elsewhere. */
    memorySize: number;
    sections: Section[];
}

/** Sizes of the elements shared by all three trees. */
export const SIZES = {
    console: 32, cache: 12, irqchip: 32, pio: 4, pciDevice: 56, pciCap: 8, streamId: 4, iommu: 28, iommuUnits: 8,
    coloredMemory: 40, qosDevice: 20, rcpuDevice: 66, fpgaDevice: 109, fpgaBlock: 45, memguard: 48,
} as const;

export const LAYOUTS: Record<JailhouseTree, TreeLayout> = {
    minerva: {
        tree: 'minerva', revision: 14, hasArchitecture: true,
        cellDesc: { size: 152, name: 8, flags: 44, vpciIrqBase: 100, cpuResetAddress: 104, msgReplyTimeout: 112, console: 120 },
        system: {
            rootCell: 493, flags: 8, hypervisorMemory: 12, debugConsole: 52, pciMmconfigBase: 84, iommuUnits: 100, arm: 449,
            noSpectreMitigation: 96, color: 324, memguard: 340, qos: 388, fpga: 404,
        },
        memorySize: 40,
        sections: [
            { kind: 'cpuSet', countAt: 48, element: 1 }, { kind: 'rcpuSet', countAt: 52, element: 1 },
            { kind: 'fpgaRegions', countAt: 56, element: 1 }, { kind: 'memory', countAt: 60, element: 40 },
            { kind: 'cache', countAt: 64, element: 12 }, { kind: 'irqchips', countAt: 68, element: 32 },
            { kind: 'pio', countAt: 72, element: 4 }, { kind: 'pciDevices', countAt: 76, element: 56 },
            { kind: 'pciCaps', countAt: 80, element: 8 }, { kind: 'streamIds', countAt: 84, element: 4 },
            { kind: 'qosDevices', countAt: 88, element: 20 }, { kind: 'rcpuDevices', countAt: 92, element: 66 },
            { kind: 'fpgaDevices', countAt: 96, element: 109 },
        ],
    },
    bu: {
        tree: 'bu', revision: 13, hasArchitecture: false,
        cellDesc: { size: 136, name: 8, flags: 44, vpciIrqBase: 80, cpuResetAddress: 84, msgReplyTimeout: 96, console: 104 },
        system: { rootCell: 356, flags: 8, hypervisorMemory: 12, debugConsole: 44, pciMmconfigBase: 76, iommuUnits: 88, arm: 312 },
        memorySize: 32,
        sections: [
            { kind: 'cpuSet', countAt: 48, element: 1 }, { kind: 'memory', countAt: 52, element: 32 },
            { kind: 'coloredMemory', countAt: 92, element: 40 }, { kind: 'cache', countAt: 56, element: 12 },
            { kind: 'irqchips', countAt: 60, element: 32 }, { kind: 'pio', countAt: 64, element: 4 },
            { kind: 'pciDevices', countAt: 68, element: 56 }, { kind: 'pciCaps', countAt: 72, element: 8 },
            { kind: 'streamIds', countAt: 76, element: 4 },
        ],
    },
    mainline: {
        tree: 'mainline', revision: 14, hasArchitecture: true,
        cellDesc: { size: 132, name: 8, flags: 44, vpciIrqBase: 80, cpuResetAddress: 84, msgReplyTimeout: 92, console: 100 },
        system: { rootCell: 356, flags: 8, hypervisorMemory: 12, debugConsole: 44, pciMmconfigBase: 76, iommuUnits: 88, arm: 312 },
        memorySize: 32,
        sections: [
            { kind: 'cpuSet', countAt: 48, element: 1 }, { kind: 'memory', countAt: 52, element: 32 },
            { kind: 'cache', countAt: 56, element: 12 }, { kind: 'irqchips', countAt: 60, element: 32 },
            { kind: 'pio', countAt: 64, element: 4 }, { kind: 'pciDevices', countAt: 68, element: 56 },
            { kind: 'pciCaps', countAt: 72, element: 8 }, { kind: 'streamIds', countAt: 76, element: 4 },
        ],
    },
};

/** Signatures: revision-14 trees use 5 bytes plus the architecture byte; bu's revision 13 uses 6 bytes. */
export const SIGNATURES = {
    fiveByte: { system: 'JHSYS', cell: 'JHCLL' },
    sixByte: { system: 'JHSYST', cell: 'JHCELL' },
} as const;
export const ARCH_ARM64 = 2;
export const CELL_NAME_MAX = 31;
