import type { AstNode } from 'langium';
import type { SourceRange } from '../../simulator/model/types.js';

/** The model's source range of an AST node (0-based, LSP convention), or undefined for synthesized nodes. */
export function sourceOf(node: AstNode | undefined, uri?: string): SourceRange | undefined {
    const range = node?.$cstNode?.range;
    if (!range) return undefined;
    // Without an object spread (one call per model element: 10,000 cells make some 60,000); same keys, same order.
    const start = { line: range.start.line, character: range.start.character };
    const end = { line: range.end.line, character: range.end.character };
    return uri ? { uri, start, end } : { start, end };
}

/** Records which AST node a model element was lowered from. */
export interface ElementLinker {
    link<T extends object>(element: T, node: AstNode): T;
}

/** Links every model element back to the AST node it was lowered from, for diagnostics at precise places. */
export class ModelIndex implements ElementLinker {
    private readonly nodes = new WeakMap<object, AstNode>();

    link<T extends object>(element: T, node: AstNode): T {
        this.nodes.set(element, node);
        return element;
    }

    nodeOf(element: object): AstNode | undefined {
        return this.nodes.get(element);
    }
}
