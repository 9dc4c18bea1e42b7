/** Address arithmetic on imported regions: the physical span of a colored region, overlap, cutting a range out. */
import type { ImportedCell, ImportedRegion } from './imported-system.js';
import type { PlatformGeometry } from './import-regions.js';

/** Physical bytes a region spans: a colored region of size S with k of C colors spans ceil(S/(k·page))·C·page. */
export function physicalSpan(region: ImportedRegion, cell: ImportedCell, g: PlatformGeometry): bigint {
    const k = BigInt(cell.colors.length);
    if (!region.colored || k === 0n) return region.size;
    const perWay = k * BigInt(g.pageSize);
    return ((region.size + perWay - 1n) / perWay) * BigInt(g.colors) * BigInt(g.pageSize);
}

export function overlaps(a0: bigint, a1: bigint, b0: bigint, b1: bigint): boolean {
    return a0 < b1 && b0 < a1;
}

/** What remains of plain region `r` without [cut0, cut1): zero, one or two pieces. */
export function cutOut(r: ImportedRegion, cut0: bigint, cut1: bigint): ImportedRegion[] {
    const end = r.phys + r.size;
    const pieces: ImportedRegion[] = [];
    if (r.phys < cut0) pieces.push({ ...r, size: cut0 - r.phys });
    if (cut1 < end) pieces.push({ ...r, phys: cut1, virt: r.virt + (cut1 - r.phys), size: end - cut1 });
    return pieces;
}
