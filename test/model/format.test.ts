// The one display rule (simulator/model/format.ts) that hover, hints, the CLI tables and the timeline share.
import { describe, expect, test } from 'vitest';
import { formatBandwidth, formatBound, formatDuration, formatPercent, formatSize, UNBOUNDED } from '../../simulator/model/format.js';

describe('one precision rule', () => {
    test('durations: largest unit not above the value, to a thousandth of it, zeros trimmed', () => {
        expect(formatDuration(850)).toBe('850 ns');
        expect(formatDuration(3_172_456)).toBe('3.172 ms');
        expect(formatDuration(12_345_678)).toBe('12.346 ms');
        expect(formatDuration(1_500)).toBe('1.5 us');
        expect(formatDuration(2_000_000_000)).toBe('2 s');
        expect(formatDuration(-400_000)).toBe('-400 us');
        expect(formatDuration(0)).toBe('0 ns');
    });

    test('rounding that reaches a thousand of a unit carries into the next unit', () => {
        expect(formatDuration(999_999_700)).toBe('1 s');
        expect(formatDuration(9_999_996)).toBe('10 ms');
        expect(formatDuration(999_999)).toBe('999.999 us');
        expect(formatBandwidth(999_999_999)).toBe('1 GB/s');
    });

    test('bandwidths in decimal units, sizes in binary units, never raw bytes above the first prefix', () => {
        expect(formatBandwidth(425_984_000)).toBe('425.984 MB/s');
        expect(formatBandwidth(3_200_000_000)).toBe('3.2 GB/s');
        expect(formatBandwidth(12)).toBe('12 B/s');
        expect(formatSize(4096)).toBe('4 KiB');
        expect(formatSize(1_572_864)).toBe('1.5 MiB');
        expect(formatSize(64)).toBe('64 B');
    });

    test('one word for an absent bound, percentages to a tenth', () => {
        expect(formatBound(undefined)).toBe(UNBOUNDED);
        expect(formatBound(null)).toBe('unbounded');
        expect(formatBound(1_230_000)).toBe('1.23 ms');
        expect(formatPercent(2_140, 3_170)).toBe('67.5 %');
        expect(formatPercent(1, 0)).toBe('-');
    });
});
