import { describe, expect, test } from 'vitest';
import { bandwidthToEvents, eventsToBandwidth, formatExact, formatTime, toBaseUnits, transferTime, UNITS } from '../../simulator/model/units.js';

describe('exact units', () => {
    test('decimal literals convert exactly, with no floating drift', () => {
        expect(toBaseUnits('1.2', UNITS.GHz.factor)).toEqual({ ok: true, value: 1_200_000_000 });
        expect(toBaseUnits('1.5', UNITS.us.factor)).toEqual({ ok: true, value: 1_500 });
        expect(toBaseUnits('0.1', UNITS.s.factor)).toEqual({ ok: true, value: 100_000_000 });
        expect(toBaseUnits('3.2', UNITS['GB/s'].factor)).toEqual({ ok: true, value: 3_200_000_000 });
        expect(toBaseUnits('1', UNITS.GiB.factor)).toEqual({ ok: true, value: 2 ** 30 });
        expect(toBaseUnits('0x8_1000_0000')).toEqual({ ok: true, value: 0x810000000 });
        expect(toBaseUnits('1_000')).toEqual({ ok: true, value: 1000 });
    });

    test('a value that is not a whole number of base units is refused', () => {
        expect(toBaseUnits('1.5', UNITS.ns.factor).ok).toBe(false);
        expect(toBaseUnits('0.5', UNITS.B.factor).ok).toBe(false);
        expect(toBaseUnits('99999999999', UNITS.GiB.factor).ok).toBe(false);
    });

    test('MemGuard conversion: events = bandwidth · period / line, rounded down, and back', () => {
        // DOMAIN.md: events = MB/s · 2^20 / (64 · periods per second); 100 MiB/s at 1 ms → 1638.4 → 1638 events.
        expect(bandwidthToEvents(100 * 2 ** 20, 1_000_000, 64)).toBe(1638);
        expect(bandwidthToEvents(200_000_000, 1_000_000, 64)).toBe(3125);
        expect(eventsToBandwidth(3125, 1_000_000, 64)).toBe(200_000_000);
    });

    test('transfer time rounds up (a bound is never optimistic)', () => {
        expect(transferTime(4096, 1_600_000_000)).toBe(2560);
        expect(transferTime(1, 3_000_000_000)).toBe(1);
    });

    test('values are written back in the largest exact unit', () => {
        expect(formatExact(1500, 'time')).toBe('1.5 us');
        expect(formatExact(4_000_000, 'time')).toBe('4 ms');
        expect(formatExact(4096, 'size')).toBe('4 KiB');
        expect(formatExact(425_000_000, 'bandwidth')).toBe('425 MB/s');
        expect(formatExact(7, 'time')).toBe('7 ns');
        expect(formatTime(1_230_000)).toBe('1.23 ms');
    });
});
