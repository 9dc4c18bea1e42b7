/**
 * Parser messages where a name is expected. Any keyword may be a name (the `Name` rule of rtcell.langium), so the
 * parser's own message for a missing name lists every keyword as an alternative ("one of these possible Token
 * sequences: 1. [ID] 2. [at] ... 84. [write]"). When the alternatives include an identifier, the message says
 * "a name" instead; any other message is Langium's.
 */
import { LangiumParserErrorMessageProvider } from 'langium';
import type { IToken, TokenType } from 'chevrotain';

type NoViableAltOptions = Parameters<LangiumParserErrorMessageProvider['buildNoViableAltMessage']>[0];
type EarlyExitOptions = Parameters<LangiumParserErrorMessageProvider['buildEarlyExitMessage']>[0];

/** Whether the alternatives' first tokens include an identifier among more than three: a name, any keyword allowed. */
function expectsName(paths: TokenType[][][] | TokenType[][]): boolean {
    const firsts = (paths.flat(1) as Array<TokenType[] | TokenType>).map((p) => (Array.isArray(p) ? p[0] : p)).filter((t): t is TokenType => !!t);
    return firsts.some((t) => t.name === 'ID') && firsts.length > 3;
}

function found(actual: IToken[]): string {
    const token = actual[0];
    return token && token.image ? `\`${token.image}\`` : 'the end of the file';
}

export class RtcellParserErrorMessageProvider extends LangiumParserErrorMessageProvider {
    override buildNoViableAltMessage(options: NoViableAltOptions): string {
        if (expectsName(options.expectedPathsPerAlt)) return `Expecting a name (a letter or '_', then letters, digits, '_' or '-') but found ${found(options.actual)}.`;
        return super.buildNoViableAltMessage(options);
    }

    override buildEarlyExitMessage(options: EarlyExitOptions): string {
        if (expectsName(options.expectedIterationPaths)) return `Expecting a name but found ${found(options.actual)}.`;
        return super.buildEarlyExitMessage(options);
    }
}
