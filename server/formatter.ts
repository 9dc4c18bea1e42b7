/**
 * Formatting: blocks (platform, hypervisor, cells, multi-line flows) get one member per line, indented; braces get a
 * space before them; one-line blocks (`overheads { ... }`, `flow x from a to b { ... }`) keep their line with single
 * spaces inside the braces. Attributes of one task or flow stay on their line: that is how the language reads.
 */
import type { AstNode } from 'langium';
import { AbstractFormatter, Formatting } from 'langium/lsp';
import * as ast from '../language/generated/ast.js';

export class RtcellFormatter extends AbstractFormatter {
    protected format(node: AstNode): void {
        if (ast.isDocument(node)) {
            const f = this.getNodeFormatter(node);
            const tops: AstNode[] = [...(node.system ? [node.system] : []), ...node.platforms, ...node.hypervisors, ...node.cells, ...node.flows, ...node.resources]
                .sort((a, b) => (a.$cstNode?.offset ?? 0) - (b.$cstNode?.offset ?? 0));
            // Top-level declarations after the first start on their own line, keeping one blank line if the user left one.
            f.nodes(...tops.slice(1)).prepend(Formatting.fit(Formatting.newLine(), Formatting.newLines(2)));
            return;
        }
        if (ast.isCell(node)) {
            this.block(node, true);
        } else if (ast.isPlatformDecl(node) || ast.isHypervisorDecl(node)) {
            // Platform facts are often grouped (`llc 1 MiB ways 16 line 64 B`): keep a group's line, indent every line.
            this.block(node, true, node.props);
        } else if (ast.isFlow(node) || ast.isOverheadsDecl(node)) {
            this.block(node, (node.$cstNode?.text ?? '').includes('\n') && ast.isFlow(node));
        }
    }

    /** `{` with one space before; members one per line (multiline) or spaced on one line. */
    private block(node: AstNode, multiline: boolean, grouped?: readonly AstNode[]): void {
        const f = this.getNodeFormatter(node);
        const open = f.keyword('{');
        const close = f.keyword('}');
        open.prepend(Formatting.oneSpace());
        if (multiline) {
            if (ast.isFlow(node)) {
                // Flow attributes read as one sentence: the first goes on its own indented line, the rest follow it.
                const attrs = node.attrs;
                if (attrs.length > 0) {
                    f.node(attrs[0]).prepend(Formatting.indent());
                    f.nodes(...attrs.slice(1)).prepend(Formatting.oneSpace());
                }
            } else if (grouped && grouped.length > 0) {
                f.node(grouped[0]).prepend(Formatting.indent());
                f.nodes(...grouped.slice(1)).prepend(Formatting.fit(Formatting.oneSpace(), Formatting.indent()));
            } else {
                f.interior(open, close).prepend(Formatting.indent());
            }
            close.prepend(Formatting.newLine());
        } else {
            open.append(Formatting.oneSpace());
            close.prepend(Formatting.oneSpace());
            const items: AstNode[] = ast.isFlow(node) ? node.attrs : ast.isOverheadsDecl(node) ? node.items : [];
            f.nodes(...items.slice(1)).prepend(Formatting.oneSpace());
        }
    }
}
