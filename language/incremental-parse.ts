/**
 * Re-parsing only the top-level declarations an edit touched.
 *
 * Langium parses a whole document on every change. On a large system (50 cells, 1,000 tasks, 500 flows) that is most
 * of the keystroke → diagnostics time, although a keystroke changes one declaration. An rtcell document is a flat
 * sequence of top-level declarations (system, platform, hypervisor, cells, flows) separated only by whitespace and
 * comments, and each of them is closed: it ends in `}` or, for `system`, cannot be extended by a token that starts a
 * declaration. So the text between the last declaration that ends before the edit and the first one that starts after
 * it can be parsed on its own, and the declarations outside keep their AST and CST:
 *
 * - the region is parsed in a copy of the new text where everything outside it is blanked to spaces (line breaks
 *   kept), so its tokens get their final offsets, lines and columns without any shifting;
 * - the declarations after the region move by the edit's length; their CST leaves are shifted in place (offset, and
 *   line/column of the positions on the line where the region ended);
 * - a new Document root holds the old declarations before, the region's, and the old ones after, in that order;
 *   the root CST node is reused with the new text, so untouched nodes need no update of their `root`.
 *
 * Whenever this could differ from a full parse the function returns undefined and the caller parses everything:
 * the previous version had syntax errors, the region has any, the region is most of the document, or the `system`
 * declaration would not stay first. test/language/incremental-parse.test.ts checks, on random edits, that the result
 * equals a full parse (AST, CST offsets, ranges and hidden nodes).
 *
 * It relies on the CST classes of Langium 4.2 (the root's `_text`, a leaf's `_offset` and `_range`), which is why the
 * Langium version is pinned and the equivalence test exists.
 */
import { AstUtils, isAstNode, type AstNode, type CstNode, type LangiumParser, type ParseResult } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import type { Document } from './generated/ast.js';

/** Beyond this share of the document, a full parse is as fast and simpler. */
const MAX_REGION_SHARE = 0.5;

interface MutableRoot extends CstNode {
    content: CstNode[];
    _text: string;
    _rangeCache?: Range;
}

interface MutableLeaf extends CstNode {
    _offset: number;
    _range: Range;
}

export function reparseChangedDeclarations(parser: Pick<LangiumParser, 'parse'>, previous: ParseResult<Document>, oldText: string, newText: string): ParseResult<Document> | undefined {
    if (previous.lexerErrors.length > 0 || previous.parserErrors.length > 0) return undefined;
    const oldRoot = previous.value;
    const rootCst = oldRoot.$cstNode as MutableRoot | undefined;
    if (!rootCst || rootCst.root !== (rootCst as CstNode) || rootCst._text !== oldText) return undefined;

    // The changed span: old [start, oldEnd) became new [start, newEnd).
    const shortest = Math.min(oldText.length, newText.length);
    let start = 0;
    while (start < shortest && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
    let common = 0;
    while (common < shortest - start && oldText.charCodeAt(oldText.length - 1 - common) === newText.charCodeAt(newText.length - 1 - common)) common++;
    const oldEnd = oldText.length - common;
    const delta = newText.length - oldText.length;

    // Declarations strictly before or after the change keep their nodes; one that touches it is parsed again (an
    // edit right after `zcu102` could extend that name).
    const top = rootCst.content;
    let lastBefore = -1;
    for (let i = 0; i < top.length; i++) {
        const node = top[i];
        if (node.hidden) continue;
        if (node.end < start) lastBefore = i;
        else break;
    }
    let firstAfter = top.length;
    for (let i = top.length - 1; i > lastBefore; i--) {
        const node = top[i];
        if (node.hidden) continue;
        if (node.offset > oldEnd) firstAfter = i;
        else break;
    }
    const regionStart = lastBefore >= 0 ? top[lastBefore].end : 0;
    const regionEndOld = firstAfter < top.length ? top[firstAfter].offset : oldText.length;
    const regionEndNew = regionEndOld + delta;
    if (regionEndNew - regionStart > newText.length * MAX_REGION_SHARE) return undefined;

    const region = parser.parse<Document>(blankOutside(newText, regionStart, regionEndNew));
    if (region.lexerErrors.length > 0 || region.parserErrors.length > 0) return undefined;

    const isBefore = (node: AstNode) => (node.$cstNode?.end ?? Number.POSITIVE_INFINITY) <= regionStart;
    const isAfter = (node: AstNode) => (node.$cstNode?.offset ?? -1) >= regionEndOld;
    // Top-level non-hidden CST nodes are declarations: whether any is kept before the region, or parsed in it.
    const regionDeclares = (region.value.$cstNode as MutableRoot).content.some((n) => !n.hidden);
    const root = mergeDeclarations(oldRoot, region.value, isBefore, isAfter, lastBefore >= 0, regionDeclares);
    if (!root) return undefined;

    // CST: shift what follows the region, adopt the region's nodes into the reused root.
    const after = top.slice(firstAfter);
    if (after.length > 0) {
        const oldStart = after[0].range.start;
        const startOfRegion = lastBefore >= 0 ? top[lastBefore].range.end : { line: 0, character: 0 };
        const newStart = advance(newText, regionStart, regionEndNew, startOfRegion.line, startOfRegion.character);
        const shift = { offset: delta, fromLine: oldStart.line, lines: newStart.line - oldStart.line, characters: newStart.character - oldStart.character };
        if (shift.offset !== 0 || shift.lines !== 0 || shift.characters !== 0) for (const node of after) shiftLeaves(node, shift);
    }
    const middle = (region.value.$cstNode as MutableRoot).content.slice();
    for (const node of middle) adoptInto(node, rootCst);
    const merged = [...top.slice(0, lastBefore + 1), ...middle, ...after];
    top.length = 0;
    for (const node of merged) top.push(node); // CstNodeContainer.push sets each node's container
    rootCst._text = newText;
    delete rootCst._rangeCache;
    (rootCst as { astNode: AstNode }).astNode = root;
    (root as { $cstNode?: CstNode }).$cstNode = rootCst;
    return { value: root, lexerErrors: [], parserErrors: [], ...(region.lexerReport ? { lexerReport: region.lexerReport } : {}) };
}

/** The text with every character outside [from, to) replaced by a space, line breaks kept (positions unchanged). */
function blankOutside(text: string, from: number, to: number): string {
    // Runs, not characters: one replacement per line keeps this linear with a small constant.
    const blank = (part: string) => part.replace(/[^\r\n]+/g, (run) => ' '.repeat(run.length));
    return blank(text.slice(0, from)) + text.slice(from, to) + blank(text.slice(to));
}

/**
 * The region's fresh Document with the kept declarations around its own, per property in document order; undefined
 * when the `system` declaration would not be the document's first (a full parse reports that).
 */
function mergeDeclarations(
    oldRoot: Document, fresh: Document, isBefore: (n: AstNode) => boolean, isAfter: (n: AstNode) => boolean,
    keptBefore: boolean, regionDeclares: boolean,
): Document | undefined {
    // `system` must come first: a new one only with nothing kept before it, a kept one after the region only when the
    // region declares nothing.
    if (fresh.system && keptBefore) return undefined;
    const root = fresh as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(oldRoot)) {
        if (key.startsWith('$')) continue;
        if (Array.isArray(value)) {
            root[key] = [...(value as AstNode[]).filter(isBefore), ...((root[key] as AstNode[] | undefined) ?? []), ...(value as AstNode[]).filter(isAfter)];
        } else if (isAstNode(value) && (isBefore(value) || isAfter(value))) {
            if (root[key] !== undefined || (isAfter(value) && regionDeclares)) return undefined;
            root[key] = value;
        }
    }
    AstUtils.linkContentToContainer(fresh);
    return fresh;
}

/** Line and column reached after text[from, to) starting at (line, character); `\r\n`, `\r` and `\n` end lines. */
function advance(text: string, from: number, to: number, line: number, character: number): { line: number; character: number } {
    for (let i = from; i < to; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
            line++;
            character = 0;
        } else character++;
    }
    return { line, character };
}

interface Shift {
    offset: number;
    /** Positions on this (old) line also move by `characters`. */
    fromLine: number;
    lines: number;
    characters: number;
}

function shiftLeaves(node: CstNode, shift: Shift): void {
    const content = (node as { content?: CstNode[] }).content;
    if (content) {
        for (const child of content) shiftLeaves(child, shift);
        return;
    }
    const leaf = node as MutableLeaf;
    leaf._offset += shift.offset;
    // In place: composite nodes cache ranges that point at their leaves' position objects.
    const { start, end } = leaf._range;
    if (start.line === shift.fromLine) start.character += shift.characters;
    start.line += shift.lines;
    if (end.line === shift.fromLine) end.character += shift.characters;
    end.line += shift.lines;
}

function adoptInto(node: CstNode, root: CstNode): void {
    (node as { root: CstNode }).root = root;
    const content = (node as { content?: CstNode[] }).content;
    if (content) for (const child of content) adoptInto(child, root);
}
