/**
 * Jailhouse and rtcell say memory ownership differently. A Jailhouse root cell lists the memory it has before any
 * inmate is created, and `cell create` takes an inmate's regions away from it; rtcell describes the running system,
 * where each cell owns its memory and overlap is an error unless declared `shared with`. So, after the hypervisor's
 * range (hypervisor-memory.ts) and each cell's own overlaps (separate-within-cell.ts) are dealt with:
 * - a colored root region equal to an inmate's colored region is its handover for `cell load` and is dropped;
 * - an inmate's region is cut out of the root cell's plain regions it overlaps (a root region is split). For a
 *   ROOTSHARED region the root cell keeps it in Jailhouse; `shared with` would share the whole cells (colors and all,
 *   hiding real conflicts), so the region stays with the inmate, flagged root-shared, and the loss is a note; only
 *   when it lies in the root's colored RAM, which cannot be cut, is the inmate `shared with` the root cell;
 * - two inmates mapping the same ROOTSHARED region (a shared device page) are `shared with` each other.
 * Everything else is left as configured; `rtcell check` reports a real conflict (two inmates wanting the same memory).
 */
import { leaveHypervisorMemory } from './hypervisor-memory.js';
import { cellColors, type PlatformGeometry } from './import-regions.js';
import type { ImportedCell, ImportedRegion } from './imported-system.js';
import { cutOut, overlaps, physicalSpan } from './region-geometry.js';
import { separateWithinCell } from './separate-within-cell.js';
import { hex, intSet } from './text-values.js';

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

function share(a: ImportedCell, b: ImportedCell): void {
    if (!a.sharedWith.includes(b.name)) a.sharedWith.push(b.name);
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
