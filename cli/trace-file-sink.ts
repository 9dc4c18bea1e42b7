/**
 * Writes a simulation trace to a JSON file while the simulation runs (`rtcell simulate --trace out.json`), so that
 * memory stays flat however long the run: the file has the documented columnar layout (docs/trace-format.md), byte
 * for byte what `JSON.stringify` gives for the in-memory trace, but each column is streamed to its own part file as
 * blocks arrive, and the parts are joined into the final file when the run ends. The file appears complete or not at
 * all: it is assembled under a temporary name next to the target and renamed, under the rules of cli/output-file.ts
 * (only a regular file, never an input, an existing file only when rtcell wrote it or with --force).
 *
 * The part files are removed from their folder as soon as they are opened: only their descriptors reach them, so a run
 * stopped by Ctrl-C or killed leaves nothing behind (the system frees them with the process), however large they were.
 *
 * Input/output errors are not thrown into the simulation: the first one is kept in `failure`, writing stops, the
 * parts are removed, and the caller reports it once the run is over.
 */
import { closeSync, readSync, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { openTemporaryBeside, refusalReason, writeAll, writeBesideThenCommit, type OutputRules } from './output-file.js';
import { INTERVAL_COLUMNS, MARKER_COLUMNS, type IntervalBlock, type MarkerBlock, type TraceSink, type TraceSummary } from '../simulator/engine/index.js';

interface ColumnPart {
    /** `intervals` or `markers`. */
    table: string;
    column: string;
    /** Opened read-write and already unlinked. */
    fd: number;
    rows: number;
}

const COPY_BUFFER_BYTES = 1 << 20;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const BILLION = 1_000_000_000;
/** `-9007199254740991`: the longest safe integer; anything else goes through String(). */
const MAX_NUMBER_CHARS = 24;

export class TraceFileSink implements TraceSink {
    /** The first input/output error; nothing more is written after it. */
    failure?: Error;
    /** Set by `finish` when the file was written. */
    summary?: TraceSummary;
    private readonly target: string;
    private readonly rules: OutputRules;
    private readonly parts = new Map<string, ColumnPart>();
    /** One block of a column as JSON text, reused from block to block so that a long run makes no garbage. */
    private text = Buffer.allocUnsafe(0);

    /** The target's folder must exist (unlike --html, a trace goes where its folder already is). */
    constructor(outPath: string, rules: OutputRules = { force: false, inputs: [] }) {
        this.target = resolve(outPath);
        this.rules = rules;
        this.attempt(() => {
            const reason = refusalReason(this.target, rules);
            if (reason) throw new Error(`${this.target} ${reason}`);
            // Next to the target, so the final rename stays on one file system, and not in a RAM-backed /tmp.
            for (const [table, columns] of [['intervals', INTERVAL_COLUMNS], ['markers', MARKER_COLUMNS]] as const) {
                for (const column of columns) {
                    const part = openTemporaryBeside(this.target, true);
                    unlinkSync(part.path);
                    this.parts.set(`${table}.${column}`, { table, column, fd: part.fd, rows: 0 });
                }
            }
        });
    }

    intervals(block: IntervalBlock, count: number): void {
        this.attempt(() => {
            for (const column of INTERVAL_COLUMNS) this.append(`intervals.${column}`, block[column], count);
        });
    }

    markers(block: MarkerBlock, count: number): void {
        this.attempt(() => {
            for (const column of MARKER_COLUMNS) this.append(`markers.${column}`, block[column], count);
        });
    }

    finish(summary: TraceSummary): void {
        this.attempt(() => {
            writeBesideThenCommit(this.target, this.rules, (fd) => {
                const head = { format: 'rtcell-trace', version: 1, duration: summary.duration, lanes: summary.lanes, items: summary.items };
                writeAll(fd, JSON.stringify(head).slice(0, -1));
                this.writeTable(fd, 'intervals', INTERVAL_COLUMNS);
                this.writeTable(fd, 'markers', MARKER_COLUMNS);
                writeAll(fd, `,"truncated":${summary.truncated}}`);
            });
            this.summary = summary;
        });
        this.removeParts();
    }

    /** Removes the part files (after a failure elsewhere; `finish` does it itself). */
    discard(): void {
        this.removeParts();
    }

    private append(key: string, values: Int32Array | Float64Array, count: number): void {
        const part = this.parts.get(key)!;
        // A separator before each value but the column's first; at most 1 + MAX_NUMBER_CHARS bytes per value.
        const needed = count * (1 + MAX_NUMBER_CHARS);
        if (this.text.length < needed) this.text = Buffer.allocUnsafe(needed);
        let at = 0;
        for (let i = 0; i < count; i++) {
            if (i > 0 || part.rows > 0) this.text[at++] = COMMA;
            at = writeNumber(values[i], this.text, at);
        }
        writeAll(part.fd, this.text.subarray(0, at));
        part.rows += count;
    }

    private writeTable(fd: number, table: string, columns: readonly string[]): void {
        writeAll(fd, `,"${table}":{`);
        columns.forEach((column, i) => {
            const part = this.parts.get(`${table}.${column}`)!;
            writeAll(fd, `${i > 0 ? ',' : ''}"${column}":[`);
            copyPart(part.fd, fd);
            closeSync(part.fd);
            part.fd = -1;
            writeAll(fd, ']');
        });
        writeAll(fd, '}');
    }

    private attempt(step: () => void): void {
        if (this.failure) return;
        try {
            step();
        } catch (error) {
            this.failure = error instanceof Error ? error : new Error(String(error));
            this.removeParts();
        }
    }

    private removeParts(): void {
        for (const part of this.parts.values()) {
            if (part.fd >= 0) closeSync(part.fd);
            part.fd = -1;
        }
    }
}

/** Appends the whole part (an unlinked file open for reading and writing) to `fd`, one buffer at a time. */
function copyPart(source: number, fd: number): void {
    const buffer = Buffer.allocUnsafe(COPY_BUFFER_BYTES);
    for (let position = 0; ; ) {
        const read = readSync(source, buffer, 0, COPY_BUFFER_BYTES, position);
        if (read === 0) break;
        position += read;
        writeAll(fd, buffer.subarray(0, read));
    }
}

/**
 * Writes `value` as JSON does (`String(value)`), in ASCII, at `at`; returns the end. Trace values are integers (times
 * in ns, indices, job numbers), written digit by digit in 32-bit arithmetic: below 10^9 at once, above it as the
 * billions then nine digits. Any other number falls back to String().
 */
function writeNumber(value: number, out: Buffer, at: number): number {
    if (!Number.isSafeInteger(value)) return at + out.write(String(value), at, 'latin1');
    let v = value;
    if (v < 0) {
        out[at++] = MINUS;
        v = -v;
    }
    if (v < BILLION) return writeBelowBillion(v, out, at);
    let high = Math.floor(v / BILLION);
    // high · 10^9 is exact below 2^53; the rounded quotient may be one off, which the remainder shows.
    let low = v - high * BILLION;
    if (low < 0) {
        high--;
        low += BILLION;
    } else if (low >= BILLION) {
        high++;
        low -= BILLION;
    }
    at = writeBelowBillion(high, out, at);
    for (let i = at + 8; i >= at; i--) {
        const q = (low / 10) | 0;
        out[i] = DIGIT_0 + low - q * 10;
        low = q;
    }
    return at + 9;
}

/** 0 <= v < 10^9, without leading zeros. */
function writeBelowBillion(v: number, out: Buffer, at: number): number {
    let digits = 1;
    for (let power = 10; power <= v; power *= 10) digits++;
    const end = at + digits;
    let i = end;
    do {
        const q = (v / 10) | 0;
        out[--i] = DIGIT_0 + v - q * 10;
        v = q;
    } while (v > 0);
    return end;
}
