/**
 * A recursive-descent parser of rtcell.langium for well-formed documents, giving the AST and CST that Langium's
 * parser gives (fast-tree-builder.ts builds them the same way), in a fraction of the time and without building
 * Langium's parser at all: loading 1,000 tasks in a fresh `rtcell check` spent more time constructing and warming up
 * Chevrotain's parser than checking the system (issue 17).
 *
 * It only takes documents it parses completely: any syntax error, any token it does not expect, and it gives up
 * (`undefined`); Langium then parses the text as always, with its error recovery and messages. On a well-formed
 * document each decision below is forced: the grammar is LL(1) except where a keyword may also be a name, decided
 * as Langium's LL(*) prediction decides (`on core` then a number is a core, else `core` names a VCPU; `memory` after
 * a task's name or attributes is always its attribute), and a unit keyword after a number can only be its unit
 * (nothing else starts with one). test/language/fast-parser.test.ts compares AST and CST with Langium's on the
 * examples, fixtures, keyword-as-name cases and thousands of generated and mutated documents.
 *
 * When the grammar changes, this file must follow: `FastParser` checks at construction that every rule and element
 * it uses exists, and the test fails on any document where the two parsers disagree.
 */
import { AstUtils, DatatypeSymbol, GrammarAST, type LangiumCoreServices, type ParseResult } from 'langium';
import type { TokenType } from 'chevrotain';
import type { Document } from '../generated/ast.js';
import { fastTokenize, tokenVocabulary, type FastToken, type TokenVocabulary } from './fast-lexer.js';
import { FastTreeBuilder, NotFastParseable, featureOf, type Feature } from './fast-tree-builder.js';

type Element = GrammarAST.AbstractElement;
type Body = () => void;

/** The grammar elements of one rule, looked up by keyword, assigned feature or called rule (in textual order). */
class RuleElements {
    private readonly keywords = new Map<string, Feature[]>();
    private readonly assignments = new Map<string, Feature[]>();
    private readonly calls = new Map<string, Feature>();

    constructor(readonly rule: GrammarAST.ParserRule) {
        const add = (map: Map<string, Feature[]>, key: string, element: Element) => {
            const list = map.get(key);
            if (list) list.push(featureOf(element));
            else map.set(key, [featureOf(element)]);
        };
        for (const node of AstUtils.streamAllContents(rule)) {
            if (GrammarAST.isKeyword(node)) add(this.keywords, node.value, node);
            else if (GrammarAST.isAssignment(node)) add(this.assignments, node.feature, node.terminal);
            else if (GrammarAST.isRuleCall(node) && node.rule.ref && !GrammarAST.isAssignment(node.$container) && !this.calls.has(node.rule.ref.name)) {
                this.calls.set(node.rule.ref.name, featureOf(node));
            }
        }
    }

    keyword(value: string, nth = 0): Feature {
        return this.found(this.keywords.get(value)?.[nth], `keyword '${value}' #${nth}`);
    }

    /** The terminal (rule call, cross-reference or keyword) of the `nth` assignment to `feature`. */
    assigned(feature: string, nth = 0): Feature {
        return this.found(this.assignments.get(feature)?.[nth], `assignment to ${feature} #${nth}`);
    }

    /** An unassigned call of `rule` (an alternative such as `CellMember: Task | ...`). */
    call(rule: string): Feature {
        return this.found(this.calls.get(rule), `call of ${rule}`);
    }

    private found(element: Feature | undefined, what: string): Feature {
        if (!element) throw new Error(`fast parser: rule ${this.rule.name} has no ${what}; keep language/parser/fast-parser.ts in step with the grammar`);
        return element;
    }
}

/** What the parser needs from the grammar and the services, prepared once per set of services. */
export class FastParser {
    private readonly vocabulary: TokenVocabulary;
    private readonly rules = new Map<string, RuleElements>();
    private readonly nameKeywords: Map<string, Feature>;
    private readonly unitKeywords: Map<string, Feature>;

    constructor(private readonly services: LangiumCoreServices) {
        const tokens = services.parser.TokenBuilder.buildTokens(services.Grammar, { caseInsensitive: services.LanguageMetaData.caseInsensitive });
        this.vocabulary = tokenVocabulary(Array.isArray(tokens) ? tokens as TokenType[] : Object.values(tokens as Record<string, TokenType>));
        for (const rule of services.Grammar.rules) if (GrammarAST.isParserRule(rule)) this.rules.set(rule.name, new RuleElements(rule));
        this.nameKeywords = this.keywordsOf('Name');
        this.unitKeywords = this.keywordsOf('Unit');
        // Every element used below exists: a grammar change that removes one fails here (and the fast-parser test), not
        // halfway through a user's file.
        new FastParse(this, []).checkElements();
    }

    elements(rule: string): RuleElements {
        const found = this.rules.get(rule);
        if (!found) throw new Error(`fast parser: no rule ${rule}; keep language/parser/fast-parser.ts in step with the grammar`);
        return found;
    }

    private readonly keywordRules = new Map<string, Map<string, Feature>>();

    /** The keywords of a datatype rule made of keywords (`Unit`, `RegionFlag`...), by text. */
    keywordsOf(rule: string): Map<string, Feature> {
        let out = this.keywordRules.get(rule);
        if (!out) {
            out = new Map<string, Feature>();
            for (const element of AstUtils.streamAllContents(this.elements(rule).rule)) {
                if (GrammarAST.isKeyword(element)) out.set(element.value, featureOf(element));
            }
            this.keywordRules.set(rule, out);
        }
        return out;
    }

    get names(): Map<string, Feature> {
        return this.nameKeywords;
    }

    get units(): Map<string, Feature> {
        return this.unitKeywords;
    }

    get builderServices(): LangiumCoreServices {
        return this.services;
    }

    /** The parse of `text`, or undefined when it is not a well-formed document (Langium then parses it). */
    parse(text: string): ParseResult<Document> | undefined {
        const lexed = fastTokenize(text, this.vocabulary);
        if (!lexed) return undefined;
        try {
            const value = new FastParse(this, lexed.tokens).document(text, lexed.hidden);
            return { value, lexerErrors: [], lexerReport: { diagnostics: [] }, parserErrors: [] };
        } catch (error) {
            if (error instanceof NotFastParseable) return undefined;
            throw error;
        }
    }
}

const NOT_FAST = new NotFastParseable('not a well-formed document');

/** One parse: the token cursor and the grammar rules as methods. */
class FastParse {
    private position = 0;
    private readonly tree: FastTreeBuilder;

    constructor(private readonly parser: FastParser, private readonly tokens: FastToken[]) {
        this.tree = new FastTreeBuilder(parser.builderServices);
    }

    checkElements(): void {
        // Looks up every element the rules use, without parsing (a lookup throws when its element is missing).
        for (const [rule, keywords, features, calls] of GRAMMAR_USE) {
            const e = this.parser.elements(rule);
            for (const k of keywords) e.keyword(...(Array.isArray(k) ? k : [k]) as [string, number?]);
            for (const f of features) e.assigned(...(Array.isArray(f) ? f : [f]) as [string, number?]);
            for (const c of calls) e.call(c);
        }
        this.parser.elements('Name').call('ID');
        for (const rule of ['OverheadKind', 'SchedulingPolicy', 'RegionFlag', 'Unit', 'Name']) {
            if (this.parser.keywordsOf(rule).size === 0) throw new Error(`fast parser: rule ${rule} has no keywords`);
        }
    }

    document(text: string, hidden: FastToken[]): Document {
        this.tree.start(text, hidden);
        const root = this.tree.rule('Document', () => this.documentBody()) as Document;
        if (this.position !== this.tokens.length) throw NOT_FAST;
        return this.tree.finish(root);
    }

    // ------------------------------------------------------------------ tokens

    private peek(k = 0): FastToken | undefined {
        return this.tokens[this.position + k];
    }

    private at(kind: string, k = 0): boolean {
        return this.tokens[this.position + k]?.kind === kind;
    }

    private take(feature: Feature): void {
        const token = this.tokens[this.position++];
        if (!token) throw NOT_FAST;
        this.tree.consume(token, feature);
    }

    private keyword(rule: string, value: string, nth = 0): void {
        if (!this.at(value)) throw NOT_FAST;
        this.take(this.parser.elements(rule).keyword(value, nth));
    }

    /** `feature=TERMINAL` (ID, NUMBER, STRING) or `feature?='keyword'` / `feature='keyword'`. */
    private terminal(rule: string, feature: string, kind: string, nth = 0): void {
        if (!this.at(kind)) throw NOT_FAST;
        this.take(this.parser.elements(rule).assigned(feature, nth));
    }

    /** `feature=Rule` (or `+=`, or a cross-reference `[Type:Name]`). */
    private assigned(rule: string, feature: string, type: string | symbol, body: Body, nth = 0): void {
        this.tree.subrule(this.parser.elements(rule).assigned(feature, nth), type, body);
    }

    /** An unassigned alternative `Caller: Called | ...`. */
    private alternative(caller: string, called: string, body: Body): void {
        this.tree.subrule(this.parser.elements(caller).call(called), called, body);
    }

    private nameBody = (): void => {
        const token = this.peek();
        if (!token) throw NOT_FAST;
        if (token.kind === 'ID') this.take(this.parser.elements('Name').call('ID'));
        else {
            const keyword = this.parser.names.get(token.kind);
            if (!keyword) throw NOT_FAST;
            this.take(keyword);
        }
    };

    private isName(k = 0): boolean {
        const kind = this.peek(k)?.kind;
        return kind === 'ID' || (kind !== undefined && this.parser.names.has(kind));
    }

    private name(rule: string, feature: string, nth = 0): void {
        this.assigned(rule, feature, DatatypeSymbol, this.nameBody, nth);
    }

    /** A datatype rule made of keywords only (Unit, OverheadKind, SchedulingPolicy, RegionFlag). */
    private keywordRule(rule: string, feature: string, datatype: string): void {
        const token = this.peek();
        const keyword = token && this.parser.keywordsOf(datatype).get(token.kind);
        if (!keyword) throw NOT_FAST;
        this.assigned(rule, feature, DatatypeSymbol, () => this.take(keyword));
    }

    private quantity(rule: string, feature: string): void {
        this.assigned(rule, feature, 'Quantity', () => {
            this.terminal('Quantity', 'value', 'NUMBER');
            const unit = this.peek() && this.parser.units.get(this.peek()!.kind);
            if (unit) this.assigned('Quantity', 'unit', DatatypeSymbol, () => this.take(unit));
        });
    }

    // ------------------------------------------------------------------ rules

    private documentBody(): void {
        if (this.at('system')) this.assigned('Document', 'system', 'SystemDecl', () => this.systemDecl());
        for (;;) {
            const token = this.peek();
            if (!token) return;
            switch (token.kind) {
                case 'platform': this.assigned('Document', 'platforms', 'PlatformDecl', () => this.platformDecl()); break;
                case 'hypervisor': this.assigned('Document', 'hypervisors', 'HypervisorDecl', () => this.hypervisorDecl()); break;
                case 'cell': this.assigned('Document', 'cells', 'Cell', () => this.cell()); break;
                case 'flow': this.assigned('Document', 'flows', 'Flow', () => this.flow()); break;
                case 'resource': this.assigned('Document', 'resources', 'GlobalResource', () => this.globalResource()); break;
                default: throw NOT_FAST;
            }
        }
    }

    private systemDecl(): void {
        this.keyword('SystemDecl', 'system');
        this.terminal('SystemDecl', 'name', 'STRING');
        if (this.at('on')) {
            this.keyword('SystemDecl', 'on');
            this.terminal('SystemDecl', 'preset', 'ID');
        }
    }

    private platformDecl(): void {
        this.keyword('PlatformDecl', 'platform');
        if (this.at('ID')) this.terminal('PlatformDecl', 'preset', 'ID');
        this.keyword('PlatformDecl', '{');
        while (!this.at('}')) this.assigned('PlatformDecl', 'props', 'PlatformProp', () => this.platformProp());
        this.keyword('PlatformDecl', '}');
    }

    private platformProp(): void {
        const kind = this.peek()?.kind;
        const simple: Record<string, [string, string]> = {
            clock: ['PlatClock', 'clock'], llc: ['PlatLlc', 'size'], ways: ['PlatWays', 'ways'], line: ['PlatLine', 'size'],
            page: ['PlatPage', 'size'], dram: ['PlatDram', 'size'], banks: ['PlatBanks', 'count'], guaranteed: ['PlatGuaranteed', 'bandwidth'],
        };
        if (kind === 'cores') {
            this.alternative('PlatformProp', 'PlatCores', () => {
                this.keyword('PlatCores', 'cores');
                this.quantity('PlatCores', 'count');
                if (this.at('at')) {
                    this.keyword('PlatCores', 'at');
                    this.quantity('PlatCores', 'clock');
                }
            });
        } else if (kind === 'dma') {
            this.alternative('PlatformProp', 'PlatDma', () => {
                this.keyword('PlatDma', 'dma');
                this.name('PlatDma', 'name');
                if (this.at('channels')) {
                    this.keyword('PlatDma', 'channels');
                    this.quantity('PlatDma', 'channels');
                }
                if (this.at('rate')) {
                    this.keyword('PlatDma', 'rate');
                    this.quantity('PlatDma', 'rate');
                }
            });
        } else if (kind !== undefined && kind in simple) {
            const [rule, feature] = simple[kind];
            this.alternative('PlatformProp', rule, () => {
                this.keyword(rule, kind);
                this.quantity(rule, feature);
            });
        } else {
            throw NOT_FAST;
        }
    }

    private hypervisorDecl(): void {
        this.keyword('HypervisorDecl', 'hypervisor');
        this.terminal('HypervisorDecl', 'kind', 'ID');
        this.keyword('HypervisorDecl', '{');
        while (!this.at('}')) this.assigned('HypervisorDecl', 'props', 'HypervisorProp', () => this.hypervisorProp());
        this.keyword('HypervisorDecl', '}');
    }

    private hypervisorProp(): void {
        switch (this.peek()?.kind) {
            case 'memguard':
                this.alternative('HypervisorProp', 'MemguardDecl', () => {
                    this.keyword('MemguardDecl', 'memguard');
                    this.keyword('MemguardDecl', 'period');
                    this.quantity('MemguardDecl', 'period');
                });
                break;
            case 'broker': this.alternative('HypervisorProp', 'BrokerDecl', () => this.brokerDecl()); break;
            case 'overheads':
                this.alternative('HypervisorProp', 'OverheadsDecl', () => {
                    this.keyword('OverheadsDecl', 'overheads');
                    this.keyword('OverheadsDecl', '{');
                    while (!this.at('}')) {
                        this.assigned('OverheadsDecl', 'items', 'Overhead', () => {
                            this.keywordRule('Overhead', 'kind', 'OverheadKind');
                            this.quantity('Overhead', 'value');
                        });
                    }
                    this.keyword('OverheadsDecl', '}');
                });
                break;
            case 'vmpcp':
                this.alternative('HypervisorProp', 'VmpcpDecl', () => {
                    this.keyword('VmpcpDecl', 'vmpcp');
                    if (this.at('overrun')) this.terminal('VmpcpDecl', 'overrun', 'overrun');
                    else this.keyword('VmpcpDecl', 'enforced');
                    if (this.at('boost')) this.terminal('VmpcpDecl', 'boost', 'boost');
                });
                break;
            default: throw NOT_FAST;
        }
    }

    private brokerDecl(): void {
        this.keyword('BrokerDecl', 'broker');
        if (this.at('dedicated')) {
            this.terminal('BrokerDecl', 'mode', 'dedicated', 0);
            this.keyword('BrokerDecl', 'on');
            this.keyword('BrokerDecl', 'core');
            this.terminal('BrokerDecl', 'core', 'NUMBER');
        } else {
            this.terminal('BrokerDecl', 'mode', 'floating', 1);
        }
        for (;;) {
            const kind = this.peek()?.kind;
            if (kind === 'policy') {
                this.assigned('BrokerDecl', 'options', 'BrokerOption', () => this.alternative('BrokerOption', 'BrokerPolicyOption', () => {
                    this.keyword('BrokerPolicyOption', 'policy');
                    this.keywordRule('BrokerPolicyOption', 'policy', 'SchedulingPolicy');
                }));
            } else if (kind === 'chunk' || kind === 'budget') {
                const rule = kind === 'chunk' ? 'BrokerChunkOption' : 'BrokerBudgetOption';
                this.assigned('BrokerDecl', 'options', 'BrokerOption', () => this.alternative('BrokerOption', rule, () => {
                    this.keyword(rule, kind);
                    this.quantity(rule, kind === 'chunk' ? 'size' : 'budget');
                }));
            } else if (kind === 'dma') {
                this.assigned('BrokerDecl', 'options', 'BrokerOption', () => this.alternative('BrokerOption', 'BrokerDmaOption', () => {
                    this.keyword('BrokerDmaOption', 'dma');
                    this.name('BrokerDmaOption', 'engine');
                }));
            } else {
                return;
            }
        }
    }

    private cell(): void {
        this.keyword('Cell', 'cell');
        this.name('Cell', 'name');
        if (this.at('root')) this.terminal('Cell', 'root', 'root');
        if (this.at('os')) {
            this.keyword('Cell', 'os');
            this.name('Cell', 'os');
        }
        this.keyword('Cell', '{');
        while (!this.at('}')) this.assigned('Cell', 'members', 'CellMember', () => this.cellMember());
        this.keyword('Cell', '}');
    }

    private cellMember(): void {
        switch (this.peek()?.kind) {
            case 'cores': this.alternative('CellMember', 'CoresMember', () => { this.keyword('CoresMember', 'cores'); this.intSet('CoresMember', 'cores'); }); break;
            case 'colors': this.alternative('CellMember', 'ColorsMember', () => { this.keyword('ColorsMember', 'colors'); this.intSet('ColorsMember', 'colors'); }); break;
            case 'banks': this.alternative('CellMember', 'BanksMember', () => { this.keyword('BanksMember', 'banks'); this.intSet('BanksMember', 'banks'); }); break;
            case 'vcpu':
                this.alternative('CellMember', 'Vcpu', () => {
                    this.keyword('Vcpu', 'vcpu');
                    this.name('Vcpu', 'name');
                    this.keyword('Vcpu', 'on');
                    this.keyword('Vcpu', 'core');
                    this.terminal('Vcpu', 'core', 'NUMBER');
                    this.keyword('Vcpu', 'budget');
                    this.quantity('Vcpu', 'budget');
                    this.keyword('Vcpu', 'period');
                    this.quantity('Vcpu', 'period');
                });
                break;
            case 'scheduler':
                this.alternative('CellMember', 'SchedulerMember', () => {
                    this.keyword('SchedulerMember', 'scheduler');
                    this.keywordRule('SchedulerMember', 'scheduler', 'SchedulingPolicy');
                });
                break;
            case 'memory': this.alternative('CellMember', 'MemoryRegion', () => this.memoryRegion()); break;
            case 'budget': this.alternative('CellMember', 'BudgetMember', () => { this.keyword('BudgetMember', 'budget'); this.quantity('BudgetMember', 'budget'); }); break;
            case 'shared':
                this.alternative('CellMember', 'SharedMember', () => {
                    this.keyword('SharedMember', 'shared');
                    this.keyword('SharedMember', 'with');
                    this.cellList('SharedMember');
                });
                break;
            case 'task': this.alternative('CellMember', 'Task', () => this.task()); break;
            case 'event': this.alternative('CellMember', 'IrqEvent', () => this.event()); break;
            case 'resource': this.alternative('CellMember', 'CellResource', () => { this.keyword('CellResource', 'resource'); this.name('CellResource', 'name'); }); break;
            default: throw NOT_FAST;
        }
    }

    /** `cells+=[Cell:Name] (',' cells+=[Cell:Name])*` of `rule`. */
    private cellList(rule: string): void {
        if (!this.isName()) throw NOT_FAST;
        this.name(rule, 'cells', 0);
        while (this.at(',')) {
            this.keyword(rule, ',');
            if (!this.isName()) throw NOT_FAST;
            this.name(rule, 'cells', 1);
        }
    }

    private intSet(rule: string, feature: string): void {
        this.assigned(rule, feature, 'IntSet', () => {
            if (this.at('NUMBER')) {
                this.assigned('IntSet', 'items', 'IntItem', () => this.intItem(), 0);
                return;
            }
            this.keyword('IntSet', '{');
            if (this.at('NUMBER')) {
                this.assigned('IntSet', 'items', 'IntItem', () => this.intItem(), 1);
                while (this.at(',')) {
                    this.keyword('IntSet', ',');
                    this.assigned('IntSet', 'items', 'IntItem', () => this.intItem(), 2);
                }
            }
            this.keyword('IntSet', '}');
        });
    }

    private intItem(): void {
        this.terminal('IntItem', 'from', 'NUMBER');
        if (this.at('..')) {
            this.keyword('IntItem', '..');
            this.terminal('IntItem', 'to', 'NUMBER');
        }
    }

    private memoryRegion(): void {
        this.keyword('MemoryRegion', 'memory');
        this.name('MemoryRegion', 'name');
        this.keyword('MemoryRegion', 'at');
        this.terminal('MemoryRegion', 'phys', 'NUMBER');
        if (this.at('guest')) {
            this.keyword('MemoryRegion', 'guest');
            this.terminal('MemoryRegion', 'virt', 'NUMBER');
        }
        this.keyword('MemoryRegion', 'size');
        this.quantity('MemoryRegion', 'size');
        for (;;) {
            const flag = this.peek() && this.parser.keywordsOf('RegionFlag').get(this.peek()!.kind);
            if (!flag) break;
            this.assigned('MemoryRegion', 'flags', DatatypeSymbol, () => this.take(flag));
        }
        if (this.at('colored')) this.terminal('MemoryRegion', 'colored', 'colored');
    }

    private task(): void {
        this.keyword('Task', 'task');
        this.name('Task', 'name');
        for (;;) {
            const kind = this.peek()?.kind;
            // `memory` after a task is always its attribute, as Langium predicts it (a memory region right after a
            // task is a syntax error there, which this parser then leaves to Langium).
            if (kind === undefined || !TASK_ATTRIBUTES.has(kind)) return;
            this.assigned('Task', 'attrs', 'TaskAttr', () => this.attribute('TaskAttr', kind));
        }
    }

    private event(): void {
        this.keyword('IrqEvent', 'event');
        this.name('IrqEvent', 'name');
        for (;;) {
            const kind = this.peek()?.kind;
            if (kind !== 'irq' && kind !== 'latency' && kind !== 'on') return;
            this.assigned('IrqEvent', 'attrs', 'EventAttr', () => this.attribute('EventAttr', kind));
        }
    }

    private flow(): void {
        this.keyword('Flow', 'flow');
        this.name('Flow', 'name');
        this.keyword('Flow', 'from');
        if (!this.isName()) throw NOT_FAST;
        this.name('Flow', 'from');
        this.keyword('Flow', 'to');
        if (!this.isName()) throw NOT_FAST;
        this.name('Flow', 'to');
        this.keyword('Flow', '{');
        for (;;) {
            const kind = this.peek()?.kind;
            if (kind === undefined || !FLOW_ATTRIBUTES.has(kind)) break;
            this.assigned('Flow', 'attrs', 'FlowAttr', () => this.attribute('FlowAttr', kind));
        }
        this.keyword('Flow', '}');
    }

    /** One attribute through its abstract rule (`TaskAttr`, `EventAttr`, `FlowAttr`), timing ones via `TimingAttr`. */
    private attribute(owner: string, kind: string): void {
        const timing = TIMING[kind];
        if (timing) {
            this.alternative(owner, 'TimingAttr', () => this.alternative('TimingAttr', timing, () => this.attributeBody(timing, kind)));
            return;
        }
        const rule = OTHER_ATTRIBUTES[kind];
        if (!rule) throw NOT_FAST;
        this.alternative(owner, rule, () => this.attributeBody(rule, kind));
    }

    private attributeBody(rule: string, kind: string): void {
        if (rule === 'PlacementAttr') {
            this.keyword(rule, 'on');
            // `on core` then a number is a core; `on core` otherwise names a VCPU called 'core'.
            if (this.at('core') && this.at('NUMBER', 1)) {
                this.keyword(rule, 'core');
                this.terminal(rule, 'core', 'NUMBER');
            } else {
                if (!this.isName()) throw NOT_FAST;
                this.name(rule, 'vcpu');
            }
            return;
        }
        if (rule === 'CriticalSectionAttr') {
            this.keyword(rule, 'uses');
            this.name(rule, 'resource');
            this.keyword(rule, 'for');
            this.quantity(rule, 'length');
            return;
        }
        this.keyword(rule, kind);
        if (rule === 'LatencyAttr' && this.at('<=')) this.keyword(rule, '<=');
        if (rule === 'PriorityAttr' || rule === 'IrqAttr') this.terminal(rule, 'value', 'NUMBER');
        else this.quantity(rule, 'value');
    }

    private globalResource(): void {
        this.keyword('GlobalResource', 'resource');
        this.name('GlobalResource', 'name');
        if (this.at('shared')) {
            this.keyword('GlobalResource', 'shared');
            this.keyword('GlobalResource', 'with');
            this.cellList('GlobalResource');
        }
    }
}

const TIMING: Record<string, string> = { period: 'PeriodAttr', sporadic: 'SporadicAttr', deadline: 'DeadlineAttr', priority: 'PriorityAttr', jitter: 'JitterAttr' };
const OTHER_ATTRIBUTES: Record<string, string> = {
    wcet: 'WcetAttr', bcet: 'BcetAttr', memory: 'MemoryAttr', on: 'PlacementAttr', uses: 'CriticalSectionAttr',
    irq: 'IrqAttr', latency: 'LatencyAttr', size: 'SizeAttr', chunk: 'ChunkAttr',
};
const TASK_ATTRIBUTES = new Set([...Object.keys(TIMING), 'wcet', 'bcet', 'memory', 'on', 'uses']);
const FLOW_ATTRIBUTES = new Set([...Object.keys(TIMING), 'size', 'chunk']);

/** [rule, keywords (value or [value, nth]), assigned features (name or [name, nth]), unassigned calls] used above. */
const GRAMMAR_USE: Array<[string, Array<string | [string, number]>, Array<string | [string, number]>, string[]]> = [
    ['Document', [], ['system', 'platforms', 'hypervisors', 'cells', 'flows', 'resources'], []],
    ['SystemDecl', ['system', 'on'], ['name', 'preset'], []],
    ['PlatformDecl', ['platform', '{', '}'], ['preset', 'props'], []],
    ['PlatformProp', [], [], ['PlatCores', 'PlatClock', 'PlatLlc', 'PlatWays', 'PlatLine', 'PlatPage', 'PlatDram', 'PlatBanks', 'PlatGuaranteed', 'PlatDma']],
    ['PlatCores', ['cores', 'at'], ['count', 'clock'], []],
    ['PlatDma', ['dma', 'channels', 'rate'], ['name', 'channels', 'rate'], []],
    ['HypervisorDecl', ['hypervisor', '{', '}'], ['kind', 'props'], []],
    ['HypervisorProp', [], [], ['MemguardDecl', 'BrokerDecl', 'OverheadsDecl', 'VmpcpDecl']],
    ['MemguardDecl', ['memguard', 'period'], ['period'], []],
    ['VmpcpDecl', ['vmpcp', 'enforced'], ['overrun', 'boost'], []],
    ['BrokerDecl', ['broker', 'on', 'core'], [['mode', 0], ['mode', 1], 'core', 'options'], []],
    ['BrokerOption', [], [], ['BrokerPolicyOption', 'BrokerChunkOption', 'BrokerDmaOption', 'BrokerBudgetOption']],
    ['OverheadsDecl', ['overheads', '{', '}'], ['items'], []],
    ['Overhead', [], ['kind', 'value'], []],
    ['Cell', ['cell', 'os', '{', '}'], ['name', 'root', 'os', 'members'], []],
    ['CellMember', [], [], ['CoresMember', 'Vcpu', 'SchedulerMember', 'ColorsMember', 'BanksMember', 'MemoryRegion', 'BudgetMember', 'SharedMember', 'Task', 'IrqEvent', 'CellResource']],
    ['Vcpu', ['vcpu', 'on', 'core', 'budget', 'period'], ['name', 'core', 'budget', 'period'], []],
    ['SharedMember', ['shared', 'with', ','], [['cells', 0], ['cells', 1]], []],
    ['IntSet', ['{', ',', '}'], [['items', 0], ['items', 1], ['items', 2]], []],
    ['IntItem', ['..'], ['from', 'to'], []],
    ['MemoryRegion', ['memory', 'at', 'guest', 'size'], ['name', 'phys', 'virt', 'size', 'flags', 'colored'], []],
    ['Task', ['task'], ['name', 'attrs'], []],
    ['IrqEvent', ['event'], ['name', 'attrs'], []],
    ['Flow', ['flow', 'from', 'to', '{', '}'], ['name', 'from', 'to', 'attrs'], []],
    ['TaskAttr', [], [], ['TimingAttr', 'WcetAttr', 'BcetAttr', 'MemoryAttr', 'PlacementAttr', 'CriticalSectionAttr']],
    ['EventAttr', [], [], ['IrqAttr', 'LatencyAttr', 'PlacementAttr']],
    ['FlowAttr', [], [], ['TimingAttr', 'SizeAttr', 'ChunkAttr']],
    ['TimingAttr', [], [], ['PeriodAttr', 'SporadicAttr', 'DeadlineAttr', 'PriorityAttr', 'JitterAttr']],
    ['PlacementAttr', ['on', 'core'], ['core', 'vcpu'], []],
    ['LatencyAttr', ['latency', '<='], ['value'], []],
    ['CriticalSectionAttr', ['uses', 'for'], ['resource', 'length'], []],
    ['GlobalResource', ['resource', 'shared', 'with', ','], ['name', ['cells', 0], ['cells', 1]], []],
    ['CellResource', ['resource'], ['name'], []],
    ['Quantity', [], ['value', 'unit'], []],
    ['PlatClock', ['clock'], ['clock'], []], ['PlatLlc', ['llc'], ['size'], []], ['PlatWays', ['ways'], ['ways'], []],
    ['PlatLine', ['line'], ['size'], []], ['PlatPage', ['page'], ['size'], []], ['PlatDram', ['dram'], ['size'], []],
    ['PlatBanks', ['banks'], ['count'], []], ['PlatGuaranteed', ['guaranteed'], ['bandwidth'], []],
    ['BrokerPolicyOption', ['policy'], ['policy'], []], ['BrokerChunkOption', ['chunk'], ['size'], []],
    ['BrokerDmaOption', ['dma'], ['engine'], []], ['BrokerBudgetOption', ['budget'], ['budget'], []],
    ['CoresMember', ['cores'], ['cores'], []], ['ColorsMember', ['colors'], ['colors'], []], ['BanksMember', ['banks'], ['banks'], []],
    ['SchedulerMember', ['scheduler'], ['scheduler'], []], ['BudgetMember', ['budget'], ['budget'], []],
    ['PeriodAttr', ['period'], [], []], ['SporadicAttr', ['sporadic'], [], []], ['DeadlineAttr', ['deadline'], [], []],
    ['PriorityAttr', ['priority'], [], []], ['JitterAttr', ['jitter'], [], []], ['WcetAttr', ['wcet'], [], []],
    ['BcetAttr', ['bcet'], [], []], ['MemoryAttr', ['memory'], [], []], ['SizeAttr', ['size'], [], []],
    ['ChunkAttr', ['chunk'], [], []], ['IrqAttr', ['irq'], [], []],
    ...['PeriodAttr', 'SporadicAttr', 'DeadlineAttr', 'JitterAttr', 'WcetAttr', 'BcetAttr', 'MemoryAttr', 'SizeAttr', 'ChunkAttr', 'PriorityAttr', 'IrqAttr']
        .map((rule): [string, string[], string[], string[]] => [rule, [], ['value'], []]),
];
