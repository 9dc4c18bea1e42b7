/**
 * Draws one frame of the timeline on a 2D canvas. Level of detail: per lane row, bars narrower than a few pixels are
 * merged into runs per pixel column (the first colour to reach a column keeps it), so a frame costs O(visible
 * intervals) arithmetic but only O(lanes × pixel columns) fill operations, and fills are batched per colour.
 */
import { MARKER_KINDS, type Trace } from '../../simulator/model/trace.js';
import { formatTick, tickStep } from './format.js';
import { visibleIntervalRange, visibleMarkerRange, type TraceIndex } from './lane-index.js';
import { AXIS_HEIGHT, barPixels, MARKER_BAND, ROW_HEIGHT, rowOffset, type LaneLayout } from './layout.js';
import { SLOT_COUNT, type ThemeColors } from './palette.js';
import type { Viewport } from './viewport.js';

/** Bars at least this wide are drawn on their own with a 1 px gap, so consecutive jobs stay distinguishable. */
const SEPARATE_BAR_PX = 6;
/** Bars at least this wide get a text label. */
const LABEL_MIN_PX = 40;
const MAX_LABELS = 3000;

export interface Scene {
    ctx: CanvasRenderingContext2D;
    width: number;
    height: number;
    dpr: number;
    gutter: number;
    theme: ThemeColors;
    trace: Trace;
    index: TraceIndex;
    layout: LaneLayout;
    viewport: Viewport;
    scrollY: number;
    selectedItem: number;
    hoveredInterval: number;
    /** Pixel range (plot coordinates) of a ctrl-drag zoom selection in progress. */
    dragSelection: [number, number] | null;
}

export interface FrameStats {
    visibleIntervals: number;
    rects: number;
    labels: number;
    markers: number;
}

const MARKER_RELEASE = MARKER_KINDS.indexOf('release');
const MARKER_COMPLETION = MARKER_KINDS.indexOf('completion');
const MARKER_DEADLINE = MARKER_KINDS.indexOf('deadline');
const MARKER_MISS = MARKER_KINDS.indexOf('miss');
const MARKER_IPI = MARKER_KINDS.indexOf('ipi');

// Reused between frames so panning does not allocate.
const slotRects: number[][] = Array.from({ length: SLOT_COUNT }, () => []);
const labelText = new Map<string, number>();

export function paint(scene: Scene): FrameStats {
    const { ctx, width, height, dpr, gutter, theme, layout, viewport } = scene;
    const plotWidth = width - gutter;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, width, height);
    ctx.font = theme.font;
    ctx.textBaseline = 'middle';

    const { first, last } = visibleLanes(layout, scene.scrollY, height - AXIS_HEIGHT);
    const laneScreenTop = (lane: number): number => AXIS_HEIGHT + layout.top[lane] - scene.scrollY;

    // Lane backgrounds and group separators.
    for (let lane = first; lane < last; lane++) {
        const y = laneScreenTop(lane);
        if (lane % 2 === 1) {
            ctx.fillStyle = theme.laneAlt;
            ctx.fillRect(0, y, width, layout.height[lane]);
        }
    }
    const step = tickStep(viewport.span, plotWidth);
    drawGrid(scene, step, plotWidth);

    ctx.save();
    ctx.beginPath();
    ctx.rect(gutter, AXIS_HEIGHT, plotWidth, height - AXIS_HEIGHT);
    ctx.clip();
    ctx.translate(gutter, 0);
    const stats = drawBars(scene, first, last, laneScreenTop, plotWidth);
    stats.markers = drawMarkers(scene, first, last, laneScreenTop, plotWidth);
    if (scene.dragSelection) {
        const [a, b] = scene.dragSelection;
        ctx.fillStyle = theme.grid;
        ctx.fillRect(Math.min(a, b), AXIS_HEIGHT, Math.abs(b - a), height - AXIS_HEIGHT);
    }
    ctx.restore();

    drawGutter(scene, first, last, laneScreenTop);
    drawAxis(scene, step, plotWidth);
    drawScrollHint(scene);
    return stats;
}

function visibleLanes(layout: LaneLayout, scrollY: number, viewHeight: number): { first: number; last: number } {
    let first = 0;
    while (first < layout.top.length && layout.top[first] + layout.height[first] <= scrollY) first++;
    let last = first;
    while (last < layout.top.length && layout.top[last] < scrollY + viewHeight) last++;
    return { first, last };
}

function drawBars(
    scene: Scene, first: number, last: number, laneScreenTop: (lane: number) => number, plotWidth: number,
): FrameStats {
    const { ctx, index, viewport, trace, theme } = scene;
    const { t0, t1 } = viewport.range;
    const k = viewport.scale;
    const itemOf = trace.intervals.item;
    const jobOf = trace.intervals.job;
    for (const rects of slotRects) rects.length = 0;
    const outlines: number[] = [];
    const labels: Array<[number, number, number, number]> = [];
    let visibleIntervals = 0;
    const runStart = [0, 0, 0, 0];
    const runEnd = [0, 0, 0, 0];
    const runSlot = [-1, -1, -1, -1];
    const runY = [0, 0, 0, 0];

    const flush = (r: number): void => {
        if (runSlot[r] >= 0) slotRects[runSlot[r]].push(runStart[r], runY[r], runEnd[r] - runStart[r]);
        runSlot[r] = -1;
    };

    for (let laneNo = first; laneNo < last; laneNo++) {
        const lane = index.lanes[laneNo];
        const top = laneScreenTop(laneNo);
        for (let r = 0; r < lane.rows; r++) {
            runSlot[r] = -1;
            runEnd[r] = -Infinity;
            runY[r] = top + rowOffset(r);
        }
        const [a, b] = visibleIntervalRange(lane, t0, t1);
        const { start, end, row, color, ids } = lane;
        for (let i = a; i < b; i++) {
            const e = end[i];
            if (e <= t0) continue;
            visibleIntervals++;
            let [p0, p1] = barPixels((start[i] - t0) * k, (e - t0) * k);
            if (p0 < -2) p0 = -2;
            if (p1 > plotWidth + 2) p1 = plotWidth + 2;
            const r = row[i];
            const slot = color[i];
            if (scene.selectedItem >= 0 && itemOf[ids[i]] === scene.selectedItem) outlines.push(p0, runY[r], p1 - p0);
            if (p1 - p0 >= SEPARATE_BAR_PX) {
                flush(r);
                slotRects[slot].push(p0, runY[r], p1 - p0 - 1);
                runEnd[r] = p1;
                if (p1 - p0 >= LABEL_MIN_PX && labels.length < MAX_LABELS && itemOf[ids[i]] >= 0) {
                    labels.push([p0, runY[r], p1 - p0 - 1, ids[i]]);
                }
                continue;
            }
            if (runSlot[r] === slot && p0 <= runEnd[r]) {
                if (p1 > runEnd[r]) runEnd[r] = p1;
            } else if (p1 > runEnd[r]) {
                flush(r);
                runStart[r] = Math.max(p0, runEnd[r]);
                runEnd[r] = p1;
                runSlot[r] = slot;
            }
            // else: the whole bar falls in columns another colour already holds (merged away at this zoom).
        }
        for (let r = 0; r < lane.rows; r++) flush(r);
    }

    let rects = 0;
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
        const list = slotRects[slot];
        if (list.length === 0) continue;
        ctx.fillStyle = theme.slots[slot];
        ctx.beginPath();
        for (let j = 0; j < list.length; j += 3) ctx.rect(list[j], list[j + 1], list[j + 2], ROW_HEIGHT);
        ctx.fill();
        rects += list.length / 3;
    }

    if (outlines.length > 0) {
        ctx.strokeStyle = theme.selection;
        ctx.lineWidth = 2;
        ctx.beginPath();
        for (let j = 0; j < outlines.length; j += 3) ctx.rect(outlines[j] + 0.5, outlines[j + 1] - 0.5, Math.max(1, outlines[j + 2] - 1), ROW_HEIGHT + 1);
        ctx.stroke();
    }
    drawHovered(scene, laneScreenTop);
    drawLabels(ctx, trace, labels, jobOf);
    return { visibleIntervals, rects, labels: labels.length, markers: 0 };
}

function drawHovered(scene: Scene, laneScreenTop: (lane: number) => number): void {
    const id = scene.hoveredInterval;
    if (id < 0) return;
    const laneNo = scene.trace.intervals.lane[id];
    const lane = scene.index.lanes[laneNo];
    const pos = scene.index.position[id];
    const { t0 } = scene.viewport.range;
    const [p0, p1] = barPixels((lane.start[pos] - t0) * scene.viewport.scale, (lane.end[pos] - t0) * scene.viewport.scale);
    const y = laneScreenTop(laneNo) + rowOffset(lane.row[pos]);
    scene.ctx.strokeStyle = scene.theme.foreground;
    scene.ctx.lineWidth = 1;
    scene.ctx.strokeRect(p0 + 0.5, y + 0.5, Math.max(1, p1 - p0 - 1), ROW_HEIGHT - 1);
}

function drawLabels(
    ctx: CanvasRenderingContext2D, trace: Trace,
    labels: Array<[number, number, number, number]>, jobOf: number[],
): void {
    if (labels.length === 0) return;
    ctx.fillStyle = '#ffffff';
    ctx.shadowColor = 'rgba(0,0,0,0.6)';
    ctx.shadowBlur = 2;
    for (const [x, y, w, id] of labels) {
        const item = trace.items[trace.intervals.item[id]];
        const job = jobOf[id];
        const text = fitText(ctx, job >= 0 ? `${item.name} #${job}` : item.name, w - 6);
        if (text) ctx.fillText(text, Math.max(x, 0) + 3, y + ROW_HEIGHT / 2 + 0.5);
    }
    ctx.shadowBlur = 0;
    ctx.shadowColor = 'transparent';
}

function measure(ctx: CanvasRenderingContext2D, text: string): number {
    let w = labelText.get(text);
    if (w === undefined) {
        w = ctx.measureText(text).width;
        if (labelText.size > 5000) labelText.clear();
        labelText.set(text, w);
    }
    return w;
}

/** The text, or its longest prefix with an ellipsis that fits in `room` px, or '' when nothing useful fits. */
export function fitText(ctx: CanvasRenderingContext2D, text: string, room: number): string {
    if (room <= 8) return '';
    if (measure(ctx, text) <= room) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (measure(ctx, text.slice(0, mid) + '…') <= room) lo = mid;
        else hi = mid - 1;
    }
    return lo >= 2 ? text.slice(0, lo) + '…' : '';
}

function drawMarkers(
    scene: Scene, first: number, last: number, laneScreenTop: (lane: number) => number, plotWidth: number,
): number {
    const { ctx, index, viewport, trace, theme, layout } = scene;
    const { t0, t1 } = viewport.range;
    const k = viewport.scale;
    const pad = 6 / k;
    const paths = MARKER_KINDS.map(() => new Path2D());
    let count = 0;
    for (let laneNo = first; laneNo < last; laneNo++) {
        const lane = index.lanes[laneNo];
        if (lane.markerTime.length === 0) continue;
        const top = laneScreenTop(laneNo);
        const bottom = top + layout.height[laneNo] - 2;
        const [a, b] = visibleMarkerRange(lane, t0 - pad, t1 + pad);
        const lastX = [NaN, NaN, NaN, NaN, NaN];
        for (let i = a; i < b; i++) {
            const id = lane.markerIds[i];
            const kind = trace.markers.kind[id];
            const x = Math.round((lane.markerTime[i] - t0) * k) + 0.5;
            if (x === lastX[kind] || x < -6 || x > plotWidth + 6) continue;
            lastX[kind] = x;
            count++;
            const p = paths[kind];
            if (kind === MARKER_RELEASE) {
                p.moveTo(x - 3.5, top + MARKER_BAND - 1); p.lineTo(x + 3.5, top + MARKER_BAND - 1); p.lineTo(x, top + 1); p.closePath();
            } else if (kind === MARKER_DEADLINE) {
                p.moveTo(x - 3.5, top + 1); p.lineTo(x + 3.5, top + 1); p.lineTo(x, top + MARKER_BAND - 1); p.closePath();
            } else if (kind === MARKER_MISS) {
                p.rect(x - 1, top, 2, bottom - top + 1);
                p.moveTo(x - 4.5, top); p.lineTo(x + 4.5, top); p.lineTo(x, top + MARKER_BAND + 1); p.closePath();
            } else if (kind === MARKER_COMPLETION) {
                p.rect(x - 0.5, bottom - 5, 1, 5);
            } else if (kind === MARKER_IPI) {
                p.moveTo(x, bottom - 7); p.lineTo(x + 3, bottom - 4); p.lineTo(x, bottom - 1); p.lineTo(x - 3, bottom - 4); p.closePath();
            }
        }
    }
    const colors = [theme.markers.release, theme.markers.completion, theme.markers.deadline, theme.markers.miss, theme.markers.ipi];
    // Misses last so nothing covers them.
    for (const kind of [MARKER_COMPLETION, MARKER_IPI, MARKER_RELEASE, MARKER_DEADLINE, MARKER_MISS]) {
        ctx.fillStyle = colors[kind];
        ctx.fill(paths[kind]);
    }
    return count;
}

function drawGrid(scene: Scene, step: number, plotWidth: number): void {
    const { ctx, viewport, gutter, height, theme } = scene;
    const { t0, t1 } = viewport.range;
    ctx.fillStyle = theme.grid;
    for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
        const x = Math.round(gutter + viewport.xAt(t));
        if (x >= gutter && x <= gutter + plotWidth) ctx.fillRect(x, AXIS_HEIGHT, 1, height - AXIS_HEIGHT);
    }
}

function drawAxis(scene: Scene, step: number, plotWidth: number): void {
    const { ctx, viewport, gutter, width, theme } = scene;
    const { t0, t1 } = viewport.range;
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, width, AXIS_HEIGHT);
    ctx.fillStyle = theme.grid;
    ctx.fillRect(0, AXIS_HEIGHT - 1, width, 1);
    ctx.fillStyle = theme.muted;
    ctx.textBaseline = 'middle';
    for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
        const x = Math.round(gutter + viewport.xAt(t));
        if (x < gutter || x > gutter + plotWidth) continue;
        ctx.fillRect(x, AXIS_HEIGHT - 6, 1, 6);
        const label = formatTick(t, step);
        if (x + 3 + measure(ctx, label) <= width) ctx.fillText(label, x + 3, AXIS_HEIGHT / 2 - 2);
    }
    ctx.fillStyle = theme.muted;
    ctx.fillText('time', 6, AXIS_HEIGHT / 2 - 2);
}

function drawGutter(scene: Scene, first: number, last: number, laneScreenTop: (lane: number) => number): void {
    const { ctx, gutter, height, theme, trace, layout } = scene;
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, AXIS_HEIGHT, gutter, height - AXIS_HEIGHT);
    let previousKind = '';
    for (let lane = first; lane < last; lane++) {
        const y = laneScreenTop(lane);
        if (lane % 2 === 1) {
            ctx.fillStyle = theme.laneAlt;
            ctx.fillRect(0, y, gutter, layout.height[lane]);
        }
        const kind = trace.lanes[lane].kind;
        if (lane > 0 && kind !== previousKind) {
            // A rule between lane groups (cores, VCPUs, broker, DMA, flows).
            ctx.fillStyle = theme.grid;
            ctx.fillRect(0, y, scene.width, 1);
        }
        previousKind = kind;
        ctx.fillStyle = theme.foreground;
        const text = fitText(ctx, trace.lanes[lane].name, gutter - 12);
        ctx.fillText(text, 6, y + Math.min(layout.height[lane] / 2, MARKER_BAND + ROW_HEIGHT / 2) + 0.5);
    }
    ctx.fillStyle = theme.grid;
    ctx.fillRect(gutter - 1, AXIS_HEIGHT, 1, height - AXIS_HEIGHT);
}

function drawScrollHint(scene: Scene): void {
    const { ctx, layout, height, width, scrollY, theme } = scene;
    const view = height - AXIS_HEIGHT;
    if (layout.contentHeight <= view) return;
    const thumb = Math.max(20, (view * view) / layout.contentHeight);
    const y = AXIS_HEIGHT + ((view - thumb) * scrollY) / (layout.contentHeight - view);
    ctx.fillStyle = theme.muted;
    ctx.globalAlpha = 0.5;
    ctx.fillRect(width - 5, y, 4, thumb);
    ctx.globalAlpha = 1;
}
