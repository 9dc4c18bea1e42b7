/**
 * One lowering per parsed document. Every document version gets a fresh root node (the incremental parse reuses
 * untouched declarations, never the root), so keying on the root means a cached model can never be stale, and old
 * versions are garbage-collected with their root.
 */
import type { AstNode } from 'langium';
import type { Document } from './generated/ast.js';
import { DeclarationReuse } from './lowering/declaration-reuse.js';
import { lowerDocument, type LoweringResult } from './lowering/lower-document.js';
import { STRUCTURAL_RULES } from './validation/rules.js';

export interface CheckedModel extends LoweringResult {
    /** True when lowering or a structural rule reported an error: the model is then best-effort only. */
    hasErrors: boolean;
}

export class LoweringCache {
    private readonly cache = new WeakMap<Document, CheckedModel>();
    /** Lowered declarations kept across versions (keyed by AST node, so shared by all documents safely). */
    private readonly declarations = new DeclarationReuse();

    get(doc: Document, uri?: string): CheckedModel {
        let result = this.cache.get(doc);
        if (!result) {
            result = lowerAndCheck(doc, uri, this.declarations);
            this.cache.set(doc, result);
        }
        return result;
    }
}

/** Lowers a document (reusing untouched declarations when given `reuse`) and runs every structural rule on the result. */
export function lowerAndCheck(doc: Document, uri?: string, reuse?: DeclarationReuse): CheckedModel {
    const lowered = lowerDocument(doc, uri, reuse);
    const problems = lowered.problems;
    // Lowering errors, by node, so rules can skip values that already failed to parse (no cascades).
    const erroneous = new Set(lowered.problems.filter((p) => p.severity === 'error').map((p) => p.node));
    const hasErrorWithin = (element: object): boolean => {
        const node = lowered.index.nodeOf(element);
        if (!node) return false;
        for (const bad of erroneous) {
            for (let n: AstNode | undefined = bad; n; n = n.$container) if (n === node) return true;
        }
        return false;
    };
    for (const rule of STRUCTURAL_RULES) {
        rule({ model: lowered.model, doc, index: lowered.index, report: (p) => problems.push(p), hasErrorWithin });
    }
    return { ...lowered, problems, hasErrors: problems.some((p) => p.severity === 'error') };
}
