/**
 * Memory regions of every cell: the regions the source declares (colored in the chosen convention or plain), the
 * copies that `shared with` asks for, and the root cell's handover regions. Everything Jailhouse would reject or a
 * fork would place differently from the source is a diagnostic.
 */
import type { Cell, MemoryRegion, RegionFlag } from '../../model/types.js';
import { formatSize } from '../../model/units.js';
import { MAX_MASK_COLORS } from './color-mask.js';
import { coloredSpan, wayBytes, type ColorGeometry } from './colored-layout.js';
import { hex, type PlanContext } from './plan-context.js';
import type { JailhouseMemFlag, PlannedRegion } from './plan-types.js';
import { handoverGuestRange, HYPERVISOR_MEMORY, hypervisorMemoryText, needsHandover, rootCoverConflicts, rootGuestRange, type Interval } from './root-coverage.js';
import { ZCU102_DRAM_BANKS } from './zcu102-board.js';

const FLAG_NAMES: Readonly<Record<RegionFlag, JailhouseMemFlag>> = {
    read: 'READ',
    write: 'WRITE',
    execute: 'EXECUTE',
    dma: 'DMA',
    io: 'IO',
    loadable: 'LOADABLE',
    'root-shared': 'ROOTSHARED',
};
const FLAG_ORDER: readonly JailhouseMemFlag[] = ['READ', 'WRITE', 'EXECUTE', 'DMA', 'IO', 'COMM_REGION', 'LOADABLE', 'ROOTSHARED'];

export function sortFlags(flags: Iterable<JailhouseMemFlag>): JailhouseMemFlag[] {
    const set = new Set(flags);
    return FLAG_ORDER.filter((f) => set.has(f));
}

/** One declared region as it will be exported. */
export interface EffectiveRegion {
    cell: Cell;
    region: MemoryRegion;
    /** Sorted colors when exported colored. */
    colors?: number[];
    /** Physical window the region occupies: [start, end). */
    start: number;
    end: number;
    flags: JailhouseMemFlag[];
}

function isShared(a: EffectiveRegion, b: EffectiveRegion): boolean {
    return (
        a.region.sharedWith.includes(b.cell.name) ||
        b.region.sharedWith.includes(a.cell.name) ||
        a.cell.sharedWith.includes(b.cell.name) ||
        b.cell.sharedWith.includes(a.cell.name)
    );
}

/** Address interval holding every page of `color` that a colored region uses. */
function colorInterval(r: EffectiveRegion, color: number, geometry: ColorGeometry): [number, number] | undefined {
    const colors = r.colors ?? [];
    const rank = colors.indexOf(color);
    if (rank < 0) return undefined;
    const pages = Math.ceil(r.region.size / geometry.pageSize);
    if (rank >= pages) return undefined;
    const count = Math.ceil((pages - rank) / colors.length);
    const first = r.start + color * geometry.pageSize;
    return [first, first + (count - 1) * wayBytes(geometry) + geometry.pageSize];
}

/** First address ≥ lo (page-aligned) of a page with `color`, relative to way-aligned addressing. */
function firstPageOfColor(lo: number, color: number, geometry: ColorGeometry): number {
    const way = wayBytes(geometry);
    const candidate = Math.floor(lo / way) * way + color * geometry.pageSize;
    return candidate >= lo ? candidate : candidate + way;
}

/** Do two exported regions share at least one physical page? Exact for way-aligned colored regions. */
export function regionsOverlap(a: EffectiveRegion, b: EffectiveRegion, geometry: ColorGeometry): boolean {
    if (a.end <= b.start || b.end <= a.start) return false;
    if (a.colors && b.colors) {
        return a.colors.some((c) => {
            const ia = colorInterval(a, c, geometry);
            const ib = colorInterval(b, c, geometry);
            return ia !== undefined && ib !== undefined && ia[0] < ib[1] && ib[0] < ia[1];
        });
    }
    const [colored, plain] = a.colors ? [a, b] : b.colors ? [b, a] : [undefined, a];
    if (!colored) return true;
    return (colored.colors ?? []).some((c) => {
        const interval = colorInterval(colored, c, geometry);
        if (!interval) return false;
        const lo = Math.max(interval[0], plain.start);
        const hi = Math.min(interval[1], plain.end);
        return lo < hi && firstPageOfColor(lo, c, geometry) < hi;
    });
}

function within(start: number, end: number, window: { start: number; size: number }): boolean {
    return start >= window.start && end <= window.start + window.size;
}

function effectiveRegion(ctx: PlanContext, cell: Cell, region: MemoryRegion, uncolored: string[]): EffectiveRegion | undefined {
    const { geometry } = ctx;
    const where = `region '${region.name}' of cell '${cell.name}'`;
    const isIo = region.flags.includes('io');
    let flags: JailhouseMemFlag[];
    if (region.flags.length === 0) {
        flags = cell.root ? ['READ', 'WRITE', 'EXECUTE'] : ['READ', 'WRITE', 'EXECUTE', 'LOADABLE'];
        ctx.report('info', 'export-default-flags', `${where} declares no access flags: exported as ${flags.join(' | ').toLowerCase()}.`, region.source);
    } else {
        flags = region.flags.map((f) => FLAG_NAMES[f]);
    }
    if (cell.root && flags.includes('ROOTSHARED')) {
        flags = flags.filter((f) => f !== 'ROOTSHARED');
        ctx.report('info', 'export-rootshared-on-root', `${where}: 'root-shared' means nothing on the root cell's own region and is left out.`, region.source);
    }

    let ok = true;
    const page = geometry.pageSize;
    if (region.size <= 0 || region.phys % page !== 0 || region.virt % page !== 0 || region.size % page !== 0) {
        ctx.report('error', 'export-unaligned-region', `${where} (${hex(region.phys)}, ${formatSize(region.size)}) must start, map and end on ${formatSize(page)} pages for Jailhouse's stage-2 tables.`, region.source);
        ok = false;
    }

    let colors: number[] | undefined;
    if (region.colored) {
        if (ctx.coloring === 'none') {
            uncolored.push(`${cell.name}.${region.name}`);
        } else if (isIo) {
            ctx.report('error', 'export-colored-io', `${where} is a device region and cannot be colored.`, region.source);
            ok = false;
        } else if (cell.colors.length === 0) {
            ctx.report('error', 'export-colored-without-colors', `${where} is colored but cell '${cell.name}' declares no colors.`, region.source);
            ok = false;
        } else if (geometry.numColors > MAX_MASK_COLORS) {
            ctx.report('error', 'export-too-many-colors', `the platform has ${geometry.numColors} colors; Jailhouse color masks hold ${MAX_MASK_COLORS}.`, region.source);
            ok = false;
        } else {
            colors = [...new Set(cell.colors)].sort((a, b) => a - b);
            if (region.phys % wayBytes(geometry) !== 0) {
                ctx.report('error', 'export-unaligned-colored-region', `${where} is colored and must start on a way boundary (${formatSize(wayBytes(geometry))}) so its first page has color 0.`, region.source);
                ok = false;
            }
        }
    }
    const start = region.phys;
    const end = start + (colors ? coloredSpan(region.size, colors.length, geometry) : region.size);

    if (!isIo && !ZCU102_DRAM_BANKS.some((bank) => within(start, end, bank))) {
        ctx.report('error', 'export-outside-dram', `${where} spans ${hex(start)}..${hex(end)}${colors ? ` (colored: ${formatSize(end - start)} of address space for ${formatSize(region.size)})` : ''}, which is not inside one ZCU102 DRAM bank (0x0..0x80000000 or 0x800000000..0x880000000).`, region.source);
        ok = false;
    }
    if (start < HYPERVISOR_MEMORY.end && HYPERVISOR_MEMORY.start < end) {
        ctx.report('error', 'export-overlaps-hypervisor', `${where} (${hex(start)}..${hex(end)}${colors ? ', colored span' : ''}) lies over the hypervisor's memory ${hypervisorMemoryText()}.`, region.source);
        ok = false;
    }
    return ok ? { cell, region, colors, start, end, flags: sortFlags(flags) } : undefined;
}

function fromSource(r: EffectiveRegion): PlannedRegion {
    return {
        comment: `${r.region.name} (cell ${r.cell.name})`,
        origin: 'source',
        sourceCell: r.cell.name,
        sourceRegion: r.region.name,
        phys: r.region.phys,
        virt: r.region.virt,
        size: r.region.size,
        flags: r.flags,
        ...(r.colors ? { colors: r.colors } : {}),
    };
}

function copyFor(r: EffectiveRegion, origin: 'shared-copy' | 'handover', flags: JailhouseMemFlag[], comment: string): PlannedRegion {
    return {
        comment,
        origin,
        sourceCell: r.cell.name,
        sourceRegion: r.region.name,
        phys: r.region.phys,
        // Peers see a shared region at its physical address: the source gives a guest address only to its owner. The
        // root cell's handover must be at guest-physical = physical: `cell create` unmaps the inmate's region from the
        // root cell there, and `cell load` maps it through the root region that holds its physical start.
        virt: r.region.phys,
        size: r.region.size,
        flags: sortFlags(flags),
        ...(r.colors ? { colors: r.colors } : {}),
        ...(r.colors && origin === 'handover' ? { noCopy: true } : {}),
    };
}

export interface MemoryPlan {
    byCell: Map<string, PlannedRegion[]>;
    /** Physical windows of every exported region and guest ranges the root cell uses: where nothing else may go. */
    occupied: Interval[];
}

/** Regions per cell name, in source order, then shared copies, then root handovers. */
export function planMemory(ctx: PlanContext): MemoryPlan {
    const { model } = ctx;
    const byCell = new Map<string, PlannedRegion[]>(model.cells.map((c) => [c.name, []]));
    const uncolored: string[] = [];
    const effective: EffectiveRegion[] = [];
    for (const cell of model.cells) {
        for (const region of cell.memory) {
            const r = effectiveRegion(ctx, cell, region, uncolored);
            if (r) effective.push(r);
        }
    }
    if (uncolored.length > 0) {
        ctx.report('warning', 'export-coloring-disabled', `coloring 'none': ${uncolored.join(', ')} ${uncolored.length === 1 ? 'is' : 'are'} exported as plain regions, so the cells share every LLC color and cache isolation is lost (the analysis assumed it).`);
    }
    const banked = model.cells.filter((c) => c.banks.length > 0).map((c) => c.name);
    if (banked.length > 0) {
        ctx.report('warning', 'export-banks-not-enforced', `DRAM bank partitions (cells ${banked.join(', ')}) are not enforced by Jailhouse: place each cell's memory on its banks yourself or drop the bank assumption.`);
    }

    for (let i = 0; i < effective.length; i++) {
        for (let j = i + 1; j < effective.length; j++) {
            const a = effective[i];
            const b = effective[j];
            if (a.cell === b.cell || isShared(a, b)) continue;
            if (regionsOverlap(a, b, ctx.geometry)) {
                ctx.report('error', 'export-memory-conflict', `region '${a.region.name}' of cell '${a.cell.name}' and region '${b.region.name}' of cell '${b.cell.name}' use the same physical pages without 'shared with'.`, b.region.source);
            }
        }
    }

    const root = ctx.rootCell;
    for (const r of effective) {
        const own = byCell.get(r.cell.name)!;
        const planned = fromSource(r);
        own.push(planned);
        const peers = [...new Set(r.region.sharedWith)];
        // Shared with the root cell: every inmate copy, the owner's included, must stay mapped in the root cell when
        // that inmate is created, or the root cell loses the region at the first `cell create`.
        const sharedWithRoot = root !== undefined && !r.cell.root && peers.includes(root.name);
        if (sharedWithRoot) planned.flags = sortFlags([...planned.flags, 'ROOTSHARED']);
        for (const peerName of peers) {
            const peer = ctx.cellNamed(peerName);
            if (!peer) {
                ctx.report('error', 'export-unknown-cell', `region '${r.region.name}' of cell '${r.cell.name}' is shared with unknown cell '${peerName}'.`, r.region.source);
                continue;
            }
            if (peer === r.cell) continue;
            const flags: JailhouseMemFlag[] = r.flags.filter((f) => f !== 'LOADABLE' && f !== 'ROOTSHARED');
            if (!peer.root && (r.cell.root || sharedWithRoot)) flags.push('ROOTSHARED');
            byCell.get(peer.name)!.push(copyFor(r, 'shared-copy', flags, `${r.region.name} shared by cell ${r.cell.name}`));
        }
        if (root && needsHandover(model, r.cell, r.region)) {
            // The root cell covers inmate memory so the driver can load images into it (`remap_to_root_cell`);
            // Jailhouse unmaps it from the root cell at `cell create`. A colored region is covered by a colored root
            // region with the inmate's colors: the root cell never maps the window's other colors, which belong to
            // other cells.
            const flags: JailhouseMemFlag[] = r.flags.includes('IO') ? ['READ', 'WRITE', 'IO'] : ['READ', 'WRITE', 'EXECUTE'];
            byCell.get(root.name)!.push(copyFor(r, 'handover', flags, `handover: ${r.region.name} of cell ${r.cell.name} (taken at cell create)`));
        }
    }
    for (const problem of rootCoverConflicts(model, ctx.coloring !== 'none')) {
        ctx.report('error', 'export-root-cannot-cover', `${problem.message}.`, problem.region.source);
    }
    const occupied: Interval[] = effective.map((r) => ({ start: r.start, end: r.end }));
    for (const r of effective) {
        if (r.cell.root) occupied.push(rootGuestRange(r.region));
        else if (needsHandover(model, r.cell, r.region)) occupied.push(handoverGuestRange(r.region));
    }
    occupied.push({ ...HYPERVISOR_MEMORY });
    return { byCell, occupied };
}
