/**
 * One column of numbers to bytes and back, exactly (packed-trace.ts describes the encodings). The writer picks the
 * smallest encoding that keeps every value exact; the reader is written for a single cold run in the browser (the
 * trace is decoded once), so each loop sits alone in a small function with a short body. Plain arithmetic beyond
 * 31 bits, because trace times in ns pass 2^32 after 4.3 s of simulated time. No Buffer: it also runs in the browser.
 */
import { INTEGER_ENCODINGS, type IntegerEncoding, type PackedColumn } from './packed-trace.js';

/** Largest |difference| written as a varint: its zigzag value (2·|d|) stays an exact double. */
const MAX_VARINT_DELTA = 2 ** 52 - 1;

/** Typed arrays use the platform's byte order; the packing is little-endian (every platform a browser runs on). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface IntegerType {
    bytes: number;
    min: number;
    max: number;
    array: Int8ArrayConstructor | Uint8ArrayConstructor | Int16ArrayConstructor | Uint16ArrayConstructor | Int32ArrayConstructor;
    set(view: DataView, at: number, value: number): void;
    get(view: DataView, at: number): number;
}

const INTEGER_TYPES: Record<IntegerEncoding, IntegerType> = {
    uint8: { bytes: 1, min: 0, max: 0xff, array: Uint8Array, set: (v, at, x) => v.setUint8(at, x), get: (v, at) => v.getUint8(at) },
    int8: { bytes: 1, min: -0x80, max: 0x7f, array: Int8Array, set: (v, at, x) => v.setInt8(at, x), get: (v, at) => v.getInt8(at) },
    uint16: { bytes: 2, min: 0, max: 0xffff, array: Uint16Array, set: (v, at, x) => v.setUint16(at, x, true), get: (v, at) => v.getUint16(at, true) },
    int16: { bytes: 2, min: -0x8000, max: 0x7fff, array: Int16Array, set: (v, at, x) => v.setInt16(at, x, true), get: (v, at) => v.getInt16(at, true) },
    int32: { bytes: 4, min: -0x80000000, max: 0x7fffffff, array: Int32Array, set: (v, at, x) => v.setInt32(at, x, true), get: (v, at) => v.getInt32(at, true) },
};

/** A growable byte buffer. */
export class ByteWriter {
    private bytes: Uint8Array<ArrayBuffer>;
    length = 0;

    constructor(capacity: number) {
        this.bytes = new Uint8Array(Math.max(16, capacity));
    }

    /** Makes room for `extra` more bytes. */
    reserve(extra: number): void {
        if (this.length + extra <= this.bytes.length) return;
        const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
        grown.set(this.bytes.subarray(0, this.length));
        this.bytes = grown;
    }

    /** Drops what was written after `length` (an encoding that lost to a smaller one). */
    truncate(length: number): void {
        this.length = length;
    }

    /** Pads with zero bytes to a multiple of `size`, so the reader can view the next values in place. */
    align(size: number): void {
        const padding = (size - (this.length % size)) % size;
        this.reserve(padding);
        this.bytes.fill(0, this.length, this.length + padding);
        this.length += padding;
    }

    /** Writes one varint of a non-negative integer up to 2^53 − 1 (room must be reserved: at most 8 bytes). */
    varint(value: number): void {
        const bytes = this.bytes;
        let p = this.length;
        let z = value;
        // Beyond 31 bits, shifts would wrap: peel 7 bits at a time with exact division first.
        while (z > 0x7fffffff) {
            bytes[p++] = (z % 128) | 0x80;
            z = Math.floor(z / 128);
        }
        while (z >= 0x80) {
            bytes[p++] = (z & 0x7f) | 0x80;
            z >>>= 7;
        }
        bytes[p++] = z;
        this.length = p;
    }

    /** A view of the next `length` bytes (reserved), which then count as written. */
    take(length: number): DataView<ArrayBuffer> {
        this.reserve(length);
        const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.length, length);
        this.length += length;
        return view;
    }

    result(): Uint8Array {
        return this.bytes.subarray(0, this.length);
    }
}

/**
 * Appends `values` in the smallest exact encoding: a fixed-size integer array, varint differences from `reference`
 * (the same row of another column) or from the previous value, or float64 when neither is exact. Returns how it was
 * written.
 */
export function writeColumn(writer: ByteWriter, values: ArrayLike<number>, reference?: ArrayLike<number>): PackedColumn {
    const n = values.length;
    const integer = narrowestIntegerType(values);
    const offset = writer.length;
    const varintLength = writeVarints(writer, values, reference);
    // A fixed-size array costs no decoding at all (the reader views it in place), so it wins ties.
    if (integer !== undefined && (varintLength === undefined || INTEGER_TYPES[integer].bytes * n <= varintLength)) {
        writer.truncate(offset);
        const type = INTEGER_TYPES[integer];
        writer.align(type.bytes);
        const at = writer.length;
        const view = writer.take(n * type.bytes);
        // Every value is an integer in the type's range, so the typed array's conversion keeps it exactly.
        if (LITTLE_ENDIAN) new type.array(view.buffer, view.byteOffset, n).set(values);
        else for (let i = 0; i < n; i++) type.set(view, i * type.bytes, values[i]);
        return { encoding: integer, offset: at, length: n * type.bytes };
    }
    if (varintLength !== undefined) return { encoding: 'varint', from: reference ? 'start' : 'previous', offset, length: varintLength };
    writer.truncate(offset);
    const view = writer.take(n * 8);
    for (let i = 0; i < n; i++) view.setFloat64(i * 8, values[i], true);
    return { encoding: 'float64', offset, length: n * 8 };
}

/** The smallest integer array type holding every value exactly, if any (-0 does not count as an integer: it would come back as 0). */
function narrowestIntegerType(values: ArrayLike<number>): IntegerEncoding | undefined {
    let min = 0;
    let max = 0;
    for (let i = 0; i < values.length; i++) {
        const value = values[i];
        if (!Number.isInteger(value) || isNegativeZero(value)) return undefined;
        if (value < min) min = value;
        if (value > max) max = value;
    }
    return INTEGER_ENCODINGS.find((name) => INTEGER_TYPES[name].min <= min && max <= INTEGER_TYPES[name].max);
}

/** Object.is(value, -0), cheaper on the hot path: only 0 is tested further. */
function isNegativeZero(value: number): boolean {
    return value === 0 && 1 / value < 0;
}

/** Writes the varint differences; returns their length, or undefined (and leaves garbage to truncate) when not exact. */
function writeVarints(writer: ByteWriter, values: ArrayLike<number>, reference: ArrayLike<number> | undefined): number | undefined {
    const offset = writer.length;
    writer.reserve(values.length * 8);
    let previous = 0;
    for (let i = 0; i < values.length; i++) {
        const value = values[i];
        const base = reference ? reference[i] : previous;
        const delta = value - base;
        // With value and base safe integers, delta is computed exactly and the reader's base + delta is exactly value;
        // -0 would come back as 0.
        if (!Number.isSafeInteger(value) || isNegativeZero(value) || !Number.isSafeInteger(base) || !(Math.abs(delta) <= MAX_VARINT_DELTA)) return undefined;
        writer.varint(delta >= 0 ? delta * 2 : -delta * 2 - 1);
        previous = value;
    }
    return writer.length - offset;
}

/**
 * Reads `count` values of a column written by writeColumn. Integer arrays come back as a view of `bytes` when they
 * can (no copy); the others as a Float64Array. `reference` is the decoded column a `from: 'start'` column is a
 * difference from. Throws when the column's bytes do not hold exactly `count` values.
 */
export function readColumn(bytes: Uint8Array<ArrayBuffer>, column: PackedColumn, count: number, reference?: ArrayLike<number>): ArrayLike<number> {
    if (column.encoding === 'varint') {
        const out = new Float64Array(count);
        const end = reference ? readVarintsFrom(bytes, column.offset, out, reference) : readVarintsFromPrevious(bytes, column.offset, out);
        if (end !== column.offset + column.length) {
            throw new Error(`a varint column of ${count} values ${end < column.offset + column.length ? 'has bytes left over' : 'runs past its bytes'}`);
        }
        return out;
    }
    if (column.encoding === 'float64') {
        if (column.length !== count * 8) throw new Error(`a float64 column of ${count} values has ${column.length} bytes`);
        return readFloat64s(new DataView(bytes.buffer, bytes.byteOffset + column.offset, column.length), new Float64Array(count));
    }
    const type = INTEGER_TYPES[column.encoding];
    if (column.length !== count * type.bytes) throw new Error(`${column.encoding} column of ${count} values has ${column.length} bytes`);
    if (LITTLE_ENDIAN && (bytes.byteOffset + column.offset) % type.bytes === 0) return new type.array(bytes.buffer, bytes.byteOffset + column.offset, count);
    const view = new DataView(bytes.buffer, bytes.byteOffset + column.offset, column.length);
    const out = new type.array(count);
    for (let i = 0; i < count; i++) out[i] = type.get(view, i * type.bytes);
    return out;
}

/** Varint differences from the previous value into `out`; returns the offset after the last byte read. */
function readVarintsFromPrevious(bytes: Uint8Array, offset: number, out: Float64Array): number {
    let p = offset;
    for (let i = 0; i < out.length; i++) {
        // One loop for every varint length (no branch per length): type feedback is complete after a few values.
        let b = bytes[p++];
        let z = b & 0x7f;
        let scale = 128;
        while (b > 0x7f) { // past the end of `bytes` reads undefined, which stops it
            b = bytes[p++];
            z += (b & 0x7f) * scale;
            scale *= 128;
        }
        // The running value is read back from the Float64Array so it is a double from the start: times pass 2^31.
        out[i] = (i === 0 ? 0 : out[i - 1]) + (z & 1 ? -0.5 * (z + 1) : 0.5 * z);
    }
    return p;
}

/**
 * Varint differences from the same row of `reference` into `out`; returns the offset after the last byte read. Kept
 * apart from readVarintsFromPrevious although the loops look alike: a shared loop with a branch on the reference
 * would be compiled for the first column's case and thrown away at the second column, in the cold run that matters.
 */
function readVarintsFrom(bytes: Uint8Array, offset: number, out: Float64Array, reference: ArrayLike<number>): number {
    let p = offset;
    for (let i = 0; i < out.length; i++) {
        let b = bytes[p++];
        let z = b & 0x7f;
        let scale = 128;
        while (b > 0x7f) {
            b = bytes[p++];
            z += (b & 0x7f) * scale;
            scale *= 128;
        }
        out[i] = reference[i] + (z & 1 ? -0.5 * (z + 1) : 0.5 * z);
    }
    return p;
}

function readFloat64s(view: DataView, out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
    return out;
}
