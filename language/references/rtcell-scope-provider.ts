/**
 * Scopes as name tables, built once per document state instead of once per reference.
 *
 * Langium's default provider makes a new scope for every reference it links, and a lookup in it walks the visible
 * symbols one by one. A document with 500 flows links 1,000 `from`/`to` names against the same 50 cells on every
 * keystroke, so that walk (and the iterator objects it allocates) was a measurable part of each edit. Here the scope
 * of a container is built once from the document's local symbols and then shared by every reference below it; a
 * lookup is one map access. The answers are those of the default provider: the nearest container's symbols first,
 * the first of equal names wins, then the enclosing containers, then the global scope.
 */
import { AstUtils, DefaultScopeProvider, EMPTY_STREAM, stream, type AstNode, type AstNodeDescription, type LocalSymbols, type ReferenceInfo, type Scope, type Stream } from 'langium';

/** The symbols one container makes visible, by name, in declaration order; lookups fall through to `outer`. */
class NameTableScope implements Scope {
    private readonly byName = new Map<string, AstNodeDescription[]>();

    constructor(
        private readonly elements: readonly AstNodeDescription[],
        private readonly outer: Scope,
    ) {
        for (const element of elements) {
            const same = this.byName.get(element.name);
            if (same) same.push(element);
            else this.byName.set(element.name, [element]);
        }
    }

    getElement(name: string): AstNodeDescription | undefined {
        return this.byName.get(name)?.[0] ?? this.outer.getElement(name);
    }

    getElements(name: string): Stream<AstNodeDescription> {
        const local = this.byName.get(name);
        return (local ? stream(local) : EMPTY_STREAM).concat(this.outer.getElements(name));
    }

    getAllElements(): Stream<AstNodeDescription> {
        return stream(this.elements).concat(this.outer.getAllElements());
    }
}

/** A built scope and the global scope it ends in (rebuilt when the workspace's exported symbols change). */
interface BuiltScope {
    global: Scope;
    scope: Scope;
}

export class RtcellScopeProvider extends DefaultScopeProvider {
    /**
     * Per document state (the local symbols are computed anew whenever the document changes, so a new state has a new
     * table), per container with symbols, per reference type.
     */
    private readonly built = new WeakMap<LocalSymbols, Map<AstNode, Map<string, BuiltScope>>>();

    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const global = this.getGlobalScope(referenceType, context);
        const localSymbols = AstUtils.getDocument(context.container).localSymbols;
        if (!localSymbols) return global;
        // The nearest container with symbols decides the chain: every container above it is the same for all
        // references below it.
        let anchor: AstNode | undefined = context.container;
        while (anchor && !localSymbols.has(anchor)) anchor = anchor.$container;
        if (!anchor) return global;
        let byAnchor = this.built.get(localSymbols);
        if (!byAnchor) this.built.set(localSymbols, (byAnchor = new Map()));
        return this.scopeOf(anchor, byAnchor, localSymbols, referenceType, global);
    }

    /**
     * The scope of `container` (a container with symbols) for one reference type: its own symbols, then those of the
     * containers above it. Each container's table is built once and shared by the containers below it, so a document
     * of n cells builds the document's table once rather than once per cell (which made `check` quadratic).
     */
    private scopeOf(
        container: AstNode, byAnchor: Map<AstNode, Map<string, BuiltScope>>, localSymbols: LocalSymbols, referenceType: string, global: Scope,
    ): Scope {
        let byType = byAnchor.get(container);
        if (!byType) byAnchor.set(container, (byType = new Map()));
        const cached = byType.get(referenceType);
        if (cached && cached.global === global) return cached.scope;
        let parent: AstNode | undefined = container.$container;
        while (parent && !localSymbols.has(parent)) parent = parent.$container;
        const outer = parent ? this.scopeOf(parent, byAnchor, localSymbols, referenceType, global) : global;
        const visible = localSymbols.getStream(container).filter((d) => this.reflection.isSubtype(d.type, referenceType)).toArray();
        const scope = new NameTableScope(visible, outer);
        byType.set(referenceType, { global, scope });
        return scope;
    }
}
