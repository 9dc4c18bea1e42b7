/**
 * Cache-color bitmasks in the two conventions of the coloring-enabled Jailhouse forks.
 *
 * - `minerva` (Minerva Systems / TUM lineage, the one the broker prototype used): bit i of the 64-bit `colors` field
 *   selects color i (bit 0 = color 0).
 * - `bu` (Boston University fork): the mask is read from the most significant of the platform's color bits: with
 *   16 colors, bit 15 selects color 0 and bit 0 selects color 15.
 *
 * Masks are bigints so all 64 bits are exact.
 */

export type ColorConvention = 'minerva' | 'bu';

export const MAX_MASK_COLORS = 64;

function checkColorCount(numColors: number): void {
    if (!Number.isInteger(numColors) || numColors < 1 || numColors > MAX_MASK_COLORS) {
        throw new RangeError(`a color mask holds 1..${MAX_MASK_COLORS} colors, not ${numColors}`);
    }
}

function bitOf(color: number, convention: ColorConvention, numColors: number): bigint {
    return convention === 'minerva' ? BigInt(color) : BigInt(numColors - 1 - color);
}

/** The mask selecting `colors` (each in 0..numColors-1). */
export function colorsToMask(colors: readonly number[], convention: ColorConvention, numColors: number): bigint {
    checkColorCount(numColors);
    let mask = 0n;
    for (const color of colors) {
        if (!Number.isInteger(color) || color < 0 || color >= numColors) {
            throw new RangeError(`color ${color} is outside 0..${numColors - 1}`);
        }
        mask |= 1n << bitOf(color, convention, numColors);
    }
    return mask;
}

/** The sorted colors a mask selects. Bits beyond the platform's colors are an error: the fork would ignore them. */
export function maskToColors(mask: bigint, convention: ColorConvention, numColors: number): number[] {
    checkColorCount(numColors);
    if (mask < 0n || mask >> BigInt(numColors) !== 0n) {
        throw new RangeError(`mask 0x${mask.toString(16)} has bits beyond ${numColors} colors`);
    }
    const colors: number[] = [];
    for (let color = 0; color < numColors; color++) {
        if ((mask >> bitOf(color, convention, numColors)) & 1n) colors.push(color);
    }
    return colors;
}

/** C literal for a mask, fixed width so generated files line up: `0x000000000000ff00`. */
export function formatMask(mask: bigint): string {
    return `0x${mask.toString(16).padStart(16, '0')}`;
}
