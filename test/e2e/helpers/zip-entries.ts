/**
 * The file names in a zip archive (a .vsix), read from its central directory. Written here so the test does not
 * depend on an `unzip` binary, which a fresh CI image may lack. Handles plain zips (no zip64, no multi-disk), which is
 * what vsce writes.
 */
import { readFileSync } from 'node:fs';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;

export function zipEntries(path: string): string[] {
    const data = readFileSync(path);
    // The end record is at least 22 bytes and may be followed by a comment of up to 65535 bytes.
    let end = -1;
    for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
        if (data.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) { end = i; break; }
    }
    if (end < 0) throw new Error(`${path} is not a zip archive (no end of central directory)`);
    const count = data.readUInt16LE(end + 10);
    let offset = data.readUInt32LE(end + 16);
    const names: string[] = [];
    for (let n = 0; n < count; n++) {
        if (data.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) throw new Error(`${path}: corrupt central directory at entry ${n}`);
        const nameLength = data.readUInt16LE(offset + 28);
        const extraLength = data.readUInt16LE(offset + 30);
        const commentLength = data.readUInt16LE(offset + 32);
        names.push(data.toString('utf8', offset + 46, offset + 46 + nameLength));
        offset += 46 + nameLength + extraLength + commentLength;
    }
    return names;
}
