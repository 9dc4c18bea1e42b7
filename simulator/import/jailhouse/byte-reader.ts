/** Bounds-checked little-endian reads over a `.cell` image; reading past the end is an ImportError, never a crash. */
import { ImportError } from './import-error.js';

export class ByteReader {
    private readonly view: DataView;

    constructor(readonly bytes: Uint8Array, private readonly what: string) {
        this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }

    get length(): number {
        return this.bytes.length;
    }

    require(offset: number, size: number, field: string): void {
        if (offset < 0 || offset + size > this.bytes.length) {
            throw new ImportError('truncated', `${this.what}: truncated: ${field} needs bytes ${offset}..${offset + size - 1} but the file has ${this.bytes.length} bytes`);
        }
    }

    u8(offset: number, field: string): number {
        this.require(offset, 1, field);
        return this.view.getUint8(offset);
    }

    u16(offset: number, field: string): number {
        this.require(offset, 2, field);
        return this.view.getUint16(offset, true);
    }

    u32(offset: number, field: string): number {
        this.require(offset, 4, field);
        return this.view.getUint32(offset, true);
    }

    u64(offset: number, field: string): bigint {
        this.require(offset, 8, field);
        return this.view.getBigUint64(offset, true);
    }

    /** A NUL-terminated string in a fixed-size field (the rest of the field is ignored, as C does). */
    text(offset: number, size: number, field: string): string {
        this.require(offset, size, field);
        let end = offset;
        while (end < offset + size && this.bytes[end] !== 0) end++;
        return String.fromCharCode(...this.bytes.subarray(offset, end));
    }

    slice(offset: number, size: number, field: string): Uint8Array {
        this.require(offset, size, field);
        return this.bytes.subarray(offset, offset + size);
    }
}
