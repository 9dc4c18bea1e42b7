import type { AstNode } from 'langium';

export type ProblemSeverity = 'error' | 'warning' | 'info';

/**
 * A finding of lowering or validation, attached to the AST node (and optionally one of its properties) it is about,
 * so the editor underlines exactly the offending text. `code` is stable: quick-fixes and tests key on it.
 */
export interface Problem {
    severity: ProblemSeverity;
    code: string;
    message: string;
    node: AstNode;
    property?: string;
    index?: number;
    related?: Array<{ node: AstNode; message: string }>;
}

export type ProblemSink = (problem: Problem) => void;
