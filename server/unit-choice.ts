/**
 * Which unit a quick-fix writes a value in: the one the user wrote when it can say the value exactly (`MB/s` stays
 * `MB/s`, a deadline in ms stays in ms), else a smaller unit of the same family (decimal `MB/s` → `KB/s`, binary `MiB`
 * → `KiB`), else the base unit; and where a value with a margin lands (a round number in that unit). Exact: BigInt.
 */
import { BASE_UNIT, UNITS, formatExact, type UnitKind } from '../simulator/model/units.js';

/** Most decimals a fix writes: `425.984 MB/s`; a value that needs more goes down a unit. */
const MAX_DECIMALS = 3;

/** The units of `kind` in the same family as `unit` (decimal or binary prefixes), largest first, down to the base. */
function familyOf(unit: string, kind: UnitKind): string[] {
    const binary = unit.includes('i');
    return Object.entries(UNITS)
        .filter(([name, info]) => info.kind === kind && (name === BASE_UNIT[kind] || name.includes('i') === binary))
        .sort((a, b) => (a[1].factor < b[1].factor ? 1 : -1))
        .map(([name]) => name)
        .filter((name) => UNITS[name].factor <= UNITS[unit].factor);
}

/** `value` (base units) in `unit` with at most MAX_DECIMALS decimals, or undefined when that is not exact. */
export function exactIn(value: number, unit: string): string | undefined {
    const factor = UNITS[unit].factor;
    const scaled = BigInt(value) * 10n ** BigInt(MAX_DECIMALS);
    if (scaled % factor !== 0n) return undefined;
    const units = scaled / factor;
    const whole = units / 10n ** BigInt(MAX_DECIMALS);
    const fraction = (units % 10n ** BigInt(MAX_DECIMALS)).toString().padStart(MAX_DECIMALS, '0').replace(/0+$/, '');
    return `${whole}${fraction ? `.${fraction}` : ''} ${unit}`;
}

/**
 * `value` written like `userUnit` (when it is a unit of `kind`): in that unit when exact, else in the largest unit of its
 * family that is; without a unit to follow, the largest exact unit of any family (`formatExact`).
 */
export function formatInUnitOf(userUnit: string | undefined, value: number, kind: UnitKind): string {
    if (!userUnit || UNITS[userUnit]?.kind !== kind) return formatExact(value, kind);
    for (const unit of familyOf(userUnit, kind)) {
        const text = exactIn(value, unit);
        if (text) return text;
    }
    return `${value} ${BASE_UNIT[kind]}`;
}

/** Significant digits of a value with a margin: `469 MB/s`, `4.47 ms`, `24.1 MB/s`. */
const MARGIN_DIGITS = 3;

/**
 * A minimum (a budget, a deadline) raised by `percent`, then rounded up to MARGIN_DIGITS significant digits of
 * `userUnit` (or of the unit `formatExact` picks), so the fix reads `469 MB/s` rather than `468.582 MB/s`. Never below
 * the raised value.
 */
export function withMargin(value: number, percent: number, userUnit: string | undefined, kind: UnitKind): number {
    const unit = userUnit && UNITS[userUnit]?.kind === kind ? userUnit : formatExact(value, kind).split(' ')[1];
    const factor = UNITS[unit]?.factor ?? 1n;
    const hundredths = BigInt(Math.max(0, Math.round(percent * 100)));
    const raised = (BigInt(value) * (10_000n + hundredths) + 9_999n) / 10_000n;
    // Step between neighbouring values with MARGIN_DIGITS significant digits in `unit`, in base units (at least 1).
    const integerDigits = Math.max(1, (raised / factor).toString().length - ((raised / factor) === 0n ? 1 : 0));
    const shift = integerDigits - MARGIN_DIGITS;
    const step = shift >= 0 ? factor * 10n ** BigInt(shift) : factor / 10n ** BigInt(-shift);
    const unitStep = step > 0n && (shift >= 0 || factor % 10n ** BigInt(-shift) === 0n) ? step : 1n;
    return Number(((raised + unitStep - 1n) / unitStep) * unitStep);
}
