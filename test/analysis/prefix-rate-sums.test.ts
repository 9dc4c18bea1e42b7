// PrefixRateSums (simulator/analysis/arith.ts) answers compareRateSum for every prefix of a list of rates, including
// sums on or a hair away from the threshold (where doubles cannot decide) and infinite rates (t ≤ 0).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareRateSum, PrefixRateSums, type Rate } from '../../simulator/analysis/arith.js';

const rateArbitrary: fc.Arbitrary<Rate> = fc.oneof(
    // Shares of a common period: prefixes often sum to exactly 1 or a simple fraction.
    fc.record({ c: fc.integer({ min: 0, max: 12 }), t: fc.constantFrom(12, 24, 36) }),
    fc.record({ c: fc.integer({ min: 0, max: 1_000_000 }), t: fc.integer({ min: 1, max: 10_000_000 }) }),
    // Huge denominators: a sum within doubles' rounding of the threshold.
    fc.record({ c: fc.integer({ min: 0, max: 3 }), t: fc.constantFrom(2 ** 52 - 1, 999_999_999_999_989) }),
    fc.record({ c: fc.integer({ min: 0, max: 5 }), t: fc.constantFrom(0, -3) }),
);

describe('prefix rate sums', () => {
    it('give the sign compareRateSum gives, for every prefix and threshold', () => {
        const signs = new Set<number>();
        fc.assert(fc.property(
            fc.array(rateArbitrary, { maxLength: 25 }),
            fc.constantFrom<[number, number]>([1, 1], [1, 2], [5, 6], [3, 1], [1, 3]),
            (rates, [num, den]) => {
                const sums = new PrefixRateSums(rates);
                for (let count = 0; count <= rates.length; count++) {
                    const expected = compareRateSum(rates, num, den, count);
                    expect(sums.compare(num, den, count)).toBe(expected);
                    signs.add(expected);
                }
            },
        ), { numRuns: 2000, seed: 5 });
        expect([...signs].sort()).toEqual([-1, 0, 1]);
    });

    it('decides a sum exactly on the threshold, and one 10⁻¹⁵ above it (inside the doubles\' error margin)', () => {
        const big = 999_999_999_999_989;
        const rates: Rate[] = [{ c: 1, t: 2 }, { c: 1, t: 3 }, { c: 1, t: 6 }, { c: 1, t: big }];
        const sums = new PrefixRateSums(rates);
        expect(sums.compare(1, 1, 3)).toBe(0);
        expect(sums.compare(1, 1, 4)).toBe(1);
        expect(sums.compare(1, 1, 2)).toBe(-1);
    });
});
