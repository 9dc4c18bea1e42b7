/**
 * Langium's CST builder attaches the hidden tokens (whitespace, comments) before a new node by looking the node up in
 * its container's children with `indexOf`, from the first child. The new node is the last child, so in a document of
 * n cells every cell's leading whitespace cost O(n): `check` grew quadratically with the number of cells (issue 17).
 * This replaces that one method with the same code looking the node up from the end (`lastIndexOf`: the same index,
 * since a node is a child of its container once). Same CST, linear time.
 *
 * Langium also inserts the nodes with one spread call (`push(...nodes)`), and a spread passes each element as an
 * argument on the stack: a run of some 60,000 comment lines with no token between them overflowed it ("Maximum call
 * stack size exceeded") on a valid file (issue 17). `insertAll` inserts long runs without a spread.
 */
import { CstUtils, LeafCstNodeImpl, type LangiumParser } from 'langium';
import type { IToken } from 'chevrotain';

interface CompositeLike {
    container?: CompositeLike;
    content: unknown[];
}

interface NodeBuilderLike {
    current: CompositeLike;
    rootNode: CompositeLike;
    addHiddenNodes(tokens: IToken[]): void;
}

export function withLinearHiddenNodes(parser: LangiumParser): LangiumParser {
    const builder = (parser as unknown as { nodeBuilder?: NodeBuilderLike }).nodeBuilder;
    if (!builder || typeof builder.addHiddenNodes !== 'function') return parser; // a Langium without this method: leave it
    useLinearHiddenNodes(builder);
    return parser;
}

/** Gives one CST builder the linear `addHiddenNodes` (also used by the fast parser's builder, fast-parser.ts). */
export function useLinearHiddenNodes(builder: { addHiddenNodes(tokens: IToken[]): void }): void {
    (builder as NodeBuilderLike).addHiddenNodes = function addHiddenNodes(this: NodeBuilderLike, tokens: IToken[]): void {
        // Called before every token the parser consumes, almost always with no comment before it: nothing to insert
        // (Langium's version still looked the node up and spliced nothing in, allocating on each token).
        if (tokens.length === 0) return;
        const nodes: unknown[] = [];
        for (const token of tokens) {
            const leaf = new LeafCstNodeImpl(token.startOffset, token.image.length, CstUtils.tokenToRange(token), token.tokenType, true);
            leaf.root = this.rootNode as never;
            nodes.push(leaf);
        }
        let current = this.current;
        if (current.content.length > 0) {
            insertAll(current.content, current.content.length, nodes);
            return;
        }
        while (current.container) {
            const index = current.container.content.lastIndexOf(current);
            if (index > 0) {
                insertAll(current.container.content, index, nodes);
                return;
            }
            current = current.container;
        }
        insertAll(this.rootNode.content, 0, nodes);
    };
}

/** Far below any stack limit, far above the comment runs of ordinary files (which take the one-call path). */
const SPREAD_LIMIT = 4096;

/** `array.splice(at, 0, ...items)`, without passing a long `items` on the stack. */
function insertAll(array: unknown[], at: number, items: unknown[]): void {
    if (items.length <= SPREAD_LIMIT) {
        array.splice(at, 0, ...items);
        return;
    }
    const tail = array.splice(at);
    for (const item of items) array.push(item);
    for (const item of tail) array.push(item);
}
