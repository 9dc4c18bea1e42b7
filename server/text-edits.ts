/**
 * Small, surgical edits: replace one quantity, append one attribute. Everything else the user wrote (spacing,
 * comments, units of other values) stays as it is.
 */
import type { AstNode } from 'langium';
import type { TextEdit } from 'vscode-languageserver';

/** Replaces a quantity's text (`400 MB/s`) with `text`. */
export function replaceNode(node: AstNode | undefined, text: string): TextEdit | undefined {
    const range = node?.$cstNode?.range;
    return range ? { range, newText: text } : undefined;
}

/** Inserts ` text` right after a node (an attribute list grows at its end). */
export function appendAfter(node: AstNode | undefined, text: string): TextEdit | undefined {
    const end = node?.$cstNode?.range.end;
    return end ? { range: { start: end, end }, newText: ` ${text}` } : undefined;
}

/** The IntSet text for a list of numbers: `8..11`, `{8, 10..11}` (braces only when needed). */
export function intSetText(values: readonly number[]): string {
    const sorted = [...new Set(values)].sort((a, b) => a - b);
    const parts: string[] = [];
    for (let i = 0; i < sorted.length; i++) {
        let j = i;
        while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
        parts.push(j > i ? `${sorted[i]}..${sorted[j]}` : `${sorted[i]}`);
        i = j;
    }
    return parts.length === 1 ? parts[0] : `{${parts.join(', ')}}`;
}

export function defined<T>(values: Array<T | undefined>): T[] {
    return values.filter((v): v is T => v !== undefined);
}
