/** How imported values are shown in notes and comments: exact hex addresses, sizes in the largest exact unit. */

export function hex(value: bigint | number): string {
    return `0x${value.toString(16)}`;
}

const SIZE_UNITS: Array<[string, bigint]> = [['GiB', 1n << 30n], ['MiB', 1n << 20n], ['KiB', 1n << 10n]];

/** `64 KiB`, `2 GiB`, `256 B`: the largest binary unit that divides the size exactly (rtcell size syntax). */
export function sizeText(size: bigint): string {
    for (const [unit, factor] of SIZE_UNITS) if (size > 0n && size % factor === 0n) return `${size / factor} ${unit}`;
    return `${size} B`;
}

/** A string from a configuration shown safely inside a `//` comment or a message (no line breaks, no control bytes). */
export function printable(text: string): string {
    return text.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** `{0, 2, 4..6}` style list of small integers, as the language writes sets. */
export function intSet(values: readonly number[]): string {
    const sorted = [...new Set(values)].sort((a, b) => a - b);
    const parts: string[] = [];
    for (let i = 0; i < sorted.length;) {
        let j = i;
        while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
        parts.push(j > i ? `${sorted[i]}..${sorted[j]}` : `${sorted[i]}`);
        i = j + 1;
    }
    return parts.length === 1 ? parts[0] : `{${parts.join(', ')}}`;
}
