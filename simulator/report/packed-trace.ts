/**
 * The packed trace: how a trace travels to the timeline (embedded in the HTML report, posted to the VS Code webview).
 * The same trace as `Trace`, but the interval and marker columns are one base64 byte string instead of JSON number
 * arrays: at 200,000 intervals 3 MB instead of 7.3 MB, and decoded in a few milliseconds instead of a JSON parse of
 * megabytes of digits. Types and the column layout only; pack-trace.ts writes it, unpack-trace.ts reads it back.
 * The encoding is described in docs/trace-format.md ("Packed trace").
 */
import type { Trace, TraceIntervals, TraceMarkers } from '../model/trace.js';

/** The one packing this code writes and reads; a different number is refused with a message. */
export const PACKING_VERSION = 1;

/** Fixed-size little-endian integer arrays, narrowest first. */
export const INTEGER_ENCODINGS = ['uint8', 'int8', 'uint16', 'int16', 'int32'] as const;
export type IntegerEncoding = typeof INTEGER_ENCODINGS[number];

/**
 * One column's bytes, at `offset` in the decoded byte string, `length` bytes long. The writer picks, per column, the
 * smallest of these that keeps every value exact (an integer array on a tie: it needs no decoding):
 * - `uint8` … `int32`: the values themselves as a little-endian integer array, `offset` a multiple of the element
 *   size (so the reader can view the bytes in place). Lane, kind and item columns are typically `uint8`/`int8`.
 * - `varint`: per row, the zigzag LEB128 varint of (value − reference). The reference is the previous value of the
 *   same column (0 for the first row), or with `from: 'start'` the same row's `start` (so `end` costs its duration).
 *   Written only when every value, reference and difference is an exact integer a double holds (|difference| < 2^52).
 * - `float64`: the values themselves, little-endian IEEE 754 doubles: the exact fallback for anything else
 *   (fractions, -0, integers beyond 2^53).
 */
export type PackedColumn =
    | { encoding: IntegerEncoding; offset: number; length: number }
    | { encoding: 'varint'; from: 'previous' | 'start'; offset: number; length: number }
    | { encoding: 'float64'; offset: number; length: number };

export interface PackedTable<Name extends string> {
    /** Rows in the table (every column has this many values). */
    count: number;
    columns: Record<Name, PackedColumn>;
}

export type IntervalColumn = keyof TraceIntervals;
export type MarkerColumn = keyof TraceMarkers;

/** Columns in the order they are written and read (simulator/model/trace.ts). */
export { INTERVAL_COLUMNS, MARKER_COLUMNS } from '../model/trace.js';

/** Which column each column is a difference from (absent: from its own previous value). */
export const INTERVAL_REFERENCES: Partial<Record<IntervalColumn, IntervalColumn>> = { end: 'start' };

/** A trace with its columns packed; every other field is the trace's own, unchanged. */
export interface PackedTrace extends Omit<Trace, 'intervals' | 'markers'> {
    packing: typeof PACKING_VERSION;
    intervals: PackedTable<IntervalColumn>;
    markers: PackedTable<MarkerColumn>;
    /** Every column's bytes, concatenated, base64 (RFC 4648, with padding). */
    bytes: string;
}

export function isPackedTrace(value: unknown): value is PackedTrace {
    return typeof value === 'object' && value !== null && 'packing' in value;
}
