import type { AstNode } from 'langium';
import type * as ast from '../generated/ast.js';
import type { SystemModel } from '../../simulator/model/types.js';
import type { Problem, ProblemSeverity } from '../lowering/problems.js';
import type { ModelIndex } from '../lowering/source-range.js';

/** What every structural rule sees: the lowered model, the AST it came from, and where to report. */
export interface RuleContext {
    model: SystemModel;
    doc: ast.Document;
    index: ModelIndex;
    report(problem: Problem): void;
    /** True when an error was already reported inside this element's declaration (so a rule need not pile on). */
    hasErrorWithin(element: object): boolean;
}

export type Rule = (ctx: RuleContext) => void;

/** Reports at the AST node of a model element (falling back to the document). */
export function reportAt(
    ctx: RuleContext, element: object, severity: ProblemSeverity, code: string, message: string,
    where: { property?: string; index?: number; node?: AstNode; related?: Problem['related'] } = {},
): void {
    const node = where.node ?? ctx.index.nodeOf(element) ?? ctx.doc;
    ctx.report({ severity, code, message, node, ...(where.property ? { property: where.property } : {}), ...(where.index !== undefined ? { index: where.index } : {}), ...(where.related ? { related: where.related } : {}) });
}

/** Lists numbers compactly for messages: 0..3, 7. */
export function formatSet(values: readonly number[]): string {
    const sorted = [...values].sort((a, b) => a - b);
    const parts: string[] = [];
    for (let i = 0; i < sorted.length; i++) {
        let j = i;
        while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
        parts.push(j > i + 1 ? `${sorted[i]}..${sorted[j]}` : j === i + 1 ? `${sorted[i]}, ${sorted[j]}` : `${sorted[i]}`);
        i = j;
    }
    return parts.join(', ');
}
