/**
 * Reads built .cell files (the bytes `jailhouse enable` / `cell create` receive) with the layout of the target tree
 * (offsets from the tree's headers, see jailhouse-trees.ts) and models what the trees' source does with them:
 *
 * - `jailhouse enable` / `cell create` (driver/cell.c checks signature, revision and architecture; both read as many
 *   bytes as the header describes): the header fields, the file holding the whole configuration, no region over the hypervisor's
 *   memory, the root cell's regions mapped into its guest-physical space without two of them claiming one guest page
 *   for different memory, and nothing of the root cell over the SMMU's registers (the hypervisor owns the SMMU);
 * - `cell create` (hypervisor/control.c): every region that is neither COMM_REGION nor ROOTSHARED is unmapped from the
 *   root cell at guest-physical = physical; for a colored region (Minerva coloring.c, color_do_op with
 *   COL_OP_DESTROY) that is the compact range [phys, phys + ways · colors · page), where ways = ⌈pages / colors⌉;
 *   the cell's CPUs must be the root's and no other cell's;
 * - `cell load` (control.c remap_to_root_cell, driver/cell.c load_image): each LOADABLE region is mapped into the root
 *   cell through the root regions that hold its physical start; the driver then writes the image at the region's
 *   physical address (plain) or at root_map_offset + its guest address (colored), so the region must be covered in
 *   full, by identity-mapped root regions (plain) or by one root region (colored), and be writable;
 * - isolation after each `cell create`: no physical page is held by two cells unless the files declare it shared
 *   (an inmate region marked ROOTSHARED for the root cell; the same region listed by every inmate that holds it).
 *   Colored regions are expanded page by page as the tree's coloring.c lays them out (ways of `way_size`, each color
 *   range of the mask in ascending order, whole ways).
 *
 * The BU fork's colored regions (`col_mem`) are loaded by its coloring code, which the fixture does not contain: they
 * are modelled like the Minerva ones, with the BU mask convention (most significant color bit = color 0).
 */
import { maskToColors } from '../../simulator/export/jailhouse/index.js';
import { treeLayout, treeSignature, type Layout, type TreeName } from './jailhouse-trees.js';

const PAGE = 4096;
/** cell create maps the configuration through NUM_TEMPORARY_PAGES (16 in the three trees' arm64 asm/paging.h). */
const NUM_TEMPORARY_PAGES = 16;
/** Colors of the ZCU102 (1 MiB 16-way L2, 4 KiB pages): the BU header carries no way size. */
const BU_COLORS = 16;

export interface CellRegion {
    index: number;
    phys: number;
    virt: number;
    size: number;
    flags: number;
    /** Sorted colors of a colored region. */
    colors?: number[];
    /** Raw mask, for comparisons. */
    mask?: bigint;
}

export interface ParsedCell {
    signature: string;
    architecture?: number;
    revision: number;
    name: string;
    flags: number;
    cpus: number[];
    regions: CellRegion[];
    irqs: number[];
    streamIds: number;
    /** Raw stream ID entries (u32 each: an MMU-500 id/mask_out pair, or one BU list entry). */
    streamIdValues: number[];
    qosDevices: number;
    /** Raw bytes of the console descriptor. */
    console: Buffer;
    vpciIrqBase: number;
    /** Bytes the descriptor says the configuration has (jailhouse_cell_config_size). */
    configSize: number;
    /** Bytes of the file (or of the system file, for the root cell). */
    fileBytes: number;
}

export interface ParsedSystem {
    signature: string;
    architecture?: number;
    revision: number;
    hypervisor: { phys: number; size: number };
    iommu: { type: number; base: number; size: number };
    wayBytes: number;
    rootMapOffset: number;
    root: ParsedCell;
    /** Bytes the header says the file has (jailhouse_system_config_size). */
    configSize: number;
}

function u64(buf: Buffer, at: number): number {
    const v = buf.readBigUInt64LE(at);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`value 0x${v.toString(16)} at ${at} is too large`);
    return Number(v);
}

function cstring(buf: Buffer, at: number, max: number): string {
    const end = buf.indexOf(0, at);
    return buf.toString('latin1', at, end < 0 || end > at + max ? at + max : end);
}

/** Minerva: bit c of the 64-bit mask is color c, all 64 read (the tree's own way_size may be 0); BU: 16 colors, top bit first. */
function mapColors(mask: bigint, tree: TreeName): number[] {
    return tree === 'bu' ? maskToColors(mask, 'bu', BU_COLORS) : maskToColors(mask, 'minerva', 64);
}

function parseCellAt(buf: Buffer, base: number, tree: TreeName, L: Layout): ParsedCell {
    const u32 = (name: string) => buf.readUInt32LE(base + L[name]);
    const sigLen = L['CELL_SIG.len'];
    let at = base + L['cell.size'];
    const cpuSetSize = u32('cell.cpu_set_size');
    const cpus: number[] = [];
    for (let byte = 0; byte < cpuSetSize; byte++) for (let bit = 0; bit < 8; bit++) if ((buf[at + byte] >> bit) & 1) cpus.push(byte * 8 + bit);
    at += cpuSetSize;
    if (tree === 'minerva') at += u32('cell.rcpu_set_size') + u32('cell.fpga_regions_size');
    const regions: CellRegion[] = [];
    const readRegion = (p: number, index: number): CellRegion => ({ index, phys: u64(buf, p + L['mem.phys']), virt: u64(buf, p + L['mem.virt']), size: u64(buf, p + L['mem.len']), flags: u64(buf, p + L['mem.flags']) });
    const numMem = u32('cell.num_memory_regions');
    for (let i = 0; i < numMem; i++, at += L['mem.size']) {
        const r = readRegion(at, regions.length);
        if (tree === 'minerva' && r.flags & L.MEM_COLORED) {
            r.mask = buf.readBigUInt64LE(at + L['mem.colors']);
            r.colors = mapColors(r.mask, tree);
        }
        regions.push(r);
    }
    if (tree === 'bu') {
        const numCol = u32('cell.num_memory_regions_colored');
        for (let i = 0; i < numCol; i++, at += L['colmem.size']) {
            const r = readRegion(at, regions.length);
            r.mask = buf.readBigUInt64LE(at + L['colmem.colors']);
            r.colors = mapColors(r.mask, tree);
            regions.push(r);
        }
    }
    at += u32('cell.num_cache_regions') * L['cache.size'];
    const irqs: number[] = [];
    const numIrqchips = u32('cell.num_irqchips');
    for (let i = 0; i < numIrqchips; i++, at += L['irqchip.size']) {
        const pinBase = buf.readUInt32LE(at + L['irqchip.pin_base']);
        for (let w = 0; w < 4; w++) {
            const word = buf.readUInt32LE(at + L['irqchip.pin_bitmap'] + 4 * w);
            for (let b = 0; b < 32; b++) if ((word >>> b) & 1) irqs.push(pinBase + 32 * w + b);
        }
    }
    at += u32('cell.num_pio_regions') * L['pio.size'];
    at += u32('cell.num_pci_devices') * L['pci.size'];
    at += u32('cell.num_pci_caps') * L['pcicap.size'];
    const streamIds = u32('cell.num_stream_ids');
    const streamIdValues = Array.from({ length: streamIds }, (_, i) => buf.readUInt32LE(at + i * L['streamid.size']));
    at += streamIds * L['streamid.size'];
    let qosDevices = 0;
    if (tree === 'minerva') {
        qosDevices = u32('cell.num_qos_devices');
        at += qosDevices * L['qos.size'] + u32('cell.num_rcpu_devices') * L['rcpu.size'] + u32('cell.num_fpga_devices') * L['fpga.size'];
    }
    return {
        signature: buf.toString('latin1', base + L['cell.signature'], base + L['cell.signature'] + sigLen),
        ...(L['cell.architecture'] !== undefined ? { architecture: buf[base + L['cell.architecture']] } : {}),
        revision: buf.readUInt16LE(base + L['cell.revision']),
        name: cstring(buf, base + L['cell.name'], 32),
        flags: u32('cell.flags'),
        cpus,
        regions,
        irqs,
        streamIds,
        streamIdValues,
        qosDevices,
        console: buf.subarray(base + L['cell.console'], base + L['cell.console'] + L['console.size']),
        vpciIrqBase: u32('cell.vpci_irq_base'),
        configSize: at - base,
        fileBytes: buf.length,
    };
}

export function parseSystem(buf: Buffer, tree: TreeName): ParsedSystem {
    const L = treeLayout(tree);
    const wayBytes = tree === 'minerva' ? u64(buf, L['sys.color.way_size']) : BU_COLORS * PAGE;
    const root = parseCellAt(buf, L['sys.root'], tree, L);
    return {
        signature: buf.toString('latin1', 0, L['SYS_SIG.len']),
        ...(L['sys.architecture'] !== undefined ? { architecture: buf[L['sys.architecture']] } : {}),
        revision: buf.readUInt16LE(L['sys.revision']),
        hypervisor: { phys: u64(buf, L['sys.hv.phys']), size: u64(buf, L['sys.hv.size']) },
        iommu: { type: buf.readUInt32LE(L['sys.iommu0.type']), base: u64(buf, L['sys.iommu0.base']), size: buf.readUInt32LE(L['sys.iommu0.size']) },
        wayBytes,
        rootMapOffset: tree === 'minerva' ? u64(buf, L['sys.color.root_map_offset']) : 0xc0_0000_0000,
        root,
        configSize: L['sys.root'] + root.configSize,
    };
}

export function parseCell(buf: Buffer, tree: TreeName): ParsedCell {
    return parseCellAt(buf, 0, tree, treeLayout(tree));
}

/** One piece of a region's mapping: guest-physical [ipa, ipa + bytes) -> physical [phys, phys + bytes). */
interface Segment {
    ipa: number;
    phys: number;
    bytes: number;
}

/** Contiguous runs of set bits in a sorted color list: [first color, count]. */
function colorRuns(colors: readonly number[]): [number, number][] {
    const runs: [number, number][] = [];
    for (const c of colors) {
        const last = runs[runs.length - 1];
        if (last && last[0] + last[1] === c) last[1]++;
        else runs.push([c, 1]);
    }
    return runs;
}

/** How a region maps, page range by page range; colored regions as coloring.c's color_do_op lays them out. */
export function segmentsOf(r: CellRegion, wayBytes: number, ipaBase = r.virt): Segment[] {
    if (!r.colors) return [{ ipa: ipaBase, phys: r.phys, bytes: r.size }];
    const segments: Segment[] = [];
    const runs = colorRuns(r.colors);
    if (runs.length === 0) return segments;
    let ipa = ipaBase;
    for (let way = 0; ipa < ipaBase + r.size; way++) {
        for (const [first, count] of runs) {
            segments.push({ ipa, phys: r.phys + first * PAGE + way * wayBytes, bytes: count * PAGE });
            ipa += count * PAGE;
        }
    }
    return segments;
}

/** Bytes `cell create` unmaps from the root cell for a region (whole ways for colored regions). */
function unmapBytes(r: CellRegion): number {
    if (!r.colors || r.colors.length === 0) return r.size;
    const pages = Math.ceil(r.size / PAGE);
    return Math.ceil(pages / r.colors.length) * r.colors.length * PAGE;
}

interface Interval {
    start: number;
    end: number;
}

function overlaps(a: Interval, b: Interval): boolean {
    return a.start < b.end && b.start < a.end;
}

/** `intervals` minus every interval of `holes` (both lists of half-open intervals). */
function subtract(piece: Interval, holes: readonly Interval[]): Interval[] {
    let parts = [piece];
    for (const h of holes) {
        const next: Interval[] = [];
        for (const p of parts) {
            if (!overlaps(p, h)) {
                next.push(p);
                continue;
            }
            if (p.start < h.start) next.push({ start: p.start, end: h.start });
            if (h.end < p.end) next.push({ start: h.end, end: p.end });
        }
        parts = next;
        if (parts.length === 0) break;
    }
    return parts;
}

const hex = (n: number) => `0x${n.toString(16)}`;

interface Held {
    start: number;
    end: number;
    cell: string;
    region: CellRegion;
    root: boolean;
}

function sameRegion(a: CellRegion, b: CellRegion): boolean {
    return a.phys === b.phys && a.size === b.size && a.mask === b.mask;
}

export interface LoadabilityInput {
    tree: TreeName;
    system: ParsedSystem;
    /** Inmates in the order they are created. */
    cells: ParsedCell[];
}

/** Everything the trees' enable / cell create / cell load would refuse or get wrong; empty when the export is sound. */
export function loadabilityProblems({ tree, system, cells }: LoadabilityInput): string[] {
    const L = treeLayout(tree);
    const problems: string[] = [];
    const sysSig = treeSignature(tree, 'SYS_SIG');
    const cellSig = treeSignature(tree, 'CELL_SIG');
    const isRam = (r: CellRegion) => !(r.flags & (L.MEM_IO | L.MEM_COMM_REGION));
    const way = system.wayBytes;

    // jailhouse enable: header fields.
    // driver/cell.c and the hypervisor read as many bytes as the header says: the file must hold them.
    if (system.root.fileBytes < system.configSize) problems.push(`system file has ${system.root.fileBytes} bytes, its header describes ${system.configSize}`);
    for (const cell of cells) if (cell.fileBytes < cell.configSize) problems.push(`cell '${cell.name}': file has ${cell.fileBytes} bytes, its descriptor describes ${cell.configSize}`);
    if (system.signature !== sysSig) problems.push(`system signature '${system.signature}', the ${tree} tree expects '${sysSig}'`);
    if (system.revision !== L.REVISION) problems.push(`system revision ${system.revision}, the ${tree} tree expects ${L.REVISION}`);
    if (L.ARM64 !== undefined && system.architecture !== L.ARM64) problems.push(`system architecture ${system.architecture}, not JAILHOUSE_ARM64 (${L.ARM64})`);
    const allRegions = [system.root, ...cells].flatMap((c) => c.regions.filter((r) => r.colors).map(() => c.name));
    if (allRegions.length > 0 && way === 0) problems.push('colored regions but way_size 0: the coloring code refuses them (color_paging_create returns -EINVAL)');
    const hv: Interval = { start: system.hypervisor.phys, end: system.hypervisor.phys + system.hypervisor.size };
    for (const cell of [system.root, ...cells]) {
        if (cell !== system.root) {
            if (cell.signature !== cellSig) problems.push(`cell '${cell.name}': signature '${cell.signature}', expected '${cellSig}'`);
            if (cell.revision !== L.REVISION) problems.push(`cell '${cell.name}': revision ${cell.revision}, expected ${L.REVISION}`);
            if (L.ARM64 !== undefined && cell.architecture !== L.ARM64) problems.push(`cell '${cell.name}': architecture ${cell.architecture}, not JAILHOUSE_ARM64`);
        }
        for (const r of cell.regions) {
            if (r.flags & L.MEM_COMM_REGION) continue;
            for (const s of segmentsOf(r, way)) {
                if (overlaps({ start: s.phys, end: s.phys + s.bytes }, hv)) {
                    problems.push(`cell '${cell.name}' region ${r.index} (${hex(r.phys)}) maps ${hex(Math.max(s.phys, hv.start))}, inside the hypervisor's memory ${hex(hv.start)}..${hex(hv.end)}`);
                    break;
                }
            }
        }
    }
    if (system.iommu.size > 0) {
        const smmu: Interval = { start: system.iommu.base, end: system.iommu.base + system.iommu.size };
        for (const r of system.root.regions) {
            if (overlaps({ start: r.phys, end: r.phys + r.size }, smmu)) problems.push(`root region ${r.index} (${hex(r.phys)}..${hex(r.phys + r.size)}) maps the SMMU's registers ${hex(smmu.start)}..${hex(smmu.end)}, which the hypervisor owns`);
        }
    }

    // The root cell's guest-physical space: no page claimed twice for different memory.
    const rootSegments = system.root.regions.flatMap((r) => segmentsOf(r, way).map((s) => ({ ...s, region: r })));
    const byIpa = [...rootSegments].sort((a, b) => a.ipa - b.ipa);
    let reach = byIpa[0];
    for (const b of byIpa.slice(1)) {
        if (reach.ipa + reach.bytes > b.ipa && reach.phys - reach.ipa !== b.phys - b.ipa) {
            problems.push(`root regions ${reach.region.index} and ${b.region.index} both map guest-physical ${hex(b.ipa)}, to different memory`);
            break;
        }
        if (b.ipa + b.bytes > reach.ipa + reach.bytes) reach = b;
    }

    // cell create maps the whole configuration through the temporary pages; the driver's copy may start mid-page.
    for (const cell of cells) {
        if (Math.ceil((PAGE - 1 + cell.configSize) / PAGE) > NUM_TEMPORARY_PAGES) problems.push(`cell '${cell.name}': its ${cell.configSize}-byte configuration may need more than ${NUM_TEMPORARY_PAGES} temporary pages: cell create fails with E2BIG`);
    }

    // CPUs: an inmate takes CPUs the root has and no earlier inmate took.
    const taken = new Map<number, string>();
    for (const cell of cells) {
        if (cell.cpus.length === 0) problems.push(`cell '${cell.name}' has no CPU`);
        for (const cpu of cell.cpus) {
            if (!system.root.cpus.includes(cpu)) problems.push(`cell '${cell.name}' uses CPU ${cpu}, which the root cell does not have`);
            const owner = taken.get(cpu);
            if (owner) problems.push(`cells '${owner}' and '${cell.name}' both use CPU ${cpu}`);
            taken.set(cpu, cell.name);
        }
    }
    const names = [system.root.name, ...cells.map((c) => c.name)];
    if (new Set(names).size !== names.length) problems.push(`cell names are not unique: ${names.join(', ')}`);

    // cell load: remap_to_root_cell and the driver's load_image.
    for (const cell of cells) {
        for (const r of cell.regions) {
            if (!(r.flags & L.MEM_LOADABLE)) continue;
            const where = `cell '${cell.name}' loadable region ${r.index} (${hex(r.phys)}, ${hex(r.size)} bytes)`;
            if (!(r.flags & L.MEM_WRITE)) problems.push(`${where} is not writable: the driver refuses to load an image into it`);
            const want: Interval = { start: r.phys, end: r.phys + r.size };
            const covering = system.root.regions.filter((m) => overlaps({ start: m.phys, end: m.phys + m.size }, want));
            if (r.colors) {
                const whole = covering.filter((m) => m.phys <= want.start && m.phys + m.size >= want.end);
                if (whole.length === 0) problems.push(`${where} is colored and no root region holds it whole: cell load maps only part of it and the driver writes through unmapped root addresses`);
                else if (covering.length > 1) problems.push(`${where} is colored and ${covering.length} root regions overlap it: each is remapped at the same temporary address`);
                const tmp: Interval = { start: system.rootMapOffset + r.virt, end: system.rootMapOffset + r.virt + r.size };
                if (rootSegments.some((s) => overlaps({ start: s.ipa, end: s.ipa + s.bytes }, tmp))) problems.push(`${where}: its temporary load mapping ${hex(tmp.start)} collides with root memory`);
            } else {
                const parts = covering.map((m) => ({ start: Math.max(m.phys, want.start), end: Math.min(m.phys + m.size, want.end) }));
                const missing = parts.reduce((left, p) => left.flatMap((l) => subtract(l, [p])), [want]);
                if (missing.length > 0) problems.push(`${where}: the root cell does not cover ${hex(missing[0].start)}..${hex(missing[0].end)}: cell load leaves it unmapped and the driver's write faults`);
                for (const m of covering) if (m.virt !== m.phys) problems.push(`${where}: root region ${m.index} maps it at guest-physical ${hex(m.virt)}, not at its physical address where the driver writes`);
            }
        }
    }

    // Isolation after each cell create.
    const unmapped: Interval[] = [];
    const created: ParsedCell[] = [];
    for (const cell of cells) {
        for (const r of cell.regions) {
            if (r.flags & (L.MEM_COMM_REGION | L.MEM_ROOTSHARED)) continue;
            unmapped.push({ start: r.phys, end: r.phys + unmapBytes(r) });
        }
        created.push(cell);
        const held: Held[] = [];
        for (const s of rootSegments) {
            if (!isRam(s.region)) continue;
            for (const part of subtract({ start: s.ipa, end: s.ipa + s.bytes }, unmapped)) {
                held.push({ start: s.phys + (part.start - s.ipa), end: s.phys + (part.end - s.ipa), cell: system.root.name, region: s.region, root: true });
            }
        }
        for (const c of created) {
            for (const r of c.regions.filter(isRam)) for (const s of segmentsOf(r, way)) held.push({ start: s.phys, end: s.phys + s.bytes, cell: c.name, region: r, root: false });
        }
        held.sort((a, b) => a.start - b.start || a.end - b.end);
        const reported = new Set<string>();
        const active: Held[] = [];
        for (const h of held) {
            for (let k = active.length - 1; k >= 0; k--) if (active[k].end <= h.start) active.splice(k, 1);
            for (const a of active) {
                if (a.cell === h.cell) continue;
                const declared = a.root || h.root ? (a.root ? h : a).region.flags & L.MEM_ROOTSHARED : sameRegion(a.region, h.region);
                if (declared) continue;
                const key = [a.cell, a.region.index, h.cell, h.region.index].join('/');
                if (reported.has(key)) continue;
                reported.add(key);
                problems.push(`after cell create of '${cell.name}': page ${hex(h.start)} is held by '${a.cell}' (region ${a.region.index}) and '${h.cell}' (region ${h.region.index}), not declared shared`);
            }
            active.push(h);
        }
    }
    return problems;
}
