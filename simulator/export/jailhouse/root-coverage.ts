/**
 * What `jailhouse enable`, `cell create` and `cell load` need from memory on the ZCU102, as facts shared by the
 * exporter and the language's validation (language may import the simulator layer, never the reverse):
 *
 * - no region may lie over the hypervisor's memory (the hypervisor would map its own code into a cell);
 * - every inmate region is covered by a root-cell region at guest-physical = physical (a "handover"): `cell load`
 *   maps each loadable region through the root cell's regions (`remap_to_root_cell`, hypervisor/control.c), and
 *   `cell create` unmaps the inmate's memory from the root cell at guest-physical = physical. A colored inmate
 *   region is covered by a colored root region with the inmate's colors, so the root cell never maps another
 *   cell's pages of that window. The root cell cannot cover a region whose handover would map guest-physical
 *   addresses the root cell already uses for something else (its own RAM, another inmate's handover).
 */
import type { Cell, MemoryRegion, Platform, SystemModel } from '../../model/types.js';
import { coloredSpan, type ColorGeometry } from './colored-layout.js';
import { hex } from './plan-context.js';
import { ZCU102_DEVICE_WINDOW, ZCU102_HYPERVISOR_MEMORY } from './zcu102-board.js';

export interface Interval {
    start: number;
    end: number;
}

export function intervalsOverlap(a: Interval, b: Interval): boolean {
    return a.start < b.end && b.start < a.end;
}

export const HYPERVISOR_MEMORY: Interval = { start: ZCU102_HYPERVISOR_MEMORY.start, end: ZCU102_HYPERVISOR_MEMORY.start + ZCU102_HYPERVISOR_MEMORY.size };

/** Human-readable place of the hypervisor's memory, for messages and the README. */
export function hypervisorMemoryText(): string {
    return `${hex(HYPERVISOR_MEMORY.start)}..${hex(HYPERVISOR_MEMORY.end)} (the last 16 MiB of the high DRAM bank)`;
}

function geometryOf(platform: Platform): ColorGeometry {
    return { pageSize: platform.pageSize, numColors: platform.colors };
}

/** Is the region exported colored (it asks for it and its cell has colors)? */
export function isColoredRegion(cell: Cell, region: MemoryRegion): boolean {
    return region.colored && cell.colors.length > 0;
}

/** Physical window a region's pages lie in: its colored span, or [phys, phys + size). */
export function physicalWindow(cell: Cell, region: MemoryRegion, platform: Platform, colored = isColoredRegion(cell, region)): Interval {
    const size = colored && platform.colors > 0 ? coloredSpan(region.size, new Set(cell.colors).size, geometryOf(platform)) : region.size;
    return { start: region.phys, end: region.phys + size };
}

/** Is a region a device window (I/O), which the root cell keeps in its MMIO windows rather than by handover? */
export function isDeviceRegion(region: MemoryRegion): boolean {
    return region.flags.includes('io');
}

/** Guest-physical range a root-cell region occupies: [virt, virt + size) (colored regions are compact in guest space). */
export function rootGuestRange(region: MemoryRegion): Interval {
    return { start: region.virt, end: region.virt + region.size };
}

/** Guest-physical range of the root's handover of an inmate region: [phys, phys + size) (compact when colored). */
export function handoverGuestRange(region: MemoryRegion): Interval {
    return { start: region.phys, end: region.phys + region.size };
}

/** Does the region need a handover in the root cell? Not when it is shared with the root (the root keeps it) or a device. */
export function needsHandover(model: SystemModel, cell: Cell, region: MemoryRegion): boolean {
    if (cell.root || region.size <= 0) return false;
    const root = model.cells.find((c) => c.root);
    if (!root) return false;
    if (region.sharedWith.includes(root.name)) return false;
    if (isDeviceRegion(region) && region.phys >= ZCU102_DEVICE_WINDOW.start && region.phys + region.size <= ZCU102_DEVICE_WINDOW.start + ZCU102_DEVICE_WINDOW.size) return false;
    return true;
}

export interface MemoryRuleProblem {
    kind: 'overlaps-hypervisor' | 'root-cannot-cover';
    cell: Cell;
    region: MemoryRegion;
    message: string;
}

/** Regions whose pages would lie over the hypervisor's memory. `colored` false: as exported with --coloring none. */
export function hypervisorOverlaps(model: SystemModel, colored = true): MemoryRuleProblem[] {
    const problems: MemoryRuleProblem[] = [];
    for (const cell of model.cells) {
        for (const region of cell.memory) {
            if (region.size <= 0) continue;
            const window = physicalWindow(cell, region, model.platform, colored && isColoredRegion(cell, region));
            if (!intervalsOverlap(window, HYPERVISOR_MEMORY)) continue;
            problems.push({
                kind: 'overlaps-hypervisor',
                cell,
                region,
                message: `region '${region.name}' of cell '${cell.name}' (${hex(window.start)}..${hex(window.end)}${window.end - window.start !== region.size ? ', colored span' : ''}) lies over the hypervisor's memory ${hypervisorMemoryText()}`,
            });
        }
    }
    return problems;
}

interface GuestUse {
    range: Interval;
    /** Physical start it maps to and whether colored (two uses agree only when both are the same identity mapping). */
    phys: number;
    colored: boolean;
    what: string;
    cell: Cell;
    region: MemoryRegion;
}

/**
 * Inmate regions the root cell cannot cover: their handover's guest-physical range collides with a guest range the
 * root cell already uses for other memory (its own regions, or another inmate's colored handover). Two plain
 * identity mappings (guest = physical) agree and do not collide.
 */
export function rootCoverConflicts(model: SystemModel, colored = true): MemoryRuleProblem[] {
    const root = model.cells.find((c) => c.root);
    if (!root) return [];
    const uses: GuestUse[] = root.memory
        .filter((r) => r.size > 0)
        .map((r) => ({ range: rootGuestRange(r), phys: r.phys, colored: colored && isColoredRegion(root, r), what: `region '${r.name}' of the root cell '${root.name}'`, cell: root, region: r }));
    const problems: MemoryRuleProblem[] = [];
    for (const cell of model.cells) {
        if (cell.root) continue;
        for (const region of cell.memory) {
            if (!needsHandover(model, cell, region)) continue;
            const use: GuestUse = { range: handoverGuestRange(region), phys: region.phys, colored: colored && isColoredRegion(cell, region), what: `the handover of region '${region.name}' of cell '${cell.name}'`, cell, region };
            const clash = uses.find((u) => intervalsOverlap(u.range, use.range) && !(u.range.start === u.phys && !u.colored && !use.colored));
            if (clash) {
                problems.push({
                    kind: 'root-cannot-cover',
                    cell,
                    region,
                    message:
                        `the root cell cannot cover region '${region.name}' of cell '${cell.name}': 'cell load' maps it through the root cell at guest-physical ` +
                        `${hex(use.range.start)}..${hex(use.range.end)} (= its physical address), where the root cell already maps ${clash.what} ` +
                        `(${hex(clash.range.start)}..${hex(clash.range.end)}); move one of them (this one to ${hex(clash.range.end)} or above, say; colored regions of disjoint colors may share a window if their [start, start + size) ranges do not overlap)`,
                });
                continue;
            }
            uses.push(use);
        }
    }
    return problems;
}
