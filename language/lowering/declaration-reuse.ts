/**
 * Lowered cells and flows kept from one version of a document to the next.
 *
 * The incremental parse (incremental-parse.ts) keeps the AST node of every top-level declaration an edit did not touch,
 * so a keystroke inside one task leaves the other 49 cells and 500 flows of a large document as they were; lowering
 * them again was most of a keystroke's lowering time. A declaration's lowering reads only its own subtree, the platform,
 * the hypervisor and the document's URI (cross-references are read by name, which is the reference's own text), and
 * its source ranges are absolute positions. So a kept lowering is reused when the AST node is the same object, at the
 * same position, with the same platform, hypervisor and URI; its problems and model-to-AST links are replayed.
 * test/language/declaration-reuse.test.ts compares it with lowering from scratch over random edits.
 */
import type { AstNode } from 'langium';
import type { Problem, ProblemSink } from './problems.js';
import type { ElementLinker } from './source-range.js';

interface KeptLowering {
    context: string;
    startLine: number;
    startCharacter: number;
    value: object;
    links: [object, AstNode][];
    problems: Problem[];
}

export class DeclarationReuse {
    private readonly kept = new WeakMap<AstNode, KeptLowering>();

    /**
     * `lower(report, linker)`'s result for `node`, or the kept one when still valid. `context` holds everything else
     * the lowering reads (platform, hypervisor, URI), as a string.
     */
    lower<T extends object>(node: AstNode, context: string, report: ProblemSink, linker: ElementLinker, lower: (report: ProblemSink, linker: ElementLinker) => T): T {
        const cst = node.$cstNode;
        const kept = this.kept.get(node);
        // Same node, same text: at the same line and column, every position inside it is the same too (offsets may
        // differ, but the model keeps line and column only).
        if (kept && cst && kept.context === context && kept.startLine === cst.range.start.line && kept.startCharacter === cst.range.start.character) {
            for (const [element, source] of kept.links) linker.link(element, source);
            for (const problem of kept.problems) report(problem);
            return kept.value as T;
        }
        const links: [object, AstNode][] = [];
        const problems: Problem[] = [];
        const value = lower(
            (problem) => { problems.push(problem); report(problem); },
            { link: (element, source) => { links.push([element, source]); return linker.link(element, source); } },
        );
        if (cst) {
            this.kept.set(node, {
                context, startLine: cst.range.start.line, startCharacter: cst.range.start.character,
                value, links, problems,
            });
        }
        return value;
    }
}
