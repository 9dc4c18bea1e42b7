/**
 * Which analysed item a cursor position is in (editor → timeline): the item whose declaration range holds the
 * position, the innermost when ranges nest. Pure, so it is tested without VS Code (test/webview/item-at-position.test.ts).
 */
import type { SourcePosition, SourceRange } from '../simulator/model/types.js';

export interface LocatedItem {
    name: string;
    source?: SourceRange;
}

function before(a: SourcePosition, b: SourcePosition): boolean {
    return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

function span(r: SourceRange): number {
    // Lines weigh more than any column: a one-line declaration is inner to a block that spans lines.
    return (r.end.line - r.start.line) * 1_000_000 + (r.end.character - r.start.character);
}

/** The name of the innermost item whose source holds `position` (start and end inclusive), or undefined. */
export function itemAtPosition(items: readonly LocatedItem[], position: SourcePosition): string | undefined {
    let best: LocatedItem | undefined;
    for (const item of items) {
        const r = item.source;
        if (!r || !before(r.start, position) || !before(position, r.end)) continue;
        if (!best || span(r) < span(best.source!)) best = item;
    }
    return best?.name;
}
