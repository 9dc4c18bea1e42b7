/**
 * What an import produces before it is written as rtcell: the cells as the language can say them, and notes for
 * everything it cannot (each note names the configuration field and its value, so nothing is dropped silently).
 */
import type { RegionFlag } from '../../model/types.js';
import type { JailhouseTree } from './layouts.js';

/**
 * `lost`: the language cannot express it (comment in the output and listed in the summary on stderr).
 * `info`: a choice the importer made (comment and summary).
 */
export type NoteKind = 'lost' | 'info';

export interface ImportNote {
    kind: NoteKind;
    /** Configuration field, as Jailhouse names it (`mem_regions[3].flags`, `platform_info.iommu_units[0]`). */
    field: string;
    value: string;
    /** Why it is not expressed, or what was done. */
    reason: string;
}

export interface ImportedRegion {
    name: string;
    phys: bigint;
    virt: bigint;
    size: bigint;
    flags: RegionFlag[];
    colored: boolean;
    /** The region's own colors (Jailhouse colors each region; the language gives a cell one set: their union). */
    colors: number[];
    /** Where the region came from (`mem_regions[4]`, `col_mem[0]`, or a piece of one). */
    origin: string;
}

export interface ImportedEvent {
    name: string;
    irq: number;
}

export interface ImportedCell {
    name: string;
    /** The name in the configuration (differs from `name` only when it is not a valid rtcell identifier). */
    jailhouseName: string;
    root: boolean;
    os?: string;
    /** File the cell came from, as given on the command line. */
    source: string;
    cores: number[];
    colors: number[];
    memory: ImportedRegion[];
    events: ImportedEvent[];
    sharedWith: string[];
    notes: ImportNote[];
}

export interface ImportedSystem {
    name: string;
    tree: JailhouseTree;
    revision: number;
    /** Notes about the system configuration's platform part (hypervisor memory, debug console, GIC, IOMMU...). */
    notes: ImportNote[];
    cells: ImportedCell[];
}
