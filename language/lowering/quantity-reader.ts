/**
 * Reads numeric literals of the AST into exact integers of the model, reporting wrong unit kinds, fractions that do not
 * make a whole base unit, and missing units, at the literal itself.
 */
import type { AstNode } from 'langium';
import type { Quantity } from '../generated/ast.js';
import { BASE_UNIT, UNITS, parseInteger, toBaseUnits, type UnitKind } from '../../simulator/model/units.js';
import type { ProblemSink } from './problems.js';

/** How a diagnostic names each kind (the missing-unit quick-fix reads the kind back from it). */
export const KIND_WORDS: Readonly<Record<UnitKind, string>> = {
    time: 'a time (ns, us, ms, s)',
    size: 'a size (B, KiB, MiB, GiB, KB, MB, GB)',
    bandwidth: 'a bandwidth (MB/s, GB/s, MiB/s, ...)',
    frequency: 'a frequency (Hz, kHz, MHz, GHz)',
    events: 'an event count (events)',
    refills: 'a refill count (refills)',
};

export function describeKinds(kinds: readonly UnitKind[]): string {
    return kinds.map((k) => KIND_WORDS[k]).join(' or ');
}

export interface QuantityValue {
    value: number;
    kind: UnitKind;
}

export class QuantityReader {
    constructor(private readonly report: ProblemSink) {}

    /**
     * A quantity whose unit must be one of `kinds`. Returns undefined (after reporting) when it is unusable.
     * A missing unit is an error: `10` could be ns or ms, and guessing is how deadlines are missed.
     */
    read(q: Quantity | undefined, kinds: readonly UnitKind[]): QuantityValue | undefined {
        // Parser recovery can leave a quantity without its number; the syntax error already says so.
        if (!q || q.value === undefined) return undefined;
        if (!q.unit) {
            this.report({
                severity: 'error', code: 'missing-unit', node: q, property: 'value',
                message: `'${q.value}' needs a unit: expected ${describeKinds(kinds)}`,
            });
            return undefined;
        }
        const unit = UNITS[q.unit];
        if (!unit || !kinds.includes(unit.kind)) {
            this.report({
                severity: 'error', code: 'unit-kind', node: q, property: 'unit',
                message: `'${q.value} ${q.unit}' is ${unit ? KIND_WORDS[unit.kind] : 'an unknown unit'}, but ${describeKinds(kinds)} belongs here`,
            });
            return undefined;
        }
        const parsed = toBaseUnits(q.value, unit.factor, BASE_UNIT[unit.kind] === 'ns' ? 'nanoseconds' : BASE_UNIT[unit.kind]);
        if (!parsed.ok) {
            this.report({ severity: 'error', code: 'bad-number', node: q, property: 'value', message: parsed.error });
            return undefined;
        }
        return { value: parsed.value, kind: unit.kind };
    }

    /** A quantity of exactly one kind; convenience over `read`. */
    readKind(q: Quantity | undefined, kind: UnitKind): number | undefined {
        return this.read(q, [kind])?.value;
    }

    /** A plain count written as a Quantity (cores 4, ways 16): no unit allowed. */
    readCount(q: Quantity | undefined): number | undefined {
        if (!q || q.value === undefined) return undefined;
        if (q.unit) {
            this.report({
                severity: 'error', code: 'unit-kind', node: q, property: 'unit',
                message: `'${q.value} ${q.unit}': a plain count belongs here, without a unit`,
            });
            return undefined;
        }
        return this.readInteger(q.value, q, 'value');
    }

    /** An integer literal (core number, IRQ, priority, address). */
    readInteger(text: string | undefined, node: AstNode, property: string): number | undefined {
        if (text === undefined) return undefined;
        const parsed = parseInteger(text);
        if (!parsed.ok) {
            this.report({ severity: 'error', code: 'bad-number', node, property, message: `${parsed.error}: an integer belongs here` });
            return undefined;
        }
        return parsed.value;
    }
}
