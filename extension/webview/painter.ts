/**
 * Draws one frame of the timeline on a 2D canvas. Level of detail: per lane row, bars narrower than a few pixels are
 * merged into runs per pixel column (the first colour to reach a column keeps it), so a frame costs O(visible
 * intervals) arithmetic but only O(lanes × pixel columns) fill operations, and fills are batched per colour.
 */
import { MARKER_KINDS } from '../../simulator/model/trace.js';
import type { TraceView } from '../../simulator/report/protocol.js';
import { formatTick, tickStep } from './format.js';
import { firstIndexAbove, firstIndexAtLeast, MAX_ROWS_PER_LANE, visibleIntervalRange, visibleMarkerRange, type MessageSpans, type TraceIndex } from './lane-index.js';
import { AXIS_HEIGHT, barPixels, LANE_BOTTOM, MARKER_BAND, ROW_HEIGHT, rowOffset, type LaneLayout } from './layout.js';
import { itemSlot, SLOT_COUNT, SLOT_FLOW_UNNAMED, type ThemeColors } from './palette.js';
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
    trace: TraceView;
    index: TraceIndex;
    layout: LaneLayout;
    viewport: Viewport;
    scrollY: number;
    selectedItem: number;
    hoveredInterval: number;
    /** Analysed bound of each item, ns (NaN: none); drawn as a tick at release + bound. */
    bounds: Float64Array;
    /** Largest of `bounds` (0 when none). */
    maxBound: number;
    /** Pixel range (plot coordinates) of a ctrl-drag zoom selection in progress. */
    dragSelection: [number, number] | null;
}

export interface FrameStats {
    visibleIntervals: number;
    rects: number;
    labels: number;
    markers: number;
    /** Bound ticks drawn. */
    bounds: number;
}

const MARKER_RELEASE = MARKER_KINDS.indexOf('release');
const MARKER_DEADLINE = MARKER_KINDS.indexOf('deadline');
const MARKER_MISS = MARKER_KINDS.indexOf('miss');

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

/**
 * The layer narrow bars are written into: one Uint32 per CSS pixel, uploaded with putImageData and composited with
 * one drawImage. Tens of thousands of 1-px runs cost a few ms this way, against tens of ms as fillRect calls.
 */
let layer: { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D; image: ImageData; pixels: Uint32Array; lines: Uint32Array[] } | undefined;

function pixelLayer(width: number, height: number): NonNullable<typeof layer> {
    if (!layer || layer.image.width !== width || layer.image.height !== height) {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const ctx = canvas.getContext('2d')!;
        const image = ctx.createImageData(width, height);
        // One scanline per lane row: runs are written once per row, then the line is copied into the row's height.
        const lines = Array.from({ length: MAX_ROWS_PER_LANE }, () => new Uint32Array(width));
        layer = { canvas, ctx, image, pixels: new Uint32Array(image.data.buffer), lines };
    } else {
        layer.pixels.fill(0);
    }
    return layer;
}

function drawBars(
    scene: Scene, first: number, last: number, laneScreenTop: (lane: number) => number, plotWidth: number,
): FrameStats {
    const { ctx, index, viewport, trace, theme } = scene;
    const { t0, t1 } = viewport.range;
    const k = viewport.scale;
    const itemOf = trace.intervals.item;
    const jobOf = trace.intervals.job;
    const layerWidth = Math.max(1, Math.ceil(plotWidth));
    const layerHeight = Math.max(1, Math.ceil(scene.height));
    const { pixels, lines } = pixelLayer(layerWidth, layerHeight);
    const lineUsed = new Uint8Array(MAX_ROWS_PER_LANE);
    const packed = theme.packedSlots;
    for (const rects of slotRects) rects.length = 0;
    const outlines: number[] = [];
    const labels: Array<[number, number, number, number]> = [];
    let visibleIntervals = 0;
    let runs = 0;
    // The open run of each lane row.
    const runStart = new Float64Array(MAX_ROWS_PER_LANE);
    const runEnd = new Float64Array(MAX_ROWS_PER_LANE);
    const runSlot = new Int32Array(MAX_ROWS_PER_LANE).fill(-1);
    const runY = new Float64Array(MAX_ROWS_PER_LANE);

    const flush = (r: number): void => {
        const slot = runSlot[r];
        runSlot[r] = -1;
        if (slot < 0) return;
        const x0 = Math.max(0, runStart[r]);
        const x1 = Math.min(layerWidth, runEnd[r]);
        if (x1 <= x0) return;
        runs++;
        lines[r].fill(packed[slot], x0, x1);
        lineUsed[r] = 1;
    };
    const copyLines = (rows: number): void => {
        for (let r = 0; r < rows; r++) {
            if (!lineUsed[r]) continue;
            const y0 = Math.max(AXIS_HEIGHT, runY[r]);
            const y1 = Math.min(layerHeight, runY[r] + ROW_HEIGHT);
            for (let y = y0; y < y1; y++) pixels.set(lines[r], y * layerWidth);
            lines[r].fill(0);
            lineUsed[r] = 0;
        }
    };

    for (let laneNo = first; laneNo < last; laneNo++) {
        const lane = index.lanes[laneNo];
        const top = laneScreenTop(laneNo);
        for (let r = 0; r < lane.rows; r++) {
            runSlot[r] = -1;
            runEnd[r] = -Infinity;
            runY[r] = top + rowOffset(r);
        }
        if (lane.messages) drawMessages(scene, lane.messages, runY, plotWidth);
        const [a, b] = visibleIntervalRange(lane, t0, t1);
        visibleIntervals += b - a;
        const { start, end, row, color, ids, maxEnd } = lane;
        const singleRow = lane.rows === 1;
        for (let i = a; i < b; i++) {
            const e = end[i];
            if (e <= t0) continue;
            // Same rounding as barPixels (inlined: this loop runs once per visible interval).
            let p0 = Math.round((start[i] - t0) * k);
            let p1 = Math.round((e - t0) * k);
            if (p1 <= p0) p1 = p0 + 1;
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

            // Dense lane: every following interval that ends before the first unpainted column would be merged away
            // too, so jump over them by binary search (exactly what the linear scan would draw, in O(columns log n)).
            if (singleRow && i + 1 < b && start[i + 1] < t0 + (runEnd[0] + 0.5) / k) {
                const boundary = t0 + (runEnd[0] + 0.5) / k;
                const j = firstIndexAtLeast(start, boundary, i + 1, b);
                if (j - 2 > i && maxEnd[j - 2] < boundary && scene.selectedItem < 0) i = j - 2;
            }
        }
        for (let r = 0; r < lane.rows; r++) flush(r);
        copyLines(lane.rows);
    }

    const markers = drawMarkers(scene, first, last, laneScreenTop, plotWidth, pixels, layerWidth, layerHeight);
    if (runs > 0 || markers.sprites > 0) {
        layer!.ctx.putImageData(layer!.image, 0, 0);
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(layer!.canvas, 0, 0, layerWidth, layerHeight);
    }
    let rects = runs;
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
        const list = slotRects[slot];
        if (list.length === 0) continue;
        ctx.fillStyle = theme.slots[slot];
        for (let j = 0; j < list.length; j += 3) ctx.fillRect(list[j], list[j + 1], list[j + 2], ROW_HEIGHT);
        rects += list.length / 3;
    }

    if (outlines.length > 0) {
        ctx.strokeStyle = theme.selection;
        ctx.lineWidth = 2;
        ctx.beginPath();
        for (let j = 0; j < outlines.length; j += 3) ctx.rect(outlines[j] + 0.5, outlines[j + 1] - 0.5, Math.max(1, outlines[j + 2] - 1), ROW_HEIGHT + 1);
        ctx.stroke();
    }
    const bounds = drawBounds(scene, first, last, laneScreenTop, plotWidth);
    drawHovered(scene, laneScreenTop);
    drawLabels(ctx, trace, labels, jobOf);
    drawMisses(ctx, theme, markers.misses);
    return { visibleIntervals, rects, labels: labels.length, markers: markers.sprites + markers.misses.length / 3, bounds };
}

/**
 * A flow's messages, release to completion, as a faint band in the flow's colour with an outline, under the chunks
 * that carry them. A message narrower than a pixel behind one already drawn on its row is skipped.
 */
function drawMessages(scene: Scene, messages: MessageSpans, rowTop: Float64Array, plotWidth: number): void {
    const { ctx, viewport, theme } = scene;
    const { t0, t1 } = viewport.range;
    const k = viewport.scale;
    const a = firstIndexAbove(messages.maxEnd, t0);
    const b = firstIndexAtLeast(messages.start, t1);
    if (b <= a) return;
    const color = messages.item >= 0 ? theme.slots[itemSlot(messages.item)] : theme.slots[SLOT_FLOW_UNNAMED];
    const drawnTo = new Float64Array(MAX_ROWS_PER_LANE).fill(-Infinity);
    ctx.save();
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
    ctx.lineWidth = 1;
    for (let i = a; i < b; i++) {
        if (messages.end[i] <= t0) continue;
        const r = messages.row[i];
        const [p0, p1] = barPixels((messages.start[i] - t0) * k, (messages.end[i] - t0) * k);
        if (p1 <= drawnTo[r]) continue;
        drawnTo[r] = p1;
        const x0 = Math.max(-2, p0);
        const x1 = Math.min(plotWidth + 2, p1);
        ctx.globalAlpha = 0.22;
        ctx.fillRect(x0, rowTop[r], x1 - x0, ROW_HEIGHT);
        ctx.globalAlpha = 0.9;
        ctx.strokeRect(x0 + 0.5, rowTop[r] + 0.5, Math.max(1, x1 - x0 - 1), ROW_HEIGHT - 1);
    }
    ctx.restore();
}

/** Most bound ticks drawn in one frame (zoomed far out they would fill the lanes anyway). */
const MAX_BOUND_TICKS = 4000;

/**
 * The analysed bound of each item, drawn for every release of it: a dashed line across the lane at release + bound,
 * so a job's end can be compared with what the analysis promised.
 */
function drawBounds(scene: Scene, first: number, last: number, laneScreenTop: (lane: number) => number, plotWidth: number): number {
    const { ctx, viewport, trace, index, layout, bounds, theme } = scene;
    if (bounds.length === 0) return 0;
    const { t0, t1 } = viewport.range;
    const k = viewport.scale;
    const m = trace.markers;
    let drawn = 0;
    ctx.save();
    ctx.strokeStyle = theme.bound;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 2]);
    ctx.beginPath();
    for (let laneNo = first; laneNo < last && drawn < MAX_BOUND_TICKS; laneNo++) {
        const lane = index.lanes[laneNo];
        if (lane.markerIds.length === 0) continue;
        const top = laneScreenTop(laneNo);
        // A release as early as t0 - largest bound can still put its tick in view.
        const [a, b] = visibleMarkerRange(lane, t0 - scene.maxBound, t1);
        for (let i = a; i < b && drawn < MAX_BOUND_TICKS; i++) {
            const id = lane.markerIds[i];
            if (m.kind[id] !== MARKER_RELEASE) continue;
            const item = m.item[id];
            const bound = item >= 0 ? bounds[item] : NaN;
            if (!(bound >= 0)) continue;
            const x = Math.round((m.time[id] + bound - t0) * k) + 0.5;
            if (x < 0 || x > plotWidth) continue;
            ctx.moveTo(x, top + 2);
            ctx.lineTo(x, top + layout.height[laneNo] - 2);
            drawn++;
        }
    }
    ctx.stroke();
    ctx.restore();
    return drawn;
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
    ctx: CanvasRenderingContext2D, trace: TraceView,
    labels: Array<[number, number, number, number]>, jobOf: ArrayLike<number>,
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

/** Markers of one kind closer than this to the previous one on the same lane are merged (level of detail). */
const MARKER_MIN_SPACING_PX = 3;

/**
 * Marker sprites as [dy, half-width] spans. Release and deadline sit in the band above the rows, completion and IPI
 * in the band below, so no bar ever covers them and they can be written straight into the pixel layer (thousands of
 * anti-aliased path triangles were the slowest thing to rasterise).
 */
const SPRITES: ReadonlyArray<ReadonlyArray<[number, number]>> = MARKER_KINDS.map((kind) => {
    switch (kind) {
        case 'release': return [[1, 0], [2, 0], [3, 1], [4, 1], [5, 2], [6, 3]];
        case 'deadline': return [[0, 3], [1, 2], [2, 1], [3, 1], [4, 0], [5, 0]];
        case 'completion': return [[0, 0], [1, 0], [2, 0], [3, 0], [4, 0]];
        case 'ipi': return [[0, 0], [1, 1], [2, 2], [3, 1], [4, 0]];
        default: return [];
    }
});

function drawMarkers(
    scene: Scene, first: number, last: number, laneScreenTop: (lane: number) => number, plotWidth: number,
    pixels: Uint32Array, layerWidth: number, layerHeight: number,
): { sprites: number; misses: number[] } {
    const { index, viewport, trace, theme, layout } = scene;
    const { t0, t1 } = viewport.range;
    const k = viewport.scale;
    const pad = 6 / k;
    const misses: number[] = [];
    const lastX = new Float64Array(MARKER_KINDS.length);
    const kinds = trace.markers.kind;
    let sprites = 0;
    for (let laneNo = first; laneNo < last; laneNo++) {
        const lane = index.lanes[laneNo];
        if (lane.markerTime.length === 0) continue;
        const top = laneScreenTop(laneNo);
        const bottom = top + layout.height[laneNo];
        const belowRows = bottom - LANE_BOTTOM;
        const [a, b] = visibleMarkerRange(lane, t0 - pad, t1 + pad);
        lastX.fill(-Infinity);
        for (let i = a; i < b; i++) {
            const kind = kinds[lane.markerIds[i]];
            const x = Math.round((lane.markerTime[i] - t0) * k);
            if (x < -6 || x > plotWidth + 6) continue;
            if (kind === MARKER_MISS) {
                // Misses are never merged away: each one is a finding. Drawn as vectors over everything.
                misses.push(x + 0.5, top, bottom - 2);
                continue;
            }
            if (x - lastX[kind] < MARKER_MIN_SPACING_PX) continue;
            lastX[kind] = x;
            sprites++;
            const color = theme.packedMarkers[kind];
            const y0 = kind === MARKER_RELEASE || kind === MARKER_DEADLINE ? top : belowRows;
            for (const [dy, half] of SPRITES[kind]) {
                const y = y0 + dy;
                if (y < AXIS_HEIGHT || y >= layerHeight) continue;
                const from = Math.max(0, x - half);
                const to = Math.min(layerWidth, x + half + 1);
                if (to > from) pixels.fill(color, y * layerWidth + from, y * layerWidth + to);
            }
        }
    }
    return { sprites, misses };
}

function drawMisses(ctx: CanvasRenderingContext2D, theme: ThemeColors, misses: number[]): void {
    if (misses.length === 0) return;
    ctx.fillStyle = theme.markers.miss;
    ctx.beginPath();
    for (let j = 0; j < misses.length; j += 3) {
        const x = misses[j];
        const top = misses[j + 1];
        ctx.rect(x - 1, top, 2, misses[j + 2] - top + 1);
        ctx.moveTo(x - 4.5, top); ctx.lineTo(x + 4.5, top); ctx.lineTo(x, top + MARKER_BAND + 1);
    }
    ctx.fill();
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
