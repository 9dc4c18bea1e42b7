/**
 * Langium's CST builder inserts the hidden tokens (comments) found before a token with one spread call
 * (`push(...nodes)`), and a spread passes each element as an argument on the stack: a run of some 60,000 comment lines
 * with no token between them overflows it ("Maximum call stack size exceeded") on a valid file. This parser hands the
 * builder such a run in slices instead. Each slice lands right after the one before (the builder inserts before the
 * next token's node, or appends), so the tree is the same as with one call.
 */
import { createLangiumParser, type CstNodeBuilder, type LangiumCoreServices, type LangiumParser } from 'langium';

/** Far below any stack limit, far above the comment runs of ordinary files (which take the one-call path). */
const SLICE = 4096;

export function createParserForLongHiddenRuns(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    const builder = (parser as unknown as { nodeBuilder: CstNodeBuilder }).nodeBuilder;
    const addAll = builder.addHiddenNodes.bind(builder);
    builder.addHiddenNodes = (tokens) => {
        if (tokens.length <= SLICE) return addAll(tokens);
        for (let at = 0; at < tokens.length; at += SLICE) addAll(tokens.slice(at, at + SLICE));
    };
    return parser;
}
