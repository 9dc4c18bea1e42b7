/**
 * The tokens of a well-formed rtcell document, as Chevrotain's lexer (Langium's `DefaultLexer`) gives them, without
 * building that lexer (some 25 ms at start-up) and without its general machinery. Used only by the fast parser
 * (fast-parser.ts): it returns undefined for anything it does not recognise with certainty (a character no token
 * starts with, a non-ASCII character outside a comment or string, an unterminated comment or string), and the
 * document is then lexed and parsed by Langium as usual, errors and all.
 *
 * What makes the tokens the same: the terminals' own regular expressions (from the grammar), tried at the same
 * places; a word is a keyword exactly when the identifier match at that place is one (Chevrotain's "longer
 * alternative" rule: a keyword that the identifier pattern extends is an identifier), except the bandwidth units
 * (`MB/s`), which the identifier pattern cannot match whole and which Chevrotain tries first; lines and columns
 * counted as Chevrotain counts them (`\n`, `\r\n` and a lone `\r` end a line; 1-based, end column inclusive).
 * test/language/fast-parser.test.ts compares the tokens with Chevrotain's.
 */
import type { IToken, TokenType } from 'chevrotain';

/** A token with the name of its kind: a keyword's text, or 'ID', 'NUMBER', 'STRING'. */
export interface FastToken extends IToken {
    kind: string;
}

export interface FastTokens {
    tokens: FastToken[];
    /** Comments, in order (Langium's 'hidden' group). */
    hidden: FastToken[];
}

export interface TokenVocabulary {
    /** By keyword text and by terminal name (ID, NUMBER, STRING, ML_COMMENT, SL_COMMENT). */
    byName: Map<string, TokenType>;
    /** Keywords the identifier pattern cannot match whole (they contain '/'), longest first. */
    slashKeywords: string[];
    id: RegExp;
    number: RegExp;
    string: RegExp;
}

function sticky(pattern: TokenType['PATTERN']): RegExp {
    if (!(pattern instanceof RegExp)) throw new Error('fast lexer: a terminal without a regular expression');
    return new RegExp(pattern.source, 'y');
}

export function tokenVocabulary(tokenTypes: TokenType[]): TokenVocabulary {
    const byName = new Map(tokenTypes.map((t) => [t.name, t]));
    const id = sticky(byName.get('ID')!.PATTERN);
    const slashKeywords = tokenTypes
        .filter((t) => typeof t.PATTERN === 'string' && /^[A-Za-z]/.test(t.PATTERN) && !new RegExp(`^(?:${id.source})$`).test(t.PATTERN))
        .map((t) => t.PATTERN as string)
        .sort((a, b) => b.length - a.length);
    return { byName, slashKeywords, id, number: sticky(byName.get('NUMBER')!.PATTERN), string: sticky(byName.get('STRING')!.PATTERN) };
}

const NEWLINE = 10;
const RETURN = 13;

function isAsciiLetter(c: number): boolean {
    return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isDigit(c: number): boolean {
    return c >= 48 && c <= 57;
}

/** Space, tab, line feed, carriage return, vertical tab, form feed: the ASCII part of `\s`. */
function isAsciiSpace(c: number): boolean {
    return c === 32 || (c >= 9 && c <= 13);
}

export function fastTokenize(text: string, vocabulary: TokenVocabulary): FastTokens | undefined {
    const tokens: FastToken[] = [];
    const hidden: FastToken[] = [];
    const { byName, id, number, string } = vocabulary;
    let offset = 0;
    let line = 1;
    let column = 1;
    const length = text.length;

    /** Adds a token of `image` at the current place and moves past it, lines counted like Chevrotain. */
    const take = (image: string, kind: string, type: TokenType, into: FastToken[] | undefined): void => {
        const size = image.length;
        let breaks = 0;
        let lastBreakEnd = -1;
        for (let i = 0; i < size; i++) {
            const c = image.charCodeAt(i);
            if (c === NEWLINE) {
                breaks++;
                lastBreakEnd = i;
            } else if (c === RETURN) {
                if (image.charCodeAt(i + 1) === NEWLINE) i++;
                breaks++;
                lastBreakEnd = i;
            }
        }
        if (into) {
            const token: FastToken = {
                image, kind, startOffset: offset, endOffset: offset + size - 1, startLine: line, endLine: line,
                startColumn: column, endColumn: column + size - 1, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type,
            };
            if (breaks > 0) {
                const endsInBreak = lastBreakEnd === size - 1;
                if (!(breaks === 1 && endsInBreak)) {
                    token.endLine = line + breaks + (endsInBreak ? -1 : 0);
                    token.endColumn = size - lastBreakEnd - 1 + (endsInBreak ? 1 : 0);
                }
            }
            into.push(token);
        }
        if (breaks > 0) {
            line += breaks;
            column = size - lastBreakEnd;
        } else {
            column += size;
        }
        offset += size;
    };

    while (offset < length) {
        const c = text.charCodeAt(offset);
        if (isAsciiSpace(c)) {
            let end = offset + 1;
            while (end < length && isAsciiSpace(text.charCodeAt(end))) end++;
            // A non-ASCII space right after would belong to this whitespace token: leave such text to Chevrotain.
            if (end < length && text.charCodeAt(end) > 127) return undefined;
            take(text.slice(offset, end), 'WS', byName.get('WS')!, undefined);
        } else if (isAsciiLetter(c)) {
            const slash = vocabulary.slashKeywords.find((k) => text.startsWith(k, offset));
            if (slash !== undefined) {
                take(slash, slash, byName.get(slash)!, tokens);
                continue;
            }
            id.lastIndex = offset;
            const word = id.exec(text)![0];
            const keyword = byName.get(word);
            if (keyword && typeof keyword.PATTERN === 'string') take(word, word, keyword, tokens);
            else take(word, 'ID', byName.get('ID')!, tokens);
        } else if (isDigit(c)) {
            number.lastIndex = offset;
            take(number.exec(text)![0], 'NUMBER', byName.get('NUMBER')!, tokens);
        } else if (c === 34) { // "
            string.lastIndex = offset;
            const match = string.exec(text);
            if (!match) return undefined;
            take(match[0], 'STRING', byName.get('STRING')!, tokens);
        } else if (c === 47) { // /
            const next = text.charCodeAt(offset + 1);
            if (next === 47) {
                let end = offset + 2;
                while (end < length && text.charCodeAt(end) !== NEWLINE && text.charCodeAt(end) !== RETURN) end++;
                take(text.slice(offset, end), 'SL_COMMENT', byName.get('SL_COMMENT')!, hidden);
            } else if (next === 42) {
                const end = text.indexOf('*/', offset + 2);
                if (end < 0) return undefined;
                take(text.slice(offset, end + 2), 'ML_COMMENT', byName.get('ML_COMMENT')!, hidden);
            } else {
                return undefined;
            }
        } else if (c === 123 || c === 125 || c === 44) { // { } ,
            const image = text[offset];
            take(image, image, byName.get(image)!, tokens);
        } else if (c === 46 && text.charCodeAt(offset + 1) === 46) { // ..
            take('..', '..', byName.get('..')!, tokens);
        } else if (c === 60 && text.charCodeAt(offset + 1) === 61) { // <=
            take('<=', '<=', byName.get('<=')!, tokens);
        } else {
            return undefined;
        }
    }
    return { tokens, hidden };
}
