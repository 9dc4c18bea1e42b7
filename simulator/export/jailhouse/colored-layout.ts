/**
 * Where the pages of a cache-colored region land in physical memory.
 *
 * A physical page's color is its page number modulo the number of colors (way size / page size). A colored region
 * of S bytes starting at a way-aligned physical address P takes, in address order, the pages from P upward whose color
 * it owns, until it has S / pageSize of them. So with k of C colors it reserves ceil(pages / k) whole "ways" of
 * C pages each: about S·C/k bytes of address space (DOMAIN.md section 2). Regions of different cells may share that
 * address space as long as their colors are disjoint.
 */

export interface ColorGeometry {
    pageSize: number;
    numColors: number;
}

/** Bytes of one way: numColors consecutive pages, one of each color. */
export function wayBytes(geometry: ColorGeometry): number {
    return geometry.pageSize * geometry.numColors;
}

/** Physical address window [phys, phys + span) a colored region of `size` bytes reserves. */
export function coloredSpan(size: number, colorCount: number, geometry: ColorGeometry): number {
    if (colorCount <= 0) throw new RangeError('a colored region needs at least one color');
    const pages = Math.ceil(size / geometry.pageSize);
    return Math.ceil(pages / colorCount) * wayBytes(geometry);
}

/** Color of the page holding physical address `address`. */
export function colorOfAddress(address: number, geometry: ColorGeometry): number {
    return Math.floor(address / geometry.pageSize) % geometry.numColors;
}

/**
 * Physical address of byte `offset` of a colored region (`colors` sorted ascending, `phys` way-aligned).
 * Exact integer arithmetic: all quantities stay below 2^53.
 */
export function coloredOffsetToPhys(
    phys: number,
    offset: number,
    colors: readonly number[],
    geometry: ColorGeometry,
): number {
    const page = Math.floor(offset / geometry.pageSize);
    const within = offset % geometry.pageSize;
    const way = Math.floor(page / colors.length);
    const color = colors[page % colors.length];
    return phys + way * wayBytes(geometry) + color * geometry.pageSize + within;
}

/**
 * Inverse of `coloredOffsetToPhys`: the region offset that maps to `address`, or undefined when the region does not
 * hold that byte (wrong color, outside its window, or past its size).
 */
export function physToColoredOffset(
    phys: number,
    size: number,
    address: number,
    colors: readonly number[],
    geometry: ColorGeometry,
): number | undefined {
    if (address < phys) return undefined;
    const rel = address - phys;
    const way = Math.floor(rel / wayBytes(geometry));
    const color = colorOfAddress(rel, geometry);
    const rank = colors.indexOf(color);
    if (rank < 0) return undefined;
    const page = way * colors.length + rank;
    const offset = page * geometry.pageSize + (rel % geometry.pageSize);
    return offset < size ? offset : undefined;
}
