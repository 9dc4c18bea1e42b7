/**
 * The document factory of the language server: on a change it re-parses only the top-level declarations the edit
 * touched (incremental-parse.ts) and falls back to Langium's full parse whenever that cannot be exact.
 */
import { DefaultLangiumDocumentFactory, type AstNode, type LangiumCoreServices, type LangiumDocument, type ParseResult, type ParserOptions, type URI } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import type { Document } from './generated/ast.js';
import { reparseChangedDeclarations } from './incremental-parse.js';
import { FastParser } from './parser/fast-parser.js';

export class IncrementalDocumentFactory extends DefaultLangiumDocumentFactory {
    /** The parse result a document had when its update started, by URI (Langium's update parses through parseAsync). */
    private readonly previous = new Map<string, ParseResult<AstNode>>();
    private readonly fastParsers = new WeakMap<LangiumCoreServices, FastParser>();

    /**
     * A whole document parsed at once (`rtcell check`, tests): a well-formed one by the fast parser (parser/
     * fast-parser.ts, the same AST and CST without building Langium's parser), anything else by Langium's parser.
     */
    protected override parse<T extends AstNode>(uri: URI, text: string, options?: ParserOptions): ParseResult<T> {
        if (options?.rule === undefined) {
            const services = this.serviceRegistry.getServices(uri);
            let fast = this.fastParsers.get(services);
            if (!fast) {
                fast = new FastParser(services);
                this.fastParsers.set(services, fast);
            }
            const result = fast.parse(text);
            if (result) return result as unknown as ParseResult<T>;
        }
        return super.parse(uri, text, options);
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

    protected override parseAsync<T extends AstNode>(uri: URI, text: string, cancellationToken: CancellationToken): Promise<ParseResult<T>> {
        const previous = this.previous.get(uri.toString()) as ParseResult<Document> | undefined;
        const oldText = previous?.value.$cstNode?.root.fullText;
        if (previous && oldText !== undefined && previous.value.$type === 'Document') {
            const parser = this.serviceRegistry.getServices(uri).parser.LangiumParser;
            const result = reparseChangedDeclarations(parser, previous, oldText, text);
            if (result) return Promise.resolve(result as unknown as ParseResult<T>);
        }
        return super.parseAsync(uri, text, cancellationToken);
    }
}
