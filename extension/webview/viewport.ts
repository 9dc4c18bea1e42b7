/**
 * The visible time window of the timeline and the arithmetic that zooms and pans it. Pure (no DOM), so it is unit
 * tested in Node and the canvas code only ever asks "which ns is this pixel" and "which pixel is this ns".
 */

export interface TimeWindow {
    /** First visible instant, ns (may be fractional while zooming). */
    t0: number;
    /** Last visible instant, ns. */
    t1: number;
}

/** Narrowest window we allow: below a few ns the integer-ns trace has nothing more to show. */
export const MIN_SPAN_NS = 10;

export class Viewport {
    private window: TimeWindow = { t0: 0, t1: 1 };
    private duration = 1;
    /** Plot width in CSS pixels (the canvas minus the lane-name gutter). */
    private widthPx = 1;

    /** Sets the trace duration; the window is clamped to it (with a small margin so edge bars are not glued to the border). */
    setDuration(duration: number): void {
        this.duration = Math.max(1, duration);
        this.clamp();
    }

    setWidth(widthPx: number): void {
        this.widthPx = Math.max(1, widthPx);
    }

    get width(): number {
        return this.widthPx;
    }

    get range(): TimeWindow {
        return { t0: this.window.t0, t1: this.window.t1 };
    }

    get span(): number {
        return this.window.t1 - this.window.t0;
    }

    /** Pixels per ns. */
    get scale(): number {
        return this.widthPx / this.span;
    }

    timeAt(x: number): number {
        return this.window.t0 + x / this.scale;
    }

    xAt(t: number): number {
        return (t - this.window.t0) * this.scale;
    }

    fit(): void {
        const margin = this.margin();
        this.window = { t0: -margin, t1: this.duration + margin };
    }

    /** Shows [t0, t1] (clamped); used by zoom-to-selection and by the test hook. */
    zoomTo(t0: number, t1: number): void {
        if (!Number.isFinite(t0) || !Number.isFinite(t1)) return;
        if (t1 < t0) [t0, t1] = [t1, t0];
        if (t1 - t0 < MIN_SPAN_NS) {
            const mid = (t0 + t1) / 2;
            t0 = mid - MIN_SPAN_NS / 2;
            t1 = mid + MIN_SPAN_NS / 2;
        }
        this.window = { t0, t1 };
        this.clamp();
    }

    /** Zooms by `factor` (< 1 zooms in) keeping the instant under pixel `anchorX` where it is. */
    zoomAround(anchorX: number, factor: number): void {
        if (!(factor > 0) || !Number.isFinite(factor)) return;
        const anchor = this.timeAt(anchorX);
        const span = this.span * factor;
        const t0 = anchor - (anchorX / this.widthPx) * span;
        this.zoomTo(t0, t0 + span);
    }

    /** Moves the window by `dx` pixels (positive: later times come into view). */
    panBy(dx: number): void {
        const dt = dx / this.scale;
        this.window = { t0: this.window.t0 + dt, t1: this.window.t1 + dt };
        this.clamp();
    }

    private margin(): number {
        return this.duration * 0.01;
    }

    /** Keeps the window inside [-margin, duration + margin] and no wider than that. */
    private clamp(): void {
        const margin = this.margin();
        const lo = -margin;
        const hi = this.duration + margin;
        let { t0, t1 } = this.window;
        const span = Math.min(Math.max(t1 - t0, MIN_SPAN_NS), hi - lo);
        if (t0 < lo) t0 = lo;
        if (t0 + span > hi) t0 = hi - span;
        t1 = t0 + span;
        this.window = { t0, t1 };
    }
}
