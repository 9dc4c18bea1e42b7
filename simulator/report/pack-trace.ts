/**
 * Trace → packed trace (packed-trace.ts), for the HTML report and the message to the VS Code timeline. Node only
 * (base64 through Buffer); the renderer reads it back with unpack-trace.ts.
 */
import { Buffer } from 'node:buffer';
import type { Trace } from '../model/trace.js';
import { ByteWriter, writeColumn } from './column-codec.js';
import {
    INTERVAL_COLUMNS, INTERVAL_REFERENCES, MARKER_COLUMNS, PACKING_VERSION,
    type PackedColumn, type PackedTable, type PackedTrace,
} from './packed-trace.js';
import { validateTrace } from './validate-trace.js';

/** Packs the columns; every other field is kept as it is. Throws when the columns are not arrays of one length. */
export function packTrace(trace: Trace): PackedTrace {
    const { intervals, markers, ...rest } = trace;
    // Varints of a simulator trace take about 10 bytes per interval; the writer grows if needed.
    const writer = new ByteWriter(intervals.start.length * 12 + markers.time.length * 8);
    const packTable = <Name extends string>(table: string, source: Record<Name, ArrayLike<number>>, names: readonly Name[], references: Partial<Record<Name, Name>>): PackedTable<Name> => {
        const count = source[names[0]].length;
        const columns = {} as Record<Name, PackedColumn>;
        for (const name of names) {
            const values = source[name];
            if (values.length !== count) throw new Error(`cannot pack the trace: ${table}.${name} has ${values.length} entries, ${table}.${names[0]} has ${count}`);
            const reference = references[name];
            columns[name] = writeColumn(writer, values, reference === undefined ? undefined : source[reference]);
        }
        return { count, columns };
    };
    const packedIntervals = packTable('intervals', intervals, INTERVAL_COLUMNS, INTERVAL_REFERENCES);
    const packedMarkers = packTable('markers', markers, MARKER_COLUMNS, {});
    const bytes = writer.result();
    return {
        ...rest, packing: PACKING_VERSION, intervals: packedIntervals, markers: packedMarkers,
        bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    };
}

/**
 * What to send a timeline: the packed trace, or a malformed trace as it is, so that the timeline shows what is wrong
 * with it (its own validation names the problem) instead of the host failing to pack it.
 */
export function traceForTimeline(trace: Trace): Trace | PackedTrace {
    return validateTrace(trace).length > 0 ? trace : packTrace(trace);
}
