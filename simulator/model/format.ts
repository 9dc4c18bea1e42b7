/**
 * How every quantity is shown to a person: hover, inlay hints, diagnostics, code-lens reports, the CLI tables, the
 * timeline's table and tooltips and the standalone report all call these, so one value reads the same everywhere.
 * Display only: every decision is made on the exact integers (ns, bytes, bytes/s) before they get here.
 *
 * The precision rule: the largest unit not above the value, to the nearest thousandth of that unit, trailing zeros
 * dropped (`3.172 ms`, `850 ns`, `425.984 MB/s`). Rounding that reaches 1000 of a unit carries into the next one
 * (`999.9996 us` is `1 ms`, not `1000 us`). Below the smallest prefix the exact integer is shown (`850 ns`, `64 B`).
 * Times use the language's own unit names (`us`, not `µs`), so what is shown can be typed back.
 */

/** The one word for a result without a bound (no worst case exists, or the analysis found none). */
export const UNBOUNDED = 'unbounded';

type Scale = ReadonlyArray<readonly [factor: number, name: string]>;

const TIME: Scale = [[1e9, 's'], [1e6, 'ms'], [1e3, 'us'], [1, 'ns']];
const BANDWIDTH: Scale = [[1e9, 'GB/s'], [1e6, 'MB/s'], [1e3, 'KB/s'], [1, 'B/s']];
const SIZE: Scale = [[2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB'], [1, 'B']];

function formatScaled(value: number, scale: Scale): string {
    if (!Number.isFinite(value)) return UNBOUNDED;
    const abs = Math.abs(value);
    for (let k = 0; k < scale.length; k++) {
        const [factor, name] = scale[k];
        if (abs < factor && k < scale.length - 1) continue;
        if (factor === 1) return `${Math.round(value)} ${name}`;
        const rounded = Math.round((abs / factor) * 1000) / 1000;
        // 999.9996 us rounds to 1000 us: say 1 ms (the unit above exists for every scale but the largest).
        if (k > 0 && rounded * factor >= scale[k - 1][0]) return formatScaled(Math.sign(value) * scale[k - 1][0], scale);
        const text = rounded.toFixed(3).replace(/\.?0+$/, '');
        return `${value < 0 ? '-' : ''}${text} ${name}`;
    }
    return `${value} ${scale[scale.length - 1][1]}`;
}

/** A time in ns: `3.172 ms`, `850 ns`. */
export function formatDuration(ns: number): string {
    return formatScaled(ns, TIME);
}

/** A bound that may be absent: the time, or `unbounded`. */
export function formatBound(ns: number | null | undefined): string {
    return ns === null || ns === undefined ? UNBOUNDED : formatDuration(ns);
}

/** A bandwidth in bytes/s, decimal prefixes like the language's `MB/s`: `400 MB/s`, `3.2 GB/s`. */
export function formatBandwidth(bytesPerSecond: number): string {
    return formatScaled(bytesPerSecond, BANDWIDTH);
}

/** A size in bytes, binary prefixes: `64 KiB`, `1.5 MiB`. */
export function formatSize(bytes: number): string {
    return formatScaled(bytes, SIZE);
}

/** `part` as a percentage of `whole`, to a tenth of a percent: `67 %`, `12.5 %`; `-` when `whole` is not positive. */
export function formatPercent(part: number, whole: number): string {
    if (!(whole > 0)) return '-';
    return `${Math.round((part / whole) * 1000) / 10} %`;
}
