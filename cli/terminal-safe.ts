/**
 * Everything rtcell prints goes through `terminalSafe`: control characters that a name, a diagnostic or an argument
 * may carry (an escape sequence can recolour, retitle or rewrite the user's terminal, a carriage return can hide the
 * start of a line, bidirectional overrides can reorder it) are shown as `\uXXXX`. Newlines and tabs stay. The same
 * form is a valid JSON escape, and control characters only ever appear inside JSON strings, so JSON output stays valid
 * and means the same.
 */
import type { CliIo } from './command.js';

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function terminalSafe(text: string): string {
    return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The outputs `terminalSafeIo` made: `rtcell start` runs its steps through `main`, which must not wrap them again. */
const safe = new WeakSet<CliIo>();

export function terminalSafeIo(io: CliIo): CliIo {
    if (safe.has(io)) return io;
    const wrapped: CliIo = {
        out: (text) => io.out(terminalSafe(text)),
        err: (text) => io.err(terminalSafe(text)),
        ...(io.drained ? { drained: () => io.drained!() } : {}),
    };
    safe.add(wrapped);
    return wrapped;
}
