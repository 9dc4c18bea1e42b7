/**
 * Packed trace (packed-trace.ts) → a trace whose columns are typed arrays (integer columns viewed in place, the others
 * decoded into Float64Arrays), in the renderer. Checks the packing's own structure and throws a readable Error when it
 * is damaged; the trace itself is validated afterwards like any other.
 */
import { readColumn } from './column-codec.js';
import {
    INTEGER_ENCODINGS, INTERVAL_COLUMNS, INTERVAL_REFERENCES, MARKER_COLUMNS, PACKING_VERSION,
    type PackedColumn, type PackedTrace,
} from './packed-trace.js';
import type { TraceView } from './protocol.js';

export function unpackTrace(packed: PackedTrace): TraceView {
    if (packed.packing !== PACKING_VERSION) throw new Error(`packing ${JSON.stringify(packed.packing)} is not supported (expected ${PACKING_VERSION})`);
    if (typeof packed.bytes !== 'string') throw new Error('the packed trace has no bytes');
    const { packing: _packing, bytes: base64, intervals, markers, ...rest } = packed;
    let bytes: Uint8Array<ArrayBuffer>;
    try {
        bytes = bytesFromBase64(base64);
    } catch {
        throw new Error('the packed trace bytes are not valid base64');
    }
    const unpackTable = <Name extends string>(table: string, source: unknown, names: readonly Name[], references: Partial<Record<Name, Name>>): Record<Name, ArrayLike<number>> => {
        const { count, columns } = (source ?? {}) as { count?: unknown; columns?: Partial<Record<Name, PackedColumn>> };
        if (!Number.isSafeInteger(count) || (count as number) < 0) throw new Error(`${table}.count is not a row count`);
        const out = {} as Record<Name, ArrayLike<number>>;
        for (const name of names) {
            const column = columns?.[name];
            checkColumn(column, `${table}.${name}`, bytes.length);
            const reference = references[name];
            if (column.encoding === 'varint' && column.from === 'start' && reference === undefined) throw new Error(`${table}.${name} cannot be a difference from start`);
            out[name] = readColumn(bytes, column, count as number, column.encoding === 'varint' && column.from === 'start' ? out[reference!] : undefined);
        }
        return out;
    };
    return {
        ...rest,
        intervals: unpackTable('intervals', intervals, INTERVAL_COLUMNS, INTERVAL_REFERENCES),
        markers: unpackTable('markers', markers, MARKER_COLUMNS, {}),
    };
}

function checkColumn(column: unknown, name: string, byteCount: number): asserts column is PackedColumn {
    const c = column as Partial<Record<string, unknown>> | undefined;
    if (typeof c !== 'object' || c === null) throw new Error(`${name} is missing from the packed trace`);
    if (c.encoding !== 'varint' && c.encoding !== 'float64' && !(INTEGER_ENCODINGS as readonly unknown[]).includes(c.encoding)) throw new Error(`${name} has an unknown encoding ${JSON.stringify(c.encoding)}`);
    if (c.encoding === 'varint' && c.from !== 'previous' && c.from !== 'start') throw new Error(`${name} is a difference from an unknown reference ${JSON.stringify(c.from)}`);
    const offset = c.offset as number;
    const length = c.length as number;
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > byteCount) {
        throw new Error(`${name} lies outside the packed bytes`);
    }
}

/** Native base64 decoding where the engine has it (Chromium 140+), atob elsewhere (VS Code 1.100's Chromium 132, Node 20). */
function bytesFromBase64(text: string): Uint8Array<ArrayBuffer> {
    const native = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array<ArrayBuffer> }).fromBase64;
    if (typeof native === 'function') return native.call(Uint8Array, text);
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
}
