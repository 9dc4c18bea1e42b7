/**
 * Jailhouse and rtcell say memory ownership differently. A Jailhouse root cell lists the memory it has before any
 * inmate is created, and `cell create` takes an inmate's (non-ROOTSHARED) regions away from it; rtcell describes the
 * running system, where each cell owns its memory and overlap is an error unless declared `shared with`. So:
 * - an inmate's private region is cut out of the root cell's plain regions it overlaps (the root region is split);
 * - an inmate's ROOTSHARED region that overlaps root memory makes the inmate `shared with` the root cell, and two
 *   inmates mapping the same ROOTSHARED region (a shared UART) are `shared with` each other.
 * - inside one cell, Jailhouse lets regions overlap (a TCM window inside an MMIO window, ivshmem memory inside RAM);
 *   rtcell does not, so the smaller region keeps its flags and is cut out of the larger one. When the larger one is
 *   colored it cannot be cut (its pages are spread over its span): the smaller region is then left out, as a note —
 *   the language cannot say that a cell maps the same memory twice.
 * Everything else is left as configured; `rtcell check` reports a real conflict (two inmates wanting the same memory).
 */
import type { ImportedCell, ImportedRegion } from './imported-system.js';
import type { PlatformGeometry } from './import-regions.js';
import { hex, intSet } from './text-values.js';
import { cellColors } from './import-regions.js';
import { ZCU102_HYPERVISOR_MEMORY } from '../../export/jailhouse/zcu102-board.js';

/** Physical bytes a region spans: a colored region of size S with k of C colors spans ceil(S/(k·page))·C·page. */
export function physicalSpan(region: ImportedRegion, cell: ImportedCell, g: PlatformGeometry): bigint {
    const k = BigInt(cell.colors.length);
    if (!region.colored || k === 0n) return region.size;
    const perWay = k * BigInt(g.pageSize);
    return ((region.size + perWay - 1n) / perWay) * BigInt(g.colors) * BigInt(g.pageSize);
}

function overlaps(a0: bigint, a1: bigint, b0: bigint, b1: bigint): boolean {
    return a0 < b1 && b0 < a1;
}

/** What remains of plain region `r` without [cut0, cut1): zero, one or two pieces. */
function cutOut(r: ImportedRegion, cut0: bigint, cut1: bigint): ImportedRegion[] {
    const end = r.phys + r.size;
    const pieces: ImportedRegion[] = [];
    if (r.phys < cut0) pieces.push({ ...r, size: cut0 - r.phys });
    if (cut1 < end) pieces.push({ ...r, phys: cut1, virt: r.virt + (cut1 - r.phys), size: end - cut1 });
    return pieces;
}

/** Cuts [cut0, cut1) out of the root's plain regions, with a note for each. */
function cutFromRoot(root: ImportedCell, cut0: bigint, cut1: bigint, by: string, rootShared: boolean): void {
    root.memory = root.memory.flatMap((r) => {
        if (r.colored || !overlaps(r.phys, r.phys + r.size, cut0, cut1)) return [r];
        root.notes.push(rootShared ? {
            kind: 'lost', field: r.origin, value: `${hex(cut0)}..${hex(cut1)}`,
            reason: `ROOTSHARED in cell '${by}': Jailhouse leaves it mapped in the root cell too; rtcell shares only whole cells, so it is cut out of the root cell's region and kept, root-shared, in '${by}' (rtcell's export lists it in the root cell again)`,
        } : {
            kind: 'info', field: r.origin, value: `${hex(cut0)}..${hex(cut1)}`,
            reason: `given to cell '${by}' at cell create: cut out of the root cell's region (rtcell's export lists it in the root cell again for loading)`,
        });
        return cutOut(r, cut0, cut1);
    });
}

/**
 * Whether two regions of `cell` map common memory as `rtcell check` sees it: their spans overlap (within one cell the
 * colors always meet, since colored regions all take the cell's colors and plain ones take every color).
 */
function clash(a: ImportedRegion, b: ImportedRegion, cell: ImportedCell, g: PlatformGeometry): boolean {
    return overlaps(a.phys, a.phys + physicalSpan(a, cell, g), b.phys, b.phys + physicalSpan(b, cell, g));
}

/**
 * Inside one cell, the smaller of two overlapping regions is cut out of the larger (ties: out of the earlier) when
 * the larger is plain; otherwise the smaller is left out with a note. Repeats until no two regions clash.
 */
function separateWithinCell(cell: ImportedCell, g: PlatformGeometry): void {
    for (let guard = 0; guard < 10_000; guard++) {
        cell.colors = cellColors(cell.memory).colors;
        const m = cell.memory;
        let pair: [number, number] | undefined;
        for (let i = 0; i < m.length && !pair; i++) {
            for (let j = i + 1; j < m.length && !pair; j++) if (clash(m[i], m[j], cell, g)) pair = [i, j];
        }
        if (!pair) return;
        const [i, j] = pair;
        const [big, small] = physicalSpan(m[i], cell, g) >= physicalSpan(m[j], cell, g) ? [i, j] : [j, i];
        const spanText = (r: ImportedRegion) => `${hex(r.phys)}..${hex(r.phys + physicalSpan(r, cell, g))}${r.colored ? ` (colored ${intSet(r.colors)})` : ''}`;
        if (m[big].colored && m[big].flags.includes('loadable') !== m[small].flags.includes('loadable')) {
            // Of two colored regions that alias, keep the one the guest image is loaded into.
            const [keep, drop] = m[big].flags.includes('loadable') ? [big, small] : [small, big];
            cell.notes.push({
                kind: 'lost', field: m[drop].origin, value: `${spanText(m[drop])} ${m[drop].flags.join(' ')}`,
                reason: `maps memory that ${m[keep].origin} (${spanText(m[keep])}, loadable) of the same cell also maps: the language cannot say that a cell maps the same memory twice; left out`,
            });
            cell.memory = m.filter((_, k) => k !== drop);
        } else if (!m[big].colored) {
            cell.notes.push({
                kind: 'info', field: m[big].origin, value: `${hex(m[small].phys)}..${hex(m[small].phys + physicalSpan(m[small], cell, g))}`,
                reason: `overlaps ${m[small].origin} of the same cell: cut out of this region, the smaller region keeps its flags`,
            });
            const small0 = m[small].phys;
            cell.memory = [...m.slice(0, big), ...cutOut(m[big], small0, small0 + physicalSpan(m[small], cell, g)), ...m.slice(big + 1)];
        } else {
            cell.notes.push({
                kind: 'lost', field: m[small].origin, value: `${spanText(m[small])} ${m[small].flags.join(' ')}`,
                reason: `maps memory that ${m[big].origin} (${spanText(m[big])}) of the same cell also maps: the language cannot say that a cell maps the same memory twice; left out`,
            });
            cell.memory = m.filter((_, k) => k !== small);
        }
    }
}

function share(a: ImportedCell, b: ImportedCell): void {
    if (!a.sharedWith.includes(b.name)) a.sharedWith.push(b.name);
}

/**
 * rtcell's Jailhouse target keeps the hypervisor at a fixed place (ZCU102_HYPERVISOR_MEMORY, the last 16 MiB of the
 * high DRAM bank); the language has no word to move it. A tree that puts it elsewhere gives that range to a cell
 * (usually the root's RAM): it is cut out of plain regions, with a note saying what was lost.
 */
function leaveHypervisorMemory(cell: ImportedCell, treeHypervisor: string): void {
    const start = BigInt(ZCU102_HYPERVISOR_MEMORY.start);
    const end = start + BigInt(ZCU102_HYPERVISOR_MEMORY.size);
    cell.memory = cell.memory.flatMap((r) => {
        if (r.colored || !overlaps(r.phys, r.phys + r.size, start, end)) return [r];
        cell.notes.push({
            kind: 'lost', field: r.origin, value: `${hex(start)}..${hex(end)}`,
            reason: `rtcell's ZCU102 target keeps the hypervisor there (the tree's hypervisor_memory is ${treeHypervisor}); the language cannot move it, so the range is cut out of this region`,
        });
        return cutOut(r, start, end);
    });
}

/**
 * A colored root region with exactly an inmate's colored region (start, size, colors) is its handover: rtcell's export
 * (and the Minerva tree's loader) cover a colored inmate region that way for `cell load`. The export writes it again
 * from the inmate's region, so the root cell does not keep it.
 */
function dropColoredHandovers(root: ImportedCell, inmates: readonly ImportedCell[]): void {
    const same = (a: ImportedRegion, b: ImportedRegion) => a.phys === b.phys && a.size === b.size && a.colors.join() === b.colors.join();
    root.memory = root.memory.filter((q) => {
        const owner = q.colored ? inmates.find((i) => i.memory.some((r) => r.colored && same(q, r))) : undefined;
        if (owner) {
            root.notes.push({ kind: 'info', field: q.origin, value: `${hex(q.phys)}, colors ${intSet(q.colors)}`, reason: `the handover of cell '${owner.name}''s colored region for cell load: rtcell's export writes it again` });
        }
        return owner === undefined;
    });
    root.colors = cellColors(root.memory).colors;
}

export function resolveOverlaps(cells: ImportedCell[], g: PlatformGeometry, treeHypervisor: string): void {
    const rootCell = cells.find((c) => c.root);
    if (rootCell) dropColoredHandovers(rootCell, cells.filter((c) => !c.root));
    for (const cell of cells) leaveHypervisorMemory(cell, treeHypervisor);
    for (const cell of cells) separateWithinCell(cell, g);
    const root = cells.find((c) => c.root);
    const inmates = cells.filter((c) => !c.root);
    if (root) {
        for (const inmate of inmates) {
            for (const r of inmate.memory) {
                const end = r.phys + physicalSpan(r, inmate, g);
                const rootShared = r.flags.includes('root-shared');
                cutFromRoot(root, r.phys, end, inmate.name, rootShared);
                // A ROOTSHARED page inside the root's colored RAM cannot be cut out of it: share the cells instead.
                if (rootShared && root.memory.some((q) => q.colored && overlaps(q.phys, q.phys + physicalSpan(q, root, g), r.phys, end))) share(inmate, root);
            }
        }
        root.memory.sort((a, b) => (a.phys < b.phys ? -1 : a.phys > b.phys ? 1 : 0));
    }
    for (let i = 0; i < inmates.length; i++) {
        for (let j = i + 1; j < inmates.length; j++) {
            const a = inmates[i];
            const b = inmates[j];
            const sharedDevice = a.memory.some((ra) => ra.flags.includes('root-shared') && b.memory.some((rb) => rb.flags.includes('root-shared')
                && overlaps(ra.phys, ra.phys + physicalSpan(ra, a, g), rb.phys, rb.phys + physicalSpan(rb, b, g))));
            if (sharedDevice) share(b, a);
        }
    }
}
