/**
 * The AST nodes of an rtcell document that can hold cross-references, found without visiting every node.
 *
 * The grammar has five: a flow's `from`/`to` cells, a cell's `shared with` cells, a global resource's `shared with`
 * cells, a task's or event's `on <vcpu>` placement, and a task's `uses <resource>`. Langium's linker and reference index visit the whole AST (every attribute and quantity of
 * every task) to find them; on a document with a thousand tasks that walk is a noticeable part of each keystroke.
 * test/language/references.test.ts checks against Langium's generic walk that no reference is missed.
 */
import type { AstNode } from 'langium';
import { isCriticalSectionAttr, isIrqEvent, isPlacementAttr, isSharedMember, isTask, type Document } from '../generated/ast.js';

/** The holders in document order (find-references and highlights list uses in that order). */
export function referenceHolders(root: Document): AstNode[] {
    const holders: AstNode[] = [...root.flows, ...root.resources];
    for (const cell of root.cells) {
        for (const member of cell.members) {
            if (isSharedMember(member)) holders.push(member);
            else if (isTask(member) || isIrqEvent(member)) {
                for (const attr of member.attrs) if (isPlacementAttr(attr) || isCriticalSectionAttr(attr)) holders.push(attr);
            }
        }
    }
    return holders.sort((a, b) => (a.$cstNode?.offset ?? 0) - (b.$cstNode?.offset ?? 0));
}
