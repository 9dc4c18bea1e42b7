/** Links only the nodes that can hold references (reference-holders.ts) instead of walking the whole AST. */
import { AstUtils, Cancellation, DefaultLinker, interruptAndCheck, type LangiumDocument } from 'langium';
import type { Document } from '../generated/ast.js';
import { referenceHolders } from './reference-holders.js';

export class RtcellLinker extends DefaultLinker {
    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        const root = document.parseResult.value as Document;
        if (root.$type !== 'Document') return super.link(document, cancelToken);
        for (const node of referenceHolders(root)) {
            await interruptAndCheck(cancelToken);
            AstUtils.streamReferences(node).forEach((ref) => this.doLink(ref, document));
        }
    }
}
