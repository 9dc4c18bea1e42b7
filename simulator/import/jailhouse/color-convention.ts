/**
 * Reading a cache-color mask in the convention of the tree it comes from, with the exporter's own reader
 * (simulator/export/jailhouse/color-mask.ts): minerva: bit c of the 64-bit `colors` field is color c. bu: the mask is
 * read from the top of the platform's colors, bit (colors-1-c) is color c (0xff00 = colors 0..7 on the 16-color
 * ZCU102). mainline has no coloring.
 */
import { maskToColors } from '../../export/jailhouse/color-mask.js';
import type { JailhouseTree } from './layouts.js';

export interface DecodedColors {
    colors: number[];
    /** Bits set beyond the platform's colors (the fork ignores or rejects them): kept as a note. */
    stray: bigint;
}

export function decodeColorMask(mask: bigint, tree: JailhouseTree, platformColors: number): DecodedColors {
    const inRange = (1n << BigInt(platformColors)) - 1n;
    const colors = maskToColors(mask & inRange, tree === 'bu' ? 'bu' : 'minerva', platformColors);
    return { colors, stray: mask & ~inRange };
}
