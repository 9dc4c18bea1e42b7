/**
 * The AST and CST of a parse, built the way Langium's parser builds them (its `LangiumParser`: consume, subrule,
 * construct, assignments), for the fast parser (fast-parser.ts), which decides *what* to parse and calls these in
 * the order Langium's parser would. The CST nodes are Langium's own classes, built as its `CstNodeBuilder` builds
 * them (below), values come from the language's `ValueConverter`, references from its `Linker`, default property
 * values from the AST reflection.
 */
import {
    AstUtils, CompositeCstNodeImpl, CstUtils, DatatypeSymbol, GrammarAST, LeafCstNodeImpl, RootCstNodeImpl,
    type AstNode, type AstReflection, type CstNode, type LangiumCoreServices, type Linker, type ValueConverter,
} from 'langium';
import type { IToken } from 'chevrotain';
import type { FastToken } from './fast-lexer.js';
import { useLinearHiddenNodes } from './linear-hidden-nodes.js';

type Element = GrammarAST.AbstractElement;
type Node = Record<string, unknown> & { $type: string | symbol; $cstNode?: CstNode; value?: string };

/** A grammar element the parser consumes or calls through, with what Langium looks up for it on each token. */
export interface Feature {
    element: Element;
    /** The assignment the element is (part of) the terminal of, if any. */
    assignment?: GrammarAST.Assignment;
    /** The assignment's terminal is a (single) cross-reference. */
    crossReference: boolean;
    keyword: boolean;
}

export function featureOf(element: Element): Feature {
    const assignment = AstUtils.getContainerOfType(element, GrammarAST.isAssignment);
    if (assignment && GrammarAST.isCrossReference(assignment.terminal) && assignment.terminal.isMulti) throw new Error('fast parser: multi-references are not supported');
    return { element, assignment, crossReference: !!assignment && GrammarAST.isCrossReference(assignment.terminal), keyword: GrammarAST.isKeyword(element) };
}

/** Thrown when the text is not something the fast parser reproduces with certainty: Langium parses it instead. */
export class NotFastParseable extends Error {}

/**
 * Langium's `CstNodeBuilder`, node for node, except how a node joins its container: Langium's container array
 * overrides `push` with a rest-argument method that calls `super.push(...items)`, which cost more than the rest of
 * the parse on a fresh process (a third of the first load of 1,000 tasks). Here the node gets its container and is
 * stored at the end of the array, which is what that method does for one node. Comments go through the same
 * linear `addHiddenNodes` as the Langium parser's builder (linear-hidden-nodes.ts).
 */
class CstBuilder {
    rootNode!: RootCstNodeImpl;
    private nodeStack: CompositeCstNodeImpl[] = [];

    get current(): CompositeCstNodeImpl {
        return this.nodeStack[this.nodeStack.length - 1] ?? this.rootNode;
    }

    constructor() {
        useLinearHiddenNodes(this);
    }

    addHiddenNodes(_tokens: IToken[]): void {
        throw new Error('replaced by useLinearHiddenNodes');
    }

    buildRootNode(text: string): void {
        this.rootNode = new RootCstNodeImpl(text);
        this.rootNode.root = this.rootNode;
        this.nodeStack = [this.rootNode];
    }

    buildCompositeNode(feature: Element): CompositeCstNodeImpl {
        const node = new CompositeCstNodeImpl();
        node.grammarSource = feature;
        node.root = this.rootNode;
        this.append(node);
        this.nodeStack.push(node);
        return node;
    }

    buildLeafNode(token: IToken, feature: Element): LeafCstNodeImpl {
        const leaf = new LeafCstNodeImpl(token.startOffset, token.image.length, CstUtils.tokenToRange(token), token.tokenType, false);
        leaf.grammarSource = feature;
        leaf.root = this.rootNode;
        this.append(leaf);
        return leaf;
    }

    construct(item: Node): void {
        const current = this.current;
        if (typeof item.$type === 'string') current.astNode = item as unknown as AstNode;
        item.$cstNode = current;
        const node = this.nodeStack.pop();
        // An empty composite node is dropped, as Langium drops it (a rule that consumed nothing).
        if (node && node.content.length === 0 && node.container) {
            const siblings = node.container.content;
            siblings.splice(siblings.indexOf(node), 1);
        }
    }

    private append(node: CompositeCstNodeImpl | LeafCstNodeImpl): void {
        const parent = this.current;
        node.container = parent;
        // An indexed store: on the container's own array class even the plain `push` takes V8's slow path.
        const content = parent.content;
        content[content.length] = node;
    }
}

export class FastTreeBuilder {
    private readonly cst = new CstBuilder();
    private readonly stack: Node[] = [];
    private readonly defaults = new Map<string, Array<[string, unknown]>>();
    private readonly converter: ValueConverter;
    private readonly linker: Linker;
    private readonly reflection: AstReflection;
    private hidden: FastToken[] = [];
    private nextHidden = 0;

    constructor(services: LangiumCoreServices) {
        this.converter = services.parser.ValueConverter;
        this.linker = services.references.Linker;
        this.reflection = services.shared.AstReflection;
    }

    start(text: string, hidden: FastToken[]): void {
        this.cst.buildRootNode(text);
        this.stack.length = 0;
        this.hidden = hidden;
        this.nextHidden = 0;
    }

    /**
     * Ends the parse: comments after the last token join the root. (Langium links every node to its container after
     * the parse, walking the whole tree; here `assign` links each node when it is assigned, to the same effect.)
     */
    finish<T extends AstNode>(root: T): T {
        this.cst.addHiddenNodes(this.hidden.slice(this.nextHidden));
        return root;
    }

    /** A rule's node: its body runs with the node on the stack, then the node is constructed (LangiumParser.rule). */
    rule(type: string | symbol, body: () => void): unknown {
        const node: Node = { $type: type };
        if (type === DatatypeSymbol) node.value = '';
        this.stack.push(node);
        body();
        return this.construct();
    }

    /** A call of another rule through `feature` (a rule call or cross-reference): its own CST node, then assigned. */
    subrule(feature: Feature, type: string | symbol, body: () => void): void {
        const cstNode = this.cst.buildCompositeNode(feature.element);
        const result = this.rule(type, body);
        // Langium assigns only when the call consumed text; every rtcell rule begins with a token, so it always has.
        this.assignSubrule(result, feature, cstNode);
    }

    /** Consumes `token` as `feature` (a keyword or a terminal rule call): comments before it, its leaf, its value. */
    consume(token: FastToken, feature: Feature): void {
        if (this.nextHidden < this.hidden.length) this.cst.addHiddenNodes(this.hiddenBefore(token.startOffset));
        const leaf = this.cst.buildLeafNode(token, feature.element);
        const { assignment, crossReference, keyword } = feature;
        const current = this.current();
        if (assignment) {
            const value = keyword ? token.image : this.converter.convert(token.image, leaf);
            this.assign(assignment.operator, assignment.feature, value, leaf, crossReference);
        } else if (current.$type === DatatypeSymbol) {
            current.value += keyword ? token.image : String(this.converter.convert(token.image, leaf));
        }
    }

    private current(): Node {
        return this.stack[this.stack.length - 1];
    }

    private hiddenBefore(offset: number): FastToken[] {
        const from = this.nextHidden;
        let to = from;
        while (to < this.hidden.length && this.hidden[to].startOffset <= offset) to++;
        this.nextHidden = to;
        return to === from ? [] : this.hidden.slice(from, to);
    }

    private construct(): unknown {
        const node = this.stack.pop()!;
        this.cst.construct(node);
        if (node.$type === DatatypeSymbol) return this.converter.convert(node.value!, node.$cstNode!);
        // AstUtils.assignMandatoryProperties, with each type's defaults looked up once.
        for (const [name, value] of this.defaultsOf(node.$type as string)) {
            if (node[name] === undefined) node[name] = Array.isArray(value) ? [...value] : value;
        }
        return node;
    }

    private defaultsOf(type: string): Array<[string, unknown]> {
        let defaults = this.defaults.get(type);
        if (!defaults) {
            defaults = Object.values(this.reflection.getTypeMetaData(type).properties)
                .filter((p) => p.defaultValue !== undefined)
                .map((p): [string, unknown] => {
                    // Langium copies array defaults one level deep; rtcell's are empty arrays and booleans.
                    if (Array.isArray(p.defaultValue) && p.defaultValue.some((v) => Array.isArray(v))) throw new NotFastParseable(`nested default of ${type}.${p.name}`);
                    return [p.name, p.defaultValue];
                });
            this.defaults.set(type, defaults);
        }
        return defaults;
    }

    private assignSubrule(result: unknown, feature: Feature, cstNode: CstNode): void {
        const { assignment, crossReference } = feature;
        if (assignment) {
            this.assign(assignment.operator, assignment.feature, result, cstNode, crossReference);
            return;
        }
        const current = this.current();
        if (current.$type === DatatypeSymbol) {
            current.value += String(result);
        } else if (typeof result === 'object' && result) {
            // An unassigned rule call (`CellMember: Task | ...`): the called rule's node takes the caller's place. In
            // rtcell's grammar the caller has assigned nothing yet (its properties would move to the callee, and
            // their containers with them): anything else is left to Langium.
            if (Object.keys(current).length !== 1) throw new NotFastParseable('an unassigned rule call after assignments');
            const target = result as Node;
            for (const [name, existing] of Object.entries(current)) {
                const value = target[name];
                if (value === undefined) target[name] = existing;
                else if (Array.isArray(value) && Array.isArray(existing)) {
                    existing.push(...value);
                    target[name] = existing;
                }
            }
            // Its CST node is about to be the caller's: the inner one no longer points at it (as in Langium).
            if (target.$cstNode) {
                (target.$cstNode as { astNode?: AstNode }).astNode = undefined;
                target.$cstNode = undefined;
            }
            this.stack.pop();
            this.stack.push(target);
        }
    }

    private assign(operator: string, feature: string, value: unknown, cstNode: CstNode, crossReference: boolean): void {
        const node = this.current();
        const item = crossReference && typeof value === 'string' ? this.linker.buildReference(node as unknown as AstNode, feature, cstNode, value) : value;
        const child = typeof item === 'object' && item !== null && typeof (item as Node).$type === 'string' ? item as Node : undefined;
        if (operator === '=') {
            node[feature] = item;
            if (child) {
                child.$container = node;
                child.$containerProperty = feature;
            }
        } else if (operator === '?=') {
            node[feature] = true;
        } else if (operator === '+=') {
            if (!Array.isArray(node[feature])) node[feature] = [];
            const list = node[feature] as unknown[];
            list.push(item);
            if (child) {
                child.$container = node;
                child.$containerProperty = feature;
                child.$containerIndex = list.length - 1;
            }
        } else {
            throw new NotFastParseable(`assignment operator ${operator}`);
        }
    }
}
