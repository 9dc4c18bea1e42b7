/**
 * Reading a cache-color mask in the convention of the tree it comes from (the exporter writes them the same ways):
 * minerva: bit c of the 64-bit `colors` field is color c. bu: the mask is read from the top of the platform's colors,
 * bit (colors-1-c) is color c (0xff00 = colors 0..7 on the 16-color ZCU102). mainline has no coloring.
 */
import type { JailhouseTree } from './layouts.js';

export interface DecodedColors {
    colors: number[];
    /** Bits set beyond the platform's colors (the fork ignores or rejects them): kept as a note. */
    stray: bigint;
}

export function decodeColorMask(mask: bigint, tree: JailhouseTree, platformColors: number): DecodedColors {
    const colors: number[] = [];
    for (let color = 0; color < platformColors; color++) {
        const bit = BigInt(tree === 'bu' ? platformColors - 1 - color : color);
        if ((mask >> bit) & 1n) colors.push(color);
    }
    const stray = mask & ~((1n << BigInt(platformColors)) - 1n);
    return { colors, stray };
}
