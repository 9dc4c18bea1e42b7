/**
 * The reference index, built when something asks for it instead of after every change.
 *
 * Langium describes every reference of a document (source and target path and range) after linking, on every
 * keystroke, for find-references, rename, highlights and cross-document invalidation. rtcell reads that index only
 * on those requests, so the description is deferred until one of them (or an invalidation check) needs it, and then
 * made for the document as it is. A change to a document drops its pending or built descriptions as before.
 */
import { AstUtils, Cancellation, DefaultIndexManager, DefaultReferenceDescriptionProvider, type AstNode, type LangiumDocument, type ReferenceDescription, type Stream, type URI } from 'langium';
import type { Document } from '../generated/ast.js';
import { referenceHolders } from './reference-holders.js';

export class RtcellReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    /** All descriptions of a linked document, synchronously (only reference holders are visited). */
    describe(document: LangiumDocument): ReferenceDescription[] {
        const root = document.parseResult.value;
        const holders: Iterable<AstNode> = root.$type === 'Document' ? referenceHolders(root as Document) : AstUtils.streamAst(root);
        const descriptions: ReferenceDescription[] = [];
        for (const node of holders) {
            AstUtils.streamReferences(node).forEach((info) => {
                if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
            });
        }
        return descriptions;
    }
}

export class LazyReferenceIndexManager extends DefaultIndexManager {
    /** Linked documents whose references are not described yet, by URI. */
    private readonly pending = new Map<string, LangiumDocument>();

    override async updateReferences(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        if (!(this.providerOf(document) instanceof RtcellReferenceDescriptionProvider)) return super.updateReferences(document, cancelToken);
        const uri = document.uri.toString();
        this.referenceIndex.delete(uri);
        this.pending.set(uri, document);
    }

    override removeReferences(uri: URI): void {
        this.pending.delete(uri.toString());
        super.removeReferences(uri);
    }

    override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
        this.describePending();
        return super.findAllReferences(targetNode, astNodePath);
    }

    override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
        this.describePending();
        return super.isAffected(document, changedUris);
    }

    private describePending(): void {
        for (const [uri, document] of this.pending) {
            this.referenceIndex.set(uri, (this.providerOf(document) as RtcellReferenceDescriptionProvider).describe(document));
        }
        this.pending.clear();
    }

    private providerOf(document: LangiumDocument) {
        return this.serviceRegistry.getServices(document.uri).workspace.ReferenceDescriptionProvider;
    }
}
