/** The progress line of long `rtcell simulate` runs: only on a terminal, redrawn in place, erased at the end. */
import { describe, expect, it } from 'vitest';
import { terminalProgress } from '../../cli/progress-bar.js';

function stream(isTTY: boolean) {
    const writes: string[] = [];
    return { writes, s: { isTTY, write: (t: string) => { writes.push(t); return true; } } as unknown as NodeJS.WriteStream };
}

describe('terminal progress', () => {
    it('is off when the stream is not a terminal (pipes, files, CI logs)', () => {
        expect(terminalProgress(1e9, stream(false).s)).toBeUndefined();
    });

    it('draws the share simulated in place and erases the line at the end', () => {
        const { writes, s } = stream(true);
        const bar = terminalProgress(10_000_000_000, s)!;
        bar.update(2_500_000_000);
        bar.update(2_600_000_000); // within the redraw interval: not drawn
        expect(writes).toHaveLength(1);
        expect(writes[0].startsWith('\r[')).toBe(true);
        expect(writes[0]).toContain(' 25 %');
        expect(writes[0]).toContain('2.5 s of 10 s simulated');
        bar.end();
        expect(writes.at(-1)).toBe('\r\x1b[K');
    });

    it('writes nothing at the end when it never drew', () => {
        const { writes, s } = stream(true);
        terminalProgress(1e9, s)!.end();
        expect(writes).toEqual([]);
    });
});
