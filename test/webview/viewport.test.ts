import { describe, expect, it } from 'vitest';
import { MIN_SPAN_NS, Viewport } from '../../extension/webview/viewport.js';

function viewport(duration = 100_000_000, width = 1000): Viewport {
    const v = new Viewport();
    v.setWidth(width);
    v.setDuration(duration);
    v.fit();
    return v;
}

describe('timeline viewport', () => {
    it('fits the whole run with a 1% margin on each side', () => {
        const v = viewport();
        expect(v.range).toEqual({ t0: -1_000_000, t1: 101_000_000 });
        expect(v.timeAt(0)).toBe(-1_000_000);
        expect(v.xAt(101_000_000)).toBeCloseTo(1000, 9);
    });

    it('zooming keeps the instant under the anchor pixel in place', () => {
        const v = viewport();
        const anchor = 250;
        const before = v.timeAt(anchor);
        v.zoomAround(anchor, 0.5);
        expect(v.span).toBeCloseTo(51_000_000, 3);
        expect(v.timeAt(anchor)).toBeCloseTo(before, 3);
    });

    it('panning moves the window by pixels converted at the current scale, and stops at the ends', () => {
        const v = viewport();
        v.zoomTo(10_000_000, 20_000_000);
        v.panBy(100); // 100 px of 1000 = 1 ms at this zoom
        expect(v.range.t0).toBeCloseTo(11_000_000, 3);
        expect(v.range.t1).toBeCloseTo(21_000_000, 3);
        v.panBy(1e9);
        expect(v.range.t1).toBeCloseTo(101_000_000, 3);
        expect(v.span).toBeCloseTo(10_000_000, 3);
        v.panBy(-1e9);
        expect(v.range.t0).toBeCloseTo(-1_000_000, 3);
    });

    it('never zooms out past the run or in past the minimum span, and ignores non-finite requests', () => {
        const v = viewport();
        v.zoomAround(500, 10);
        expect(v.range).toEqual({ t0: -1_000_000, t1: 101_000_000 });
        v.zoomTo(5_000, 5_001);
        expect(v.span).toBe(MIN_SPAN_NS);
        const before = v.range;
        v.zoomTo(Number.NaN, 3);
        v.zoomAround(10, Number.POSITIVE_INFINITY);
        expect(v.range).toEqual(before);
    });

    it('clamps the window when the duration shrinks (a re-simulated document)', () => {
        const v = viewport();
        v.zoomTo(80_000_000, 90_000_000);
        v.setDuration(50_000_000);
        expect(v.range.t1).toBeLessThanOrEqual(50_500_000);
        expect(v.span).toBeCloseTo(10_000_000, 3);
    });
});
