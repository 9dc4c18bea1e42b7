/**
 * Local symbols of an rtcell document: only what a reference can name. Cells (targets of `from`, `to` and
 * `shared with`) and global resources are visible in the whole document; a cell's VCPUs (targets of `on <vcpu>`) and
 * its own resources (targets of `uses`, found before a global one of the same name) inside that cell.
 * Langium's default visits every node and describes every named one (each task, flow and event), work no reference
 * or completion ever reads.
 */
import { Cancellation, DefaultScopeComputation, MultiMap, interruptAndCheck, type AstNode, type AstNodeDescription, type LangiumDocument, type LocalSymbols } from 'langium';
import { isCellResource, isVcpu, type Document } from '../generated/ast.js';

export class RtcellScopeComputation extends DefaultScopeComputation {
    override async collectLocalSymbols(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<LocalSymbols> {
        const root = document.parseResult.value as Document;
        if (root.$type !== 'Document') return super.collectLocalSymbols(document, cancelToken);
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        for (const cell of root.cells) {
            await interruptAndCheck(cancelToken);
            this.addLocalSymbol(cell, document, symbols);
            for (const member of cell.members) if (isVcpu(member) || isCellResource(member)) this.addLocalSymbol(member, document, symbols);
        }
        for (const resource of root.resources) this.addLocalSymbol(resource, document, symbols);
        return symbols;
    }
}
