/**
 * Chevrotain's lexer, after a character no token can start with, skips characters until one where some token pattern
 * matches, and to find it tries every pattern of the language (108 for rtcell) at every skipped character: 5 MB of
 * garbage took some 4 s in that loop alone (issue 17). Its main loop instead looks up the few patterns a character can
 * start (an exact table built at start-up, which the main loop relies on for correctness). This gives the resync loop
 * the same lookup: the loop reads the mode's pattern list only to ask "does any pattern match here?", so the list is
 * replaced by one entry that answers that question from the table. Same tokens, same errors, same messages.
 *
 * For a character outside ASCII (where a Unicode space may start whitespace, and the table's index is computed
 * differently) every pattern is still tried, as before.
 */
import type { DefaultLexer } from 'langium';

interface PatternConfig {
    longerAlt?: number[];
    pattern: RegExp | string | { exec(text: string, offset: number, ...rest: unknown[]): unknown };
    short: number | false;
    isCustom?: boolean;
}

interface ChevrotainLexerInternals {
    patternIdxToConfig?: Record<string, PatternConfig[]>;
    charCodeToPatternIdxToConfig?: Record<string, Array<PatternConfig[] | undefined>>;
    canModeBeOptimized?: Record<string, boolean>;
    config?: { safeMode?: boolean };
}

/** Whether `config`'s pattern matches `text` at `offset`, as the resync loop tests it. */
function matchesAt(config: PatternConfig, text: string, offset: number): boolean {
    if (config.short !== false) return text.charCodeAt(offset) === config.short;
    const pattern = config.pattern;
    if (config.isCustom === true) return (pattern as { exec(text: string, offset: number, ...rest: unknown[]): unknown }).exec(text, offset, [], {}) !== null;
    const regex = pattern as RegExp;
    regex.lastIndex = offset;
    return regex.exec(text) !== null;
}

export function withFastResync<T extends DefaultLexer>(lexer: T): T {
    const internals = (lexer as unknown as { chevrotainLexer?: ChevrotainLexerInternals }).chevrotainLexer;
    const all = internals?.patternIdxToConfig;
    const byChar = internals?.charCodeToPatternIdxToConfig;
    if (!internals || !all || !byChar || internals.config?.safeMode === true) return lexer; // a Chevrotain without these tables: leave it as it is
    for (const mode of Object.keys(all)) {
        const patterns = all[mode];
        const table = byChar[mode];
        // Only modes whose main loop uses the table: there the table is known to be complete.
        // Index 0 becomes the resync entry, so no longer alternative may point there.
        if (!table || internals.canModeBeOptimized?.[mode] !== true || patterns.some((p) => p.isCustom === true || p.longerAlt?.includes(0))) continue;
        const anyPatternMatches = {
            exec(text: string, offset: number): [] | null {
                const code = text.charCodeAt(offset);
                const candidates = code < 128 ? table[code] ?? [] : patterns;
                for (const config of candidates) if (matchesAt(config, text, offset)) return [];
                return null;
            },
        };
        const list: Record<number, PatternConfig> & { length: number } = { length: 1 };
        patterns.forEach((config, index) => { list[index] = config; });
        list[0] = { pattern: anyPatternMatches, short: false, isCustom: true };
        all[mode] = list as unknown as PatternConfig[];
    }
    return lexer;
}
