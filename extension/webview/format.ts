/** Time formatting for axis ticks and tooltips (the trace is integer ns; labels pick a unit that fits the zoom). */
import { formatDuration } from '../../simulator/model/format.js';

const UNITS: ReadonlyArray<[number, string]> = [[1e9, 's'], [1e6, 'ms'], [1e3, 'us'], [1, 'ns']];

/**
 * Exact value for tooltips: the readable form (formatDuration, as in the hover, hints, CLI and report) plus the
 * integer ns when rounding hid digits.
 */
export function formatTimeExact(ns: number): string {
    const readable = formatDuration(ns);
    const rounded = Math.round(ns);
    return readable.endsWith(' ns') ? readable : `${readable} (${rounded.toLocaleString('en-US')} ns)`;
}

/** A tick step of 1, 2 or 5 × 10^k ns giving at least `minPx` pixels between ticks. */
export function tickStep(spanNs: number, widthPx: number, minPx = 90): number {
    const raw = (spanNs * minPx) / Math.max(1, widthPx);
    const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
    for (const m of [1, 2, 5, 10]) {
        if (m * pow >= raw) return Math.max(1, m * pow);
    }
    return Math.max(1, 10 * pow);
}

/** Tick label precise enough to tell neighbouring ticks `step` ns apart. */
export function formatTick(t: number, step: number): string {
    const abs = Math.max(Math.abs(t), step);
    const [size, name] = UNITS.find(([s]) => abs >= s) ?? UNITS[UNITS.length - 1];
    const decimals = Math.max(0, Math.ceil(Math.log10(size / step) - 1e-9));
    return `${trim((t / size).toFixed(Math.min(decimals, 9)))} ${name}`;
}

function trim(text: string): string {
    return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
