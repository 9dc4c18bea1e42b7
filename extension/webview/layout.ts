/** Vertical layout of the lanes: where each lane and each of its stacked rows sits, in canvas CSS pixels. */
import type { LaneData } from './lane-index.js';

export const AXIS_HEIGHT = 26;
/** Band at the top of each lane for release and deadline arrows. */
export const MARKER_BAND = 7;
export const ROW_HEIGHT = 16;
export const ROW_GAP = 2;
/** Band under the rows for completion ticks and IPI diamonds (markers never overlap bars, so they can be sprites). */
export const LANE_BOTTOM = 6;

export interface LaneLayout {
    /** Top of each lane in content coordinates (0 = just below the axis, before vertical scrolling). */
    top: number[];
    height: number[];
    contentHeight: number;
}

export function layoutLanes(lanes: readonly LaneData[]): LaneLayout {
    const top: number[] = [];
    const height: number[] = [];
    let y = 0;
    for (const lane of lanes) {
        const h = MARKER_BAND + lane.rows * ROW_HEIGHT + (lane.rows - 1) * ROW_GAP + LANE_BOTTOM;
        top.push(y);
        height.push(h);
        y += h;
    }
    return { top, height, contentHeight: y };
}

/** Offset of row `row` inside its lane. */
export function rowOffset(row: number): number {
    return MARKER_BAND + row * (ROW_HEIGHT + ROW_GAP);
}

/** Lane under content-y, or -1. */
export function laneAtY(layout: LaneLayout, y: number): number {
    let lo = 0;
    let hi = layout.top.length - 1;
    if (hi < 0 || y < 0 || y >= layout.contentHeight) return -1;
    while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (layout.top[mid] <= y) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

/** Row under a y offset inside a lane, or -1 when the point is in the marker band or a gap. */
export function rowAtOffset(offset: number, rows: number): number {
    const inRows = offset - MARKER_BAND;
    if (inRows < 0) return -1;
    const row = Math.floor(inRows / (ROW_HEIGHT + ROW_GAP));
    if (row >= rows) return -1;
    return inRows - row * (ROW_HEIGHT + ROW_GAP) < ROW_HEIGHT ? row : -1;
}

/**
 * Pixel columns an interval covers once drawn: rounded ends, at least one pixel wide so a 5 ns IPI is still visible
 * when a second spans the screen. Drawing and hit-testing both use this, so what you point at is what was drawn.
 */
export function barPixels(x0: number, x1: number): [number, number] {
    const p0 = Math.round(x0);
    let p1 = Math.round(x1);
    if (p1 <= p0) p1 = p0 + 1;
    return [p0, p1];
}
