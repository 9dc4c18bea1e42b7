/**
 * Inside one cell, Jailhouse lets regions overlap (a TCM window inside an MMIO window, ivshmem memory inside RAM, two
 * R5 DDR windows); rtcell does not. The smaller region keeps its flags and is cut out of the larger one. When the
 * larger is colored it cannot be cut (its pages are spread over its span): the smaller is left out as a note — the
 * language cannot say that a cell maps the same memory twice — except that of two aliasing colored regions the
 * loadable one (the guest image) is kept.
 */
import { cellColors, type PlatformGeometry } from './import-regions.js';
import type { ImportedCell, ImportedRegion } from './imported-system.js';
import { cutOut, overlaps, physicalSpan } from './region-geometry.js';
import { hex, intSet } from './text-values.js';

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
export function separateWithinCell(cell: ImportedCell, g: PlatformGeometry): void {
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
