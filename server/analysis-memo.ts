/**
 * Reuse of the previous version's analysis when an edit did not change what the analysis reads.
 *
 * Most keystrokes in a large document (typing in a comment, re-indenting, moving a declaration, inserting a blank
 * line) leave the lowered model identical except for the source positions its elements carry. The analysis of such
 * a model gives the same numbers, so re-running it (tens of milliseconds on hundreds of flows) is wasted time on the
 * keystroke → diagnostics path. The memo keeps, per document, the model's *position-free fingerprint* and the result;
 * when the next version has the same fingerprint, the result is reused and its source ranges follow the new
 * positions (the result refers to the model's `source` objects; the two models are walked in parallel to pair them).
 * Whenever that pairing is incomplete the memo misses and the analysis runs: reuse is never a guess. The stored model
 * is superseded by the new one (its source objects now carry the new positions), as the previous version is.
 */
import type { AnalysisResult } from '../simulator/analysis/types.js';
import { adoptSources, type SourceMove } from '../simulator/model/source-adoption.js';
import { positionFreeFingerprint } from '../simulator/model/fingerprint.js';
import type { Cell, SourceRange, SystemModel } from '../simulator/model/types.js';

interface Entry {
    fingerprint: string;
    model: SystemModel;
    result: AnalysisResult;
}

const cellFingerprints = new WeakMap<Cell, string>();

/**
 * The model's position-free fingerprint, each cell's part kept by cell object: the language server's lowering keeps the
 * cell objects of untouched declarations (language/lowering/declaration-reuse.ts) and nothing changes a model after
 * lowering but source positions, which the fingerprint leaves out. Flows are written each time: a kept flow's default
 * priority is ranked again among all flows.
 */
export function modelFingerprint(model: SystemModel): string {
    const cells = model.cells.map((cell) => {
        let fingerprint = cellFingerprints.get(cell);
        if (fingerprint === undefined) {
            fingerprint = positionFreeFingerprint(cell);
            cellFingerprints.set(cell, fingerprint);
        }
        return fingerprint;
    });
    return positionFreeFingerprint({ ...model, cells });
}

export class AnalysisMemo {
    private readonly entries = new Map<string, Entry>();

    /**
     * The stored result for `model`, when `model` differs from the stored one only in positions. The result refers to
     * the stored model's source objects; they take the new positions and `model` adopts them, so the result (often
     * hundreds of thousands of objects on a large system) is reused as is instead of copied.
     */
    reuse(key: string, model: SystemModel, fingerprint: string): AnalysisResult | undefined {
        const entry = this.entries.get(key);
        if (!entry || entry.fingerprint !== fingerprint) return undefined;
        if (entry.model !== model) {
            const moves = pairSources(entry.model, model);
            if (!moves) return undefined;
            adoptSources(moves);
            entry.model = model;
        }
        return entry.result;
    }

    store(key: string, model: SystemModel, fingerprint: string, result: AnalysisResult): void {
        this.entries.set(key, { fingerprint, model, result });
    }

    forget(key: string): void {
        this.entries.delete(key);
    }
}

/** The source objects of two models of equal fingerprint, paired by walking them in parallel; undefined on mismatch. */
function pairSources(before: unknown, after: unknown, moves: SourceMove[] = []): SourceMove[] | undefined {
    // The lowering keeps untouched declarations' objects, sources included: nothing to move there.
    if (before === after) return moves;
    if (typeof before !== 'object' || before === null || typeof after !== 'object' || after === null) return moves;
    if (Array.isArray(before)) {
        if (!Array.isArray(after) || after.length !== before.length) return undefined;
        for (let i = 0; i < before.length; i++) if (!pairSources(before[i], after[i], moves)) return undefined;
        return moves;
    }
    const a = after as Record<string, unknown>;
    for (const [key, value] of Object.entries(before as Record<string, unknown>)) {
        if (key === 'source') {
            if (value && a.source) {
                moves.push({ owner: a as SourceMove['owner'], kept: value as SourceRange, current: a.source as SourceRange });
            } else if (value || a.source) return undefined;
            continue;
        }
        if (!pairSources(value, a[key], moves)) return undefined;
    }
    return moves;
}
