/**
 * Reuse of the previous version's analysis when an edit did not change what the analysis reads.
 *
 * Most keystrokes in a large document (typing in a comment, re-indenting, moving a declaration, inserting a blank
 * line) leave the lowered model identical except for the source positions its elements carry. The analysis of such
 * a model gives the same numbers, so re-running it (tens of milliseconds on hundreds of flows) is wasted time on the
 * keystroke → diagnostics path. The memo keeps, per document, the model's *position-free fingerprint* and the result;
 * when the next version has the same fingerprint, the result is reused with its source ranges moved to the new
 * model's positions (the result refers to the model's `source` objects; the two models are walked in parallel to pair
 * them). Whenever that pairing is incomplete the memo misses and the analysis runs: reuse is never a guess.
 */
import type { AnalysisResult } from '../simulator/analysis/types.js';
import type { SourceRange, SystemModel } from '../simulator/model/types.js';

interface Entry {
    fingerprint: string;
    model: SystemModel;
    result: AnalysisResult;
}

/** The model as a string without its source positions; non-finite numbers kept distinct from null. */
export function positionFreeFingerprint(model: SystemModel): string {
    return JSON.stringify(model, (key, value: unknown) => {
        if (key === 'source') return undefined;
        if (typeof value === 'number' && !Number.isFinite(value)) return `#${value}`;
        if (typeof value === 'bigint') return `#${value}n`;
        return value;
    });
}

export class AnalysisMemo {
    private readonly entries = new Map<string, Entry>();

    /** The stored result rebased onto `model`, when `model` differs from the stored one only in positions. */
    reuse(key: string, model: SystemModel, fingerprint: string): AnalysisResult | undefined {
        const entry = this.entries.get(key);
        if (!entry || entry.fingerprint !== fingerprint) return undefined;
        if (entry.model === model) return entry.result;
        const moved = pairSources(entry.model, model);
        if (!moved) return undefined;
        return rebase(entry.result, moved);
    }

    store(key: string, model: SystemModel, fingerprint: string, result: AnalysisResult): void {
        this.entries.set(key, { fingerprint, model, result });
    }

    forget(key: string): void {
        this.entries.delete(key);
    }
}

/** Old source object → new source object, by walking two models of equal fingerprint in parallel. */
function pairSources(before: unknown, after: unknown, pairs = new Map<SourceRange, SourceRange>()): Map<SourceRange, SourceRange> | undefined {
    if (typeof before !== 'object' || before === null || typeof after !== 'object' || after === null) return pairs;
    if (Array.isArray(before)) {
        if (!Array.isArray(after) || after.length !== before.length) return undefined;
        for (let i = 0; i < before.length; i++) if (!pairSources(before[i], after[i], pairs)) return undefined;
        return pairs;
    }
    const a = after as Record<string, unknown>;
    for (const [key, value] of Object.entries(before as Record<string, unknown>)) {
        if (key === 'source') {
            if (value && a.source) pairs.set(value as SourceRange, a.source as SourceRange);
            else if (value || a.source) return undefined;
            continue;
        }
        if (!pairSources(value, a[key], pairs)) return undefined;
    }
    return pairs;
}

/** A deep copy of the result whose `source` fields point at the new model's ranges; undefined if one is unknown. */
function rebase(result: AnalysisResult, moved: Map<SourceRange, SourceRange>): AnalysisResult | undefined {
    let complete = true;
    const copy = (value: unknown, key?: string): unknown => {
        if (typeof value !== 'object' || value === null) return value;
        if (key === 'source') {
            const target = moved.get(value as SourceRange);
            if (!target) complete = false;
            return target;
        }
        if (Array.isArray(value)) return value.map((v) => copy(v));
        if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, copy(v)]));
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = copy(v, k);
        return out;
    };
    const rebased = copy(result) as AnalysisResult;
    return complete ? rebased : undefined;
}
