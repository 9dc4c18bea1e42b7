// How quick-fixes write values (server/unit-choice.ts): in the user's unit when exact, then down its own family; with a
// margin, rounded up to three significant digits of that unit.
import { describe, expect, it } from 'vitest';
import { exactIn, formatInUnitOf, withMargin } from '../../server/unit-choice.js';

describe('unit choice for quick-fixes', () => {
    it('keeps the unit the user wrote when it says the value exactly, else goes down the same family', () => {
        expect(formatInUnitOf('MB/s', 425_984_000, 'bandwidth')).toBe('425.984 MB/s');
        expect(formatInUnitOf('GB/s', 425_984_000, 'bandwidth')).toBe('425.984 MB/s');
        expect(formatInUnitOf('MB/s', 425_984_123, 'bandwidth')).toBe('425984.123 KB/s');
        expect(formatInUnitOf('MiB/s', 3 * 2 ** 19, 'bandwidth')).toBe('1.5 MiB/s');
        expect(formatInUnitOf('MiB/s', 1_000_000, 'bandwidth')).toBe('1000000 B/s');
        expect(formatInUnitOf('ms', 4_000_000, 'time')).toBe('4 ms');
        expect(formatInUnitOf('ms', 4_059_784, 'time')).toBe('4059.784 us');
        expect(formatInUnitOf('us', 4_000_000, 'time')).toBe('4000 us');
        expect(formatInUnitOf(undefined, 4_000_000, 'time')).toBe('4 ms');
        expect(formatInUnitOf('events', 4_000_000, 'time')).toBe('4 ms');
        expect(exactIn(1_500, 'us')).toBe('1.5 us');
        expect(exactIn(1_500, 'ms')).toBeUndefined();
    });

    it('puts a margin above the minimum, rounded up to three significant digits in the user\'s unit', () => {
        expect(withMargin(21_846_000, 10, 'MB/s', 'bandwidth')).toBe(24_100_000);
        expect(withMargin(425_984_000, 10, 'MB/s', 'bandwidth')).toBe(469_000_000);
        expect(withMargin(8_004_000, 10, 'ms', 'time')).toBe(8_810_000);
        expect(withMargin(4_059_784, 10, 'us', 'time')).toBe(4_470_000);
        expect(withMargin(1_000, 0, 'us', 'time')).toBe(1_000);
        expect(withMargin(7, 10, 'ns', 'time')).toBe(8);
        for (const [value, unit] of [[123_456_789, 'MB/s'], [999, 'KB/s'], [5, 'MiB/s']] as const) {
            expect(withMargin(value, 10, unit, 'bandwidth')).toBeGreaterThanOrEqual(value * 1.1);
        }
    });
});
