/**
 * The document factory of rtcell (CLI and language server): a well-formed document is parsed by the fast parser
 * (parser/fast-parser.ts: Langium's AST and CST, without building or running Langium's parser), anything else by
 * Langium's parser; on a change it re-parses only the top-level declarations the edit touched (incremental-parse.ts)
 * and falls back to a full parse whenever that cannot be exact.
 */
import { DefaultLangiumDocumentFactory, type AstNode, type LangiumCoreServices, type LangiumDocument, type LangiumParser, type ParseResult, type ParserOptions, type URI } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import type { Document } from './generated/ast.js';
import { reparseChangedDeclarations } from './incremental-parse.js';
import { FastParser } from './parser/fast-parser.js';

export class IncrementalDocumentFactory extends DefaultLangiumDocumentFactory {
    /** The parse result a document had when its update started, by URI (Langium's update parses through parseAsync). */
    private readonly previous = new Map<string, ParseResult<AstNode>>();
    /** Per language services; null when the fast parser could not be set up (then Langium parses everything). */
    private readonly fastParsers = new WeakMap<LangiumCoreServices, FastParser | null>();

    /** A whole document parsed at once (`rtcell check`, tests, `fromString`). */
    protected override parse<T extends AstNode>(uri: URI, text: string, options?: ParserOptions): ParseResult<T> {
        if (options?.rule !== undefined) return super.parse(uri, text, options);
        return this.wholeDocumentParser(uri).parse<T>(text);
    }

    /**
     * The fast parser for what it takes, Langium's (built only when first needed) for the rest. A failure of the fast
     * parser itself (a bug, or a grammar it was not updated for) must not keep a user's file from loading: Langium
     * parses it then. The tests call FastParser directly, so such a failure fails them (test/language/fast-parser.test.ts).
     */
    private wholeDocumentParser(uri: URI): Pick<LangiumParser, 'parse'> {
        const services = this.serviceRegistry.getServices(uri);
        let fast = this.fastParsers.get(services);
        if (fast === undefined) {
            try {
                fast = new FastParser(services);
            } catch {
                fast = null;
            }
            this.fastParsers.set(services, fast);
        }
        const fastParser = fast;
        const tryFast = <T extends AstNode>(text: string): ParseResult<T> | undefined => {
            try {
                return fastParser?.parse(text) as ParseResult<T> | undefined;
            } catch {
                return undefined;
            }
        };
        return { parse: <T extends AstNode>(text: string) => tryFast<T>(text) ?? services.parser.LangiumParser.parse<T>(text) };
    }

    override async update<T extends AstNode = AstNode>(document: LangiumDocument<T>, cancellationToken: CancellationToken): Promise<LangiumDocument<T>> {
        const key = document.uri.toString();
        this.previous.set(key, document.parseResult);
        try {
            return await super.update(document, cancellationToken);
        } finally {
            this.previous.delete(key);
        }
    }

    protected override parseAsync<T extends AstNode>(uri: URI, text: string, _cancellationToken: CancellationToken): Promise<ParseResult<T>> {
        const previous = this.previous.get(uri.toString()) as ParseResult<Document> | undefined;
        const oldText = previous?.value.$cstNode?.root.fullText;
        const parser = this.wholeDocumentParser(uri);
        if (previous && oldText !== undefined && previous.value.$type === 'Document') {
            const result = reparseChangedDeclarations(parser, previous, oldText, text);
            if (result) return Promise.resolve(result as unknown as ParseResult<T>);
        }
        // Langium's own parseAsync is its parser's parse in a promise (DefaultAsyncParser): the same, fast when it can.
        return Promise.resolve(parser.parse<T>(text));
    }
}
