/** AST and CST as plain data, for tests that compare two parses of one text (incremental, fast, Langium's own). */
import { AstUtils, isAstNode, isReference, type AstNode, type CstNode, type Grammar } from 'langium';

/** Grammar elements by position in the grammar (a CST node's `grammarSource` compared by identity, printed). */
export function grammarIndex(grammar: Grammar): Map<unknown, number> {
    return new Map([...AstUtils.streamAllContents(grammar)].map((node, i) => [node, i]));
}

/** The CST as plain data, checking on the way that containers and the root are consistent. */
export function cstShape(node: CstNode, root: CstNode, container?: CstNode, grammar?: Map<unknown, number>): unknown {
    // Plain checks (thousands of nodes per comparison): a wrong root or container fails the property.
    if (node.root !== root) throw new Error(`CST node at ${node.offset} has a stale root`);
    if (container && node.container !== container) throw new Error(`CST node at ${node.offset} has a wrong container`);
    const content = (node as { content?: CstNode[] }).content;
    const base = {
        offset: node.offset, end: node.end, range: node.range, hidden: node.hidden,
        ...(grammar ? { source: node.grammarSource ? grammar.get(node.grammarSource) ?? 'not in the grammar' : undefined, own: (node as { _astNode?: AstNode })._astNode?.$type } : {}),
    };
    if (!content) return { ...base, text: node.text, token: (node as { tokenType?: { name: string } }).tokenType?.name };
    return { ...base, type: isAstNode((node as { astNode?: unknown }).astNode) ? node.astNode.$type : undefined, content: content.map((c) => cstShape(c, root, node, grammar)) };
}

/** The AST as plain data: properties, cross-reference texts, and where each node's CST starts and ends. */
export function astShape(node: AstNode, container?: AstNode): unknown {
    if (container && node.$container !== container) throw new Error(`${node.$type} has a wrong $container`);
    const out: Record<string, unknown> = { $type: node.$type, $containerProperty: node.$containerProperty, $containerIndex: node.$containerIndex, at: [node.$cstNode?.offset, node.$cstNode?.end] };
    for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('$')) continue;
        const one = (v: unknown): unknown => (isAstNode(v) ? astShape(v, node) : isReference(v) ? { ref: v.$refText, at: v.$refNode?.offset } : v);
        out[key] = Array.isArray(value) ? value.map(one) : one(value);
    }
    return out;
}
