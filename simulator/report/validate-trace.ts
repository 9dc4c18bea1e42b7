/**
 * Structural check of a trace before anything indexes into it: the renderer runs on data from another process (or a
 * file someone edited), and bad input must produce a clear message instead of an exception deep in the draw loop.
 */
import { INTERVAL_KINDS, MARKER_KINDS, type Trace } from '../model/trace.js';

/** Returns the problems found (empty when the trace is usable). Stops after a few so a broken 1M-row trace stays cheap. */
export function validateTrace(value: unknown): string[] {
    const problems: string[] = [];
    const add = (text: string): boolean => {
        problems.push(text);
        return problems.length < 8;
    };
    if (typeof value !== 'object' || value === null) return ['the trace is not an object'];
    const t = value as Partial<Trace>;
    if (t.format !== 'rtcell-trace') add(`format is ${JSON.stringify(t.format)}, expected "rtcell-trace"`);
    if (t.version !== 1) add(`version ${JSON.stringify(t.version)} is not supported (expected 1)`);
    if (typeof t.duration !== 'number' || !Number.isFinite(t.duration) || t.duration < 0) add('duration is not a non-negative number');
    if (!Array.isArray(t.lanes)) add('lanes is not an array');
    if (!Array.isArray(t.items)) add('items is not an array');
    if (problems.length > 0) return problems;
    const lanes = t.lanes!;
    const items = t.items!;
    lanes.forEach((lane, i) => {
        if (typeof lane?.name !== 'string') add(`lane ${i} has no name`);
    });
    items.forEach((item, i) => {
        if (typeof item?.name !== 'string') add(`item ${i} has no name`);
    });
    checkColumns('intervals', t.intervals, ['lane', 'start', 'end', 'kind', 'item', 'job'], add) &&
        checkRows('intervals', t.intervals as unknown as Record<string, unknown[]>, lanes.length, items.length, INTERVAL_KINDS.length, add, true);
    checkColumns('markers', t.markers, ['lane', 'time', 'kind', 'item', 'job'], add) &&
        checkRows('markers', t.markers as unknown as Record<string, unknown[]>, lanes.length, items.length, MARKER_KINDS.length, add, false);
    return problems;
}

function checkColumns(name: string, table: unknown, columns: string[], add: (text: string) => boolean): boolean {
    if (typeof table !== 'object' || table === null) {
        add(`${name} is missing`);
        return false;
    }
    const record = table as Record<string, unknown>;
    let length = -1;
    for (const column of columns) {
        const values = record[column];
        if (!Array.isArray(values) && !ArrayBuffer.isView(values)) {
            add(`${name}.${column} is not an array`);
            return false;
        }
        const len = (values as unknown[]).length;
        if (length >= 0 && len !== length) {
            add(`${name}.${column} has ${len} entries, ${name}.${columns[0]} has ${length}`);
            return false;
        }
        length = len;
    }
    return true;
}

function checkRows(
    name: string, table: Record<string, ArrayLike<unknown>>, laneCount: number, itemCount: number, kindCount: number,
    add: (text: string) => boolean, isInterval: boolean,
): void {
    const lane = table.lane as ArrayLike<number>;
    const kind = table.kind as ArrayLike<number>;
    const item = table.item as ArrayLike<number>;
    const time = (isInterval ? table.start : table.time) as ArrayLike<number>;
    const end = table.end as ArrayLike<number> | undefined;
    const job = table.job as ArrayLike<number>;
    for (let i = 0; i < lane.length; i++) {
        let problem: string | undefined;
        if (!Number.isInteger(lane[i]) || lane[i] < 0 || lane[i] >= laneCount) problem = `lane ${String(lane[i])} does not exist`;
        else if (!Number.isInteger(kind[i]) || kind[i] < 0 || kind[i] >= kindCount) problem = `kind ${String(kind[i])} is unknown`;
        else if (!Number.isInteger(item[i]) || item[i] < -1 || item[i] >= itemCount) problem = `item ${String(item[i])} does not exist`;
        else if (typeof time[i] !== 'number' || !Number.isFinite(time[i])) problem = `time ${String(time[i])} is not a number`;
        else if (end && (typeof end[i] !== 'number' || !(end[i] >= time[i]))) problem = `end ${String(end[i])} is before start ${time[i]}`;
        else if (!Number.isInteger(job[i]) || job[i] < -1) problem = `job ${String(job[i])} is not a job number`;
        if (problem !== undefined && !add(`${name}[${i}]: ${problem}`)) return;
    }
}
