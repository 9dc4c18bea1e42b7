/** Issue 17: what a user may throw at the CLI — garbage, huge files, odd encodings, odd files, escape sequences. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BASE } from '../language/helpers.js';
import { runCliProcess } from './run-cli.js';

function scratchFile(name: string, content: string | Buffer): { dir: string; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'rtcell-hostile-'));
    const file = join(dir, name);
    writeFileSync(file, content);
    return { dir, file };
}

/** Deterministic garbage: letters, digits, punctuation and newlines (a linear congruential generator). */
function garbage(bytes: number): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789{}();.,=+-*/ \n\t"';
    let x = 12345;
    let text = '';
    for (let i = 0; i < bytes; i++) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        text += alphabet[x % alphabet.length];
    }
    return text;
}

describe('hostile input', () => {
    test('5 MB of garbage: the first 100 diagnostics, then a count of the rest, in seconds', async () => {
        const { file } = scratchFile('garbage.rtcell', garbage(5 * 1024 * 1024));
        const r = await runCliProcess(['check', file]);
        expect(r.code).toBe(1);
        const lines = r.out.trim().split('\n');
        expect(lines).toHaveLength(101);
        expect(lines[100]).toMatch(/\.\.\. and [0-9,]+ more diagnostic\(s\) not shown \(rtcell check --max-diagnostics 0 /);
        // About 4 s of CPU here (mostly the lexer on 690,000 bad characters); the old behaviour printed them all, 23 s.
        expect(r.ms).toBeLessThan(30_000);
        const some = await runCliProcess(['check', file, '--max-diagnostics', '3']);
        expect(some.out.trim().split('\n')).toHaveLength(4);
    }, 60_000);

    test('piped into a reader that stops early (| head): a quiet exit, no EPIPE stack trace', async () => {
        const { file } = scratchFile('garbage.rtcell', garbage(1024 * 1024));
        const r = await runCliProcess(['check', file, '--max-diagnostics', '0'], { closeStdoutAfterBytes: 1 });
        expect(r.err).not.toMatch(/EPIPE|Error|\n\s+at /);
        expect([0, 141]).toContain(r.code);
    }, 60_000);

    test('62,500 comment lines in a valid file: no stack overflow', async () => {
        const { file } = scratchFile('comments.rtcell', `${BASE}\n${'// a comment line\n'.repeat(62_500)}`);
        const r = await runCliProcess(['check', file]);
        expect(r.err).not.toMatch(/call stack/);
        expect(r.code, r.err).toBe(0);
        expect(r.out).toBe('');
    });

    test('a wrong extension, a folder, a device and UTF-16 text get a message that says what is wrong', async () => {
        const { dir, file: txt } = scratchFile('system.txt', BASE);
        const wrong = await runCliProcess(['check', txt]);
        expect(wrong.code).toBe(2);
        expect(wrong.err).toMatch(/not an rtcell file: rtcell reads '\.rtcell' files, this one ends in '\.txt'/);
        expect(wrong.err).not.toMatch(/service registry/);
        const folder = join(dir, 'folder.rtcell');
        writeFileSync(join(dir, 'placeholder'), '');
        await import('node:fs').then((fs) => fs.mkdirSync(folder));
        expect((await runCliProcess(['check', folder])).err).toMatch(/is a folder/);
        const utf16 = scratchFile('wide.rtcell', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BASE, 'utf16le')]));
        const wide = await runCliProcess(['check', utf16.file]);
        expect(wide.code).toBe(2);
        expect(wide.err).toMatch(/is UTF-16 text .*rtcell reads UTF-8/);
        expect(wide.out).toBe('');
        // Without a byte-order mark too.
        const bare = scratchFile('wide.rtcell', Buffer.from(BASE, 'utf16le'));
        expect((await runCliProcess(['check', bare.file])).err).toMatch(/is UTF-16 text/);
    });

    test('a UTF-8 byte-order mark does not shift the columns of line 1', async () => {
        const text = 'system "x" on zcu102\ncell a root { cores 0 }\ncell b { cores 9 }\n';
        const plain = scratchFile('plain.rtcell', text);
        const bom = scratchFile('bom.rtcell', '\uFEFF' + 'cell b { cores 9 } ' + text.replace('cell b { cores 9 }\n', ''));
        const withoutBom = scratchFile('nobom.rtcell', 'cell b { cores 9 } ' + text.replace('cell b { cores 9 }\n', ''));
        const a = await runCliProcess(['check', bom.file]);
        const b = await runCliProcess(['check', withoutBom.file]);
        expect(a.out.replaceAll(bom.file, 'F')).toBe(b.out.replaceAll(withoutBom.file, 'F'));
        expect(a.out).toMatch(/:1:\d+ error /);
        expect((await runCliProcess(['check', plain.file])).code).toBe(1);
    });

    test('escape sequences in names and arguments are shown escaped, never sent to the terminal', async () => {
        const { file } = scratchFile('escape.rtcell', `${BASE}\ncell b { cores 1 task t\u001b]0;pwned\u0007 period 1 ms }\n`);
        const r = await runCliProcess(['check', file]);
        const all = r.out + r.err;
        expect(all).not.toMatch(/[\u001b\u0007\u009b]/);
        const option = await runCliProcess(['check', file, '--x\u001b[31m']);
        expect(option.err).toContain("unknown option '--x\\u001b[31m'");
        expect(option.err).not.toContain('\u001b');
    });
});
