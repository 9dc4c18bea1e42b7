/**
 * Units of the rtcell language and exact conversions between them.
 *
 * Every quantity becomes an integer in its base unit (ns, bytes, bytes/s, Hz, count). Literals are parsed as exact
 * decimals with BigInt, so `1.2 GHz` is 1200000000 Hz and `1.5 us` is 1500 ns, never 1499.9999.
 * Decimal prefixes (KB, MB, GB) are powers of 10, binary ones (KiB, MiB, GiB) powers of 2.
 */

export type UnitKind = 'time' | 'size' | 'bandwidth' | 'frequency' | 'events' | 'refills';

export interface UnitInfo {
    kind: UnitKind;
    /** How many base units one of this unit is (exact). */
    factor: bigint;
    description: string;
}

const KI = 1024n;

export const UNITS: Readonly<Record<string, UnitInfo>> = {
    ns: { kind: 'time', factor: 1n, description: 'nanoseconds' },
    us: { kind: 'time', factor: 1_000n, description: 'microseconds' },
    ms: { kind: 'time', factor: 1_000_000n, description: 'milliseconds' },
    s: { kind: 'time', factor: 1_000_000_000n, description: 'seconds' },
    B: { kind: 'size', factor: 1n, description: 'bytes' },
    KB: { kind: 'size', factor: 1_000n, description: 'kilobytes (10^3 bytes)' },
    MB: { kind: 'size', factor: 1_000_000n, description: 'megabytes (10^6 bytes)' },
    GB: { kind: 'size', factor: 1_000_000_000n, description: 'gigabytes (10^9 bytes)' },
    KiB: { kind: 'size', factor: KI, description: 'kibibytes (2^10 bytes)' },
    MiB: { kind: 'size', factor: KI * KI, description: 'mebibytes (2^20 bytes)' },
    GiB: { kind: 'size', factor: KI * KI * KI, description: 'gibibytes (2^30 bytes)' },
    'B/s': { kind: 'bandwidth', factor: 1n, description: 'bytes per second' },
    'KB/s': { kind: 'bandwidth', factor: 1_000n, description: 'kilobytes per second' },
    'MB/s': { kind: 'bandwidth', factor: 1_000_000n, description: 'megabytes (10^6) per second' },
    'GB/s': { kind: 'bandwidth', factor: 1_000_000_000n, description: 'gigabytes (10^9) per second' },
    'KiB/s': { kind: 'bandwidth', factor: KI, description: 'kibibytes per second' },
    'MiB/s': { kind: 'bandwidth', factor: KI * KI, description: 'mebibytes (2^20) per second' },
    'GiB/s': { kind: 'bandwidth', factor: KI * KI * KI, description: 'gibibytes (2^30) per second' },
    Hz: { kind: 'frequency', factor: 1n, description: 'hertz' },
    kHz: { kind: 'frequency', factor: 1_000n, description: 'kilohertz' },
    MHz: { kind: 'frequency', factor: 1_000_000n, description: 'megahertz' },
    GHz: { kind: 'frequency', factor: 1_000_000_000n, description: 'gigahertz' },
    events: { kind: 'events', factor: 1n, description: 'LLC-refill events per MemGuard period' },
    refills: { kind: 'refills', factor: 1n, description: 'LLC refills (cache lines fetched from DRAM)' },
};

export const BASE_UNIT: Readonly<Record<UnitKind, string>> = {
    time: 'ns',
    size: 'B',
    bandwidth: 'B/s',
    frequency: 'Hz',
    events: 'events',
    refills: 'refills',
};

export type NumberParse =
    | { ok: true; value: number }
    | { ok: false; error: string };

/** Exact rational: numerator / 10^scale. */
interface Decimal {
    digits: bigint;
    scale: number;
}

function parseDecimal(text: string): Decimal | undefined {
    const clean = text.replace(/_/g, '');
    if (/^0[xX][0-9a-fA-F]+$/.test(clean)) {
        return { digits: BigInt(clean), scale: 0 };
    }
    const m = /^([0-9]+)(?:\.([0-9]+))?$/.exec(clean);
    if (!m) return undefined;
    const fraction = m[2] ?? '';
    return { digits: BigInt(m[1] + fraction), scale: fraction.length };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Converts a literal (decimal, with `_` separators, or `0x` hex) times a unit factor into an exact integer.
 * Fails when the result is not a whole number of base units or does not fit a safe JS integer.
 */
export function toBaseUnits(literal: string, factor: bigint = 1n, baseUnitName = ''): NumberParse {
    const dec = parseDecimal(literal);
    if (!dec) return { ok: false, error: `'${literal}' is not a number` };
    const scaleDiv = 10n ** BigInt(dec.scale);
    const numerator = dec.digits * factor;
    if (numerator % scaleDiv !== 0n) {
        const what = baseUnitName ? `a whole number of ${baseUnitName}` : 'a whole number';
        return { ok: false, error: `${literal} is not ${what}` };
    }
    const value = numerator / scaleDiv;
    if (value > MAX_SAFE) return { ok: false, error: `${literal} is too large` };
    return { ok: true, value: Number(value) };
}

/** Parses a plain integer literal (decimal or hex, `_` allowed), as used for cores, colors, IRQs and priorities. */
export function parseInteger(literal: string): NumberParse {
    return toBaseUnits(literal, 1n);
}

/**
 * A duration typed by a person (command-line option, editor setting): `1s`, `500ms`, `2 ms`, `1.5 us`, or a plain
 * integer number of ns. Exact, and greater than zero.
 */
export function parseDuration(text: string): NumberParse {
    const m = /^\s*([0-9][0-9_]*(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
    if (!m) return { ok: false, error: `'${text}' is not a duration (examples: 1s, 500ms, 2 ms)` };
    const unit = m[2] || 'ns';
    const info = UNITS[unit];
    if (!info || info.kind !== 'time') return { ok: false, error: `'${unit}' is not a time unit (ns, us, ms, s)` };
    const parsed = toBaseUnits(m[1], info.factor, 'ns');
    if (!parsed.ok) return parsed;
    if (parsed.value <= 0) return { ok: false, error: 'the duration must be greater than zero' };
    return parsed;
}

/** Integer division rounding up, for non-negative safe integers, exact through BigInt. */
export function ceilDiv(a: number, b: number): number {
    const A = BigInt(a);
    const B = BigInt(b);
    return Number((A + B - 1n) / B);
}

/** floor(a * b / c) computed exactly. */
export function mulDivFloor(a: number, b: number, c: number): number {
    return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/** ceil(a * b / c) computed exactly. */
export function mulDivCeil(a: number, b: number, c: number): number {
    const n = BigInt(a) * BigInt(b);
    const d = BigInt(c);
    return Number((n + d - 1n) / d);
}

const NS_PER_S = 1_000_000_000;

/** MemGuard conversion: LLC-refill events per period for a bandwidth (rounded down: never grants more). */
export function bandwidthToEvents(bytesPerSecond: number, periodNs: number, lineSize: number): number {
    return Number((BigInt(bytesPerSecond) * BigInt(periodNs)) / (BigInt(NS_PER_S) * BigInt(lineSize)));
}

/** Bandwidth an events-per-period budget grants, in bytes/s (rounded down). */
export function eventsToBandwidth(events: number, periodNs: number, lineSize: number): number {
    return Number((BigInt(events) * BigInt(lineSize) * BigInt(NS_PER_S)) / BigInt(periodNs));
}

/** Bytes a bandwidth allows per period (rounded down). */
export function bytesPerPeriod(bytesPerSecond: number, periodNs: number): number {
    return mulDivFloor(bytesPerSecond, periodNs, NS_PER_S);
}

/** Time to move `bytes` at `bytesPerSecond`, in ns, rounded up (a bound, never optimistic). */
export function transferTime(bytes: number, bytesPerSecond: number): number {
    return mulDivCeil(bytes, NS_PER_S, bytesPerSecond);
}

// Display lives in format.ts (one precision rule for every view); these names stay for the analysis' explanations.
export { formatBandwidth, formatDuration as formatTime, formatSize } from './format.js';

/**
 * Writes an integer number of base units as the largest unit of `kind` that expresses it exactly (for quick-fixes
 * that write a value back into the document): 4096 bytes → `4 KiB`, 1500 ns → `1500 ns` → `1.5 us`.
 */
export function formatExact(value: number, kind: UnitKind): string {
    const candidates = Object.entries(UNITS)
        .filter(([, u]) => u.kind === kind)
        .sort((a, b) => (a[1].factor < b[1].factor ? 1 : -1));
    const v = BigInt(value);
    for (const [name, info] of candidates) {
        // Allow up to three decimals so 1500 ns prints as 1.5 us, not 1500 ns.
        const scaled = v * 1000n;
        if (scaled % info.factor === 0n) {
            const thousandths = scaled / info.factor;
            if (thousandths >= 1000n || info.factor === 1n) {
                const whole = thousandths / 1000n;
                const frac = thousandths % 1000n;
                const fracText = frac === 0n ? '' : '.' + frac.toString().padStart(3, '0').replace(/0+$/, '');
                return `${whole}${fracText} ${name}`;
            }
        }
    }
    return `${value} ${BASE_UNIT[kind]}`;
}
