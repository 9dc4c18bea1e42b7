/**
 * A cell's memory regions as rtcell `memory` lines: flags mapped one to one, colors decoded by the tree's convention.
 * What a line cannot say (sub-page regions, flags without a word, the communication region, empty placeholders,
 * addresses beyond 2^53) becomes a note naming the field.
 */
import { decodeColorMask } from './color-convention.js';
import { LANGUAGE_FLAGS, MEM, OTHER_MEMORY_BITS } from './jailhouse-flags.js';
import type { ImportedRegion, ImportNote } from './imported-system.js';
import type { JailhouseTree } from './layouts.js';
import type { RawCell, RawMemory } from './raw-config.js';
import { hex, intSet, sizeText } from './text-values.js';

export interface PlatformGeometry {
    colors: number;
    pageSize: number;
}

export interface RegionImport {
    regions: ImportedRegion[];
    notes: ImportNote[];
}

/** The communication region every rtcell inmate gets on export: guest 0x80000000, one page, read/write. */
const USUAL_COMM_REGION = { virt: 0x8000_0000n, size: 0x1000n, flags: MEM.READ | MEM.WRITE | MEM.COMM_REGION };

function knownBits(tree: JailhouseTree): bigint {
    let bits = LANGUAGE_FLAGS.reduce((acc, [, bit]) => acc | bit, MEM.COMM_REGION | MEM.IO_WIDTH_MASK);
    for (const [, bit] of OTHER_MEMORY_BITS) bits |= bit;
    if (tree !== 'minerva') bits &= ~(MEM.COLORED_NO_COPY | MEM.TMP_ROOT_REMAP);
    return tree === 'minerva' ? bits | MEM.COLORED : bits;
}

function describe(m: RawMemory): string {
    const virt = m.virt !== m.phys ? ` guest ${hex(m.virt)}` : '';
    return `phys ${hex(m.phys)}${virt} size ${hex(m.size)} flags ${hex(m.flags)}${m.colors !== 0n ? ` colors ${hex(m.colors)}` : ''}`;
}

/** Converts the regions of `cell`; `fieldOf(i)` names the i-th region as the configuration does. */
export function importRegions(cell: RawCell, tree: JailhouseTree, geometry: PlatformGeometry): RegionImport {
    const result: RegionImport = { regions: [], notes: [] };
    const lost = (field: string, m: RawMemory, reason: string) => result.notes.push({ kind: 'lost', field, value: describe(m), reason });
    let plain = 0;
    let colored = 0;
    for (const m of cell.memory) {
        const field = m.fromColoredArray ? `col_mem[${colored++}]` : `mem_regions[${plain++}]`;
        if (m.flags & MEM.COMM_REGION) {
            const usual = m.virt === USUAL_COMM_REGION.virt && m.size === USUAL_COMM_REGION.size && m.flags === USUAL_COMM_REGION.flags;
            result.notes.push({
                kind: usual ? 'info' : 'lost', field, value: `communication region, guest ${hex(m.virt)}, ${sizeText(m.size)}, flags ${hex(m.flags)}`,
                reason: usual ? "rtcell's export gives every inmate this communication region" : 'the language has no communication-region declaration; rtcell\'s export puts it at guest 0x80000000, 4 KiB',
            });
            continue;
        }
        if (m.size === 0n) {
            lost(field, m, 'empty region (a placeholder, e.g. of an ivshmem device): the language has no empty regions');
            continue;
        }
        if (m.phys + m.size > BigInt(Number.MAX_SAFE_INTEGER) || m.virt + m.size > BigInt(Number.MAX_SAFE_INTEGER)) {
            lost(field, m, 'address beyond 2^53: not representable in the system model');
            continue;
        }
        const page = BigInt(geometry.pageSize);
        if (m.phys % page !== 0n || m.size % page !== 0n || (m.virt !== m.phys && m.virt % page !== 0n)) {
            lost(field, m, `not aligned to the ${geometry.pageSize}-byte page: the language requires page-aligned regions`);
            continue;
        }
        const flags = LANGUAGE_FLAGS.filter(([, bit]) => (m.flags & bit) !== 0n).map(([name]) => name);
        if (flags.length === 0) {
            lost(field, m, 'no access flags: a region without flags would get the language\'s default flags');
            continue;
        }
        const extra = OTHER_MEMORY_BITS.filter(([, bit]) => (m.flags & bit) !== 0n).map(([name]) => name);
        const width = Number((m.flags & MEM.IO_WIDTH_MASK) >> 16n);
        if (width !== 0) extra.push(`JAILHOUSE_MEM_IO_WIDTH=${width}`);
        const unknown = m.flags & ~knownBits(tree);
        if (unknown !== 0n) extra.push(`unknown bits ${hex(unknown)}`);
        if (extra.length > 0) {
            result.notes.push({ kind: 'lost', field: `${field}.flags`, value: extra.join(' | '), reason: 'the language has no word for these flags; the region is imported without them' });
        }
        const isColored = tree === 'bu' ? m.fromColoredArray : tree === 'minerva' && (m.flags & MEM.COLORED) !== 0n;
        let regionColors: number[] = [];
        if (isColored) {
            const decoded = decodeColorMask(m.colors, tree, geometry.colors);
            if (decoded.stray !== 0n) {
                result.notes.push({ kind: 'lost', field: `${field}.colors`, value: hex(decoded.stray), reason: `bits beyond the platform's ${geometry.colors} colors` });
            }
            if (decoded.colors.length === 0) {
                result.notes.push({ kind: 'lost', field: `${field}.colors`, value: hex(m.colors), reason: 'a colored region without any color: imported as a plain region' });
            } else {
                regionColors = decoded.colors;
            }
        } else if (m.colors !== 0n) {
            result.notes.push({ kind: 'lost', field: `${field}.colors`, value: hex(m.colors), reason: 'colors set on a region not marked JAILHOUSE_MEM_COLORED: Jailhouse ignores them' });
        }
        result.regions.push({ name: '', phys: m.phys, virt: m.virt, size: m.size, flags, colored: regionColors.length > 0, colors: regionColors, origin: field });
    }
    return result;
}

/** The cell's color set: the union of its colored regions' colors, with a note for each region that had fewer. */
export function cellColors(regions: readonly ImportedRegion[]): { colors: number[]; notes: ImportNote[] } {
    const colored = regions.filter((r) => r.colored);
    const colors = [...new Set(colored.flatMap((r) => r.colors))].sort((a, b) => a - b);
    const notes: ImportNote[] = colored.filter((r) => r.colors.length !== colors.length).map((r) => ({
        kind: 'lost', field: `${r.origin}.colors`, value: intSet(r.colors),
        reason: `the language gives one color set per cell: the region is imported with the cell's colors ${intSet(colors)}`,
    }));
    return { colors, notes };
}
