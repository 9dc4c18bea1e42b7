/**
 * The timeline view: owns the canvas, the trace index, the viewport and the interactions (zoom, pan, hover,
 * click-to-reveal). Hit-testing goes through the same index and pixel rounding as drawing, so what the pointer is
 * over is decided from the model, not from canvas pixels.
 */
import { INTERVAL_KINDS, MARKER_KINDS } from '../../simulator/model/trace.js';
import type { SourceRange } from '../../simulator/model/types.js';
import { isPackedTrace } from '../../simulator/report/packed-trace.js';
import type { SummaryRow, TimelinePayload, TraceView } from '../../simulator/report/protocol.js';
import { unpackTrace } from '../../simulator/report/unpack-trace.js';
import { validateTrace } from '../../simulator/report/validate-trace.js';
import { renderLegend, renderSummary, renderTooltip } from './chrome.js';
import { formatDuration as formatTime, formatPercent } from '../../simulator/model/format.js';
import { el } from './dom.js';
import { formatTimeExact } from './format.js';
import type { TimelineHost } from './host.js';
import { buildTraceIndex, firstIndexAtLeast, visibleIntervalRange, type TraceIndex } from './lane-index.js';
import { AXIS_HEIGHT, barPixels, LANE_BOTTOM, laneAtY, layoutLanes, rowAtOffset, rowOffset, ROW_HEIGHT, MARKER_BAND, type LaneLayout } from './layout.js';
import { paint, type FrameStats } from './painter.js';
import { readTheme, type ThemeColors } from './palette.js';
import { Viewport } from './viewport.js';

export interface IntervalInfo {
    id: number;
    lane: number;
    laneName: string;
    item: number;
    itemName: string | null;
    job: number;
    start: number;
    end: number;
    duration: number;
    kind: string;
}

export interface MarkerInfo {
    id: number;
    lane: number;
    laneName: string;
    item: number;
    itemName: string | null;
    job: number;
    time: number;
    kind: string;
}

export interface HitResult {
    area: 'plot' | 'gutter' | 'axis' | 'none';
    lane: number;
    laneName: string | null;
    row: number;
    /** The interval the pointer designates (covering the pointer's instant, else the longest in the pixel). */
    primary: IntervalInfo | null;
    /** Intervals drawn under the pointer's pixel column in that row (several when merged at this zoom), up to 50. */
    intervals: IntervalInfo[];
    /** How many more were under the pointer than `intervals` lists. */
    more: number;
    marker: MarkerInfo | null;
    /** On a flow lane: the message (release → completion) whose band is under the pointer. */
    message: MessageInfo | null;
}

export interface MessageInfo {
    lane: number;
    item: number;
    itemName: string | null;
    job: number;
    release: number;
    /** Null when the message did not complete within the run. */
    completion: number | null;
    /** The item's analysed bound, ns, when the summary gave one. */
    bound: number | null;
}

export interface TimelineStats extends FrameStats {
    frames: number;
    lastFrameMs: number;
    /** performance.now() when the first frame with a trace finished. */
    firstPaintAt: number | null;
    /** Time to unpack the last trace (0 when it came as plain arrays), ms. */
    unpackMs: number;
    /** Time to validate it, ms. */
    validateMs: number;
    /** Time to index it (lanes sorted, rows stacked) and lay the lanes out, ms. */
    indexMs: number;
    intervalCount: number;
}

interface SavedView {
    t0: number;
    t1: number;
    scrollY: number;
}

const ZOOM_STEP = 0.8;
const MAX_LISTED_HITS = 50;
/** Hit-test stops scanning after this many candidates (a 1M-interval lane zoomed out has thousands per pixel). */
const MAX_HIT_SCAN = 20000;

export class Timeline {
    readonly root: HTMLElement;
    private readonly host: TimelineHost;
    private readonly titleEl: HTMLElement;
    private readonly rangeEl: HTMLElement;
    private readonly errorEl: HTMLElement;
    private readonly summaryEl: HTMLDetailsElement;
    private readonly legendEl: HTMLElement;
    private readonly viewEl: HTMLElement;
    private readonly canvas: HTMLCanvasElement;
    private readonly ctx: CanvasRenderingContext2D;
    private readonly tooltipEl: HTMLElement;

    private trace: TraceView | null = null;
    private rows: SummaryRow[] | undefined;
    private bounds = new Float64Array(0);
    private maxBound = 0;
    private index: TraceIndex | null = null;
    private layout: LaneLayout = { top: [], height: [], contentHeight: 0 };
    readonly viewport = new Viewport();
    private theme: ThemeColors;
    private width = 0;
    private height = 0;
    private dpr = 1;
    private gutter = 120;
    private scrollY = 0;
    private selectedItem = -1;
    private hoveredInterval = -1;
    private dragSelection: [number, number] | null = null;
    private frameRequested = false;
    private saveTimer: ReturnType<typeof setTimeout> | undefined;
    /** Draw times of the last frames, ms (the benchmark reads them while panning). */
    private readonly frameHistory: number[] = [];
    private stats: TimelineStats = {
        frames: 0, lastFrameMs: 0, firstPaintAt: null, unpackMs: 0, validateMs: 0, indexMs: 0, intervalCount: 0, visibleIntervals: 0, rects: 0, labels: 0, markers: 0, bounds: 0,
    };

    constructor(root: HTMLElement, host: TimelineHost) {
        this.root = root;
        this.host = host;
        root.classList.add('tl-root');

        const header = el('header', 'tl-header');
        this.titleEl = el('h1', 'tl-title', 'rtcell timeline');
        const toolbar = el('div', 'tl-toolbar');
        const button = (label: string, title: string, action: () => void): HTMLButtonElement => {
            const b = el('button', 'tl-button', label);
            b.type = 'button';
            b.title = title;
            b.addEventListener('click', action);
            toolbar.append(b);
            return b;
        };
        button('Fit', 'Show the whole run (0 or Home)', () => this.fit());
        button('−', 'Zoom out (-)', () => this.zoomBy(1 / ZOOM_STEP));
        button('+', 'Zoom in (+)', () => this.zoomBy(ZOOM_STEP));
        this.rangeEl = el('span', 'tl-range');
        toolbar.append(this.rangeEl);
        header.append(this.titleEl, toolbar);

        this.errorEl = el('div', 'tl-error');
        this.errorEl.setAttribute('role', 'alert');
        this.errorEl.hidden = true;
        this.summaryEl = el('details', 'tl-summary');
        this.summaryEl.open = true;
        this.summaryEl.hidden = true;
        this.legendEl = el('div', 'tl-legend');
        this.viewEl = el('div', 'tl-view');
        this.viewEl.tabIndex = 0;
        this.viewEl.setAttribute('aria-label', 'Timeline: +/- zoom, arrows pan, 0 fits, Enter reveals the highlighted item');
        this.canvas = el('canvas', 'tl-canvas');
        this.tooltipEl = el('div', 'tl-tooltip');
        this.tooltipEl.hidden = true;
        this.tooltipEl.setAttribute('role', 'tooltip');
        this.viewEl.append(this.canvas, this.tooltipEl);
        const help = el('div', 'tl-help',
            'Wheel or +/- zoom · drag or arrow keys pan · Ctrl/Shift-drag zooms to a range · Shift-wheel scrolls lanes · 0 fits · click a bar to reveal its declaration');
        root.append(header, this.errorEl, this.summaryEl, this.legendEl, this.viewEl, help);

        const ctx = this.canvas.getContext('2d', { alpha: false });
        if (!ctx) throw new Error('this browser has no 2D canvas');
        this.ctx = ctx;
        this.theme = readTheme(root);
        this.attachEvents();
        this.showEmpty('Waiting for a simulation trace…');
    }

    /** Shows a new trace. Returns false (and shows why) when the payload is not a usable trace. */
    setPayload(payload: TimelinePayload): boolean {
        const began = performance.now();
        let trace: TraceView | undefined;
        let problems: string[];
        try {
            trace = isPackedTrace(payload?.trace) ? unpackTrace(payload.trace) : payload?.trace;
            problems = [];
        } catch (error) {
            problems = [`the packed trace is damaged: ${error instanceof Error ? error.message : String(error)}`];
        }
        const unpacked = performance.now();
        if (problems.length === 0) problems = validateTrace(trace);
        if (problems.length > 0 || !trace) {
            this.showError(`This trace cannot be shown: ${problems.join('; ')}.`);
            this.host.post({ type: 'error', message: problems.join('; ') });
            return false;
        }
        const validated = performance.now();
        this.stats.unpackMs = unpacked - began;
        this.stats.validateMs = validated - unpacked;
        const hadTrace = this.trace !== null;
        const previousSelection = this.selectedItem >= 0 ? this.trace?.items[this.selectedItem]?.name : undefined;
        this.trace = trace;
        this.rows = payload.rows;
        this.setBounds(trace, payload.rows);
        this.index = buildTraceIndex(trace);
        this.layout = layoutLanes(this.index.lanes);
        this.stats.intervalCount = this.index.intervalCount;
        this.stats.indexMs = performance.now() - validated;
        this.errorEl.hidden = true;
        this.errorEl.classList.remove('tl-info');
        const title = payload.title ?? 'rtcell timeline';
        this.titleEl.textContent = trace.truncated ? `${title} (trace truncated at its size limit)` : title;
        this.gutter = this.measureGutter(trace);
        this.viewport.setDuration(trace.duration);
        this.viewport.setWidth(Math.max(1, this.width - this.gutter));
        if (!hadTrace) {
            const saved = this.host.getState() as Partial<SavedView> | undefined;
            if (saved && Number.isFinite(saved.t0) && Number.isFinite(saved.t1)) {
                this.viewport.zoomTo(saved.t0!, saved.t1!);
                this.scrollY = Number(saved.scrollY) || 0;
            } else {
                this.viewport.fit();
            }
        }
        // A re-validated document keeps the current zoom (clamped to the new duration) and the highlighted item.
        const wanted = typeof payload.select === 'string' ? payload.select : previousSelection;
        this.selectedItem = wanted === undefined ? -1 : trace.items.findIndex((i) => i.name === wanted);
        this.hoveredInterval = -1;
        this.clampScroll();
        renderSummary(this.summaryEl, this.rows, { onRow: (row) => this.revealRow(row), onWorstJob: (row) => this.goToJob(row.item, row.worstJob ?? -1) });
        this.renderLegend();
        if (typeof payload.select === 'string' && Number.isSafeInteger(payload.focusJob)) this.goToJob(payload.select, payload.focusJob!);
        this.requestRender();
        return true;
    }

    /** Each item's analysed bound from the summary rows (matched by name), for the bound ticks. */
    private setBounds(trace: TraceView, rows: readonly SummaryRow[] | undefined): void {
        const byName = new Map((rows ?? []).filter((r) => typeof r.bound === 'number').map((r) => [r.item, r.bound as number]));
        this.bounds = Float64Array.from(trace.items, (item) => byName.get(item.name) ?? NaN);
        this.maxBound = this.bounds.reduce((max, b) => (b > max ? b : max), 0);
    }

    /**
     * Zooms to one job of an item (from its release to its completion, with some room around) and highlights the
     * item: the summary's "go to worst job". Returns false when the trace has no such job.
     */
    goToJob(itemName: string, job: number): boolean {
        const trace = this.trace;
        if (!trace || job < 0) return false;
        const item = trace.items.findIndex((i) => i.name === itemName);
        if (item < 0) return false;
        let from = Infinity;
        let to = -Infinity;
        const m = trace.markers;
        for (let i = 0; i < m.time.length; i++) {
            if (m.item[i] !== item || m.job[i] !== job) continue;
            const kind = MARKER_KINDS[m.kind[i]];
            if (kind === 'deadline') continue; // a deadline far after the end would dwarf the job
            from = Math.min(from, m.time[i]);
            to = Math.max(to, m.time[i]);
        }
        const iv = trace.intervals;
        for (let i = 0; i < iv.start.length; i++) {
            if (iv.item[i] !== item || iv.job[i] !== job) continue;
            from = Math.min(from, iv.start[i]);
            to = Math.max(to, iv.end[i]);
        }
        if (!(to >= from)) return false;
        const span = Math.max(to - from, 1_000);
        this.selectedItem = item;
        this.viewport.zoomTo(Math.max(0, from - span * 0.25), Math.min(trace.duration, to + span * 0.25));
        this.viewChanged();
        this.renderLegend();
        this.requestRender();
        return true;
    }

    /** Highlights every bar of the named item (null clears). */
    selectItemByName(name: string | null): void {
        this.selectedItem = name === null || !this.trace ? -1 : this.trace.items.findIndex((i) => i.name === name);
        this.renderLegend();
        this.requestRender();
    }

    get selectedItemName(): string | null {
        return this.selectedItem >= 0 && this.trace ? this.trace.items[this.selectedItem].name : null;
    }

    fit(): void {
        this.viewport.fit();
        this.viewChanged();
    }

    zoomTo(t0: number, t1: number): void {
        this.viewport.zoomTo(t0, t1);
        this.viewChanged();
    }

    /** Zooms around the plot centre (keyboard, toolbar) or around a plot x. */
    zoomBy(factor: number, anchorX = this.viewport.width / 2): void {
        this.viewport.zoomAround(anchorX, factor);
        this.viewChanged();
    }

    panBy(dx: number): void {
        this.viewport.panBy(dx);
        this.viewChanged();
    }

    scrollBy(dy: number): void {
        this.scrollY += dy;
        this.clampScroll();
        this.viewChanged();
    }

    /** Draw times of recent frames, ms; `clear` empties the history. */
    recentFrameTimes(clear = false): number[] {
        const times = this.frameHistory.slice();
        if (clear) this.frameHistory.length = 0;
        return times;
    }

    get frameStats(): TimelineStats {
        return { ...this.stats };
    }

    /**
     * Draws now (instead of on the next animation frame) and returns the time it took, ms. With `flush`, also waits
     * for the canvas to be rasterised (a 1-pixel read-back), which is what a frame really costs; the benchmark uses it.
     */
    renderNow(flush = false): number {
        this.frameRequested = false;
        const began = performance.now();
        if (this.trace && this.index && this.width > 0 && this.height > 0) {
            const frame = paint({
                ctx: this.ctx, width: this.width, height: this.height, dpr: this.dpr, gutter: this.gutter,
                theme: this.theme, trace: this.trace, index: this.index, layout: this.layout, viewport: this.viewport,
                scrollY: this.scrollY, selectedItem: this.selectedItem, hoveredInterval: this.hoveredInterval,
                dragSelection: this.dragSelection, bounds: this.bounds, maxBound: this.maxBound,
            });
            Object.assign(this.stats, frame);
            if (flush) this.ctx.getImageData(0, 0, 1, 1);
            this.stats.frames++;
            const { t0, t1 } = this.viewport.range;
            this.rangeEl.textContent = `${formatTime(Math.max(0, t0))} – ${formatTime(Math.min(this.trace.duration, t1))} · ${formatTime(t1 - t0)} visible`;
        }
        const ms = performance.now() - began;
        this.stats.lastFrameMs = ms;
        this.frameHistory.push(ms);
        if (this.frameHistory.length > 1000) this.frameHistory.shift();
        if (this.trace && this.stats.firstPaintAt === null && this.stats.frames > 0) {
            this.stats.firstPaintAt = performance.now();
            this.root.dataset.firstPaint = String(this.stats.firstPaintAt);
        }
        return ms;
    }

    requestRender(): void {
        if (this.frameRequested) return;
        this.frameRequested = true;
        requestAnimationFrame(() => { if (this.frameRequested) this.renderNow(); });
    }

    /** Lane geometry in client (page) coordinates. */
    lanes(): Array<{ index: number; name: string; kind: string; top: number; height: number; rows: number; intervals: number; markers: number; messages: number }> {
        if (!this.trace || !this.index) return [];
        const rect = this.canvas.getBoundingClientRect();
        return this.trace.lanes.map((lane, i) => ({
            index: i,
            name: lane.name,
            kind: lane.kind,
            top: rect.top + AXIS_HEIGHT + this.layout.top[i] - this.scrollY,
            height: this.layout.height[i],
            rows: this.index!.lanes[i].rows,
            intervals: this.index!.lanes[i].ids.length,
            markers: this.index!.lanes[i].markerIds.length,
            messages: this.index!.lanes[i].messages?.job.length ?? 0,
        }));
    }

    /** The plot area (canvas minus the lane-name gutter and the axis) in client coordinates. */
    plotGeometry(): { left: number; top: number; width: number; height: number } {
        const rect = this.canvas.getBoundingClientRect();
        return { left: rect.left + this.gutter, top: rect.top + AXIS_HEIGHT, width: this.viewport.width, height: this.height - AXIS_HEIGHT };
    }

    /** Client x of an instant (ns). */
    clientXAt(t: number): number {
        return this.canvas.getBoundingClientRect().left + this.gutter + this.viewport.xAt(t);
    }

    /** Number of intervals of a lane intersecting the visible window. */
    visibleIntervalCount(lane: number): number {
        if (!this.index) return 0;
        const data = this.index.lanes[lane];
        const { t0, t1 } = this.viewport.range;
        const [a, b] = visibleIntervalRange(data, t0, t1);
        let count = 0;
        for (let i = a; i < b; i++) if (data.end[i] > t0) count++;
        return count;
    }

    /** Where an interval is drawn, in client coordinates, or null when it is off screen. */
    screenRectOf(id: number): { x: number; y: number; width: number; height: number } | null {
        if (!this.trace || !this.index || id < 0 || id >= this.index.intervalCount) return null;
        const laneNo = this.trace.intervals.lane[id];
        const lane = this.index.lanes[laneNo];
        const pos = this.index.position[id];
        const { t0 } = this.viewport.range;
        const k = this.viewport.scale;
        const [p0, p1] = barPixels((lane.start[pos] - t0) * k, (lane.end[pos] - t0) * k);
        const x0 = Math.max(p0, 0);
        const x1 = Math.min(p1, this.viewport.width);
        const y = AXIS_HEIGHT + this.layout.top[laneNo] - this.scrollY + rowOffset(lane.row[pos]);
        if (x1 <= x0 || y + ROW_HEIGHT <= AXIS_HEIGHT || y >= this.height) return null;
        const rect = this.canvas.getBoundingClientRect();
        return { x: rect.left + this.gutter + x0, y: rect.top + y, width: x1 - x0, height: ROW_HEIGHT };
    }

    /** What is under a client-coordinate point. */
    hitTest(clientX: number, clientY: number): HitResult {
        const rect = this.canvas.getBoundingClientRect();
        return this.hitTestLocal(clientX - rect.left, clientY - rect.top);
    }

    intervalInfo(id: number): IntervalInfo | null {
        const trace = this.trace;
        if (!trace || id < 0 || id >= trace.intervals.start.length) return null;
        const iv = trace.intervals;
        const item = iv.item[id];
        return {
            id, lane: iv.lane[id], laneName: trace.lanes[iv.lane[id]].name, item,
            itemName: item >= 0 ? trace.items[item].name : null, job: iv.job[id],
            start: iv.start[id], end: iv.end[id], duration: iv.end[id] - iv.start[id], kind: INTERVAL_KINDS[iv.kind[id]],
        };
    }

    tooltipText(): string | null {
        return this.tooltipEl.hidden ? null : this.tooltipEl.innerText;
    }

    // ---- internals ----

    private hitTestLocal(x: number, y: number): HitResult {
        const none: HitResult = { area: 'none', lane: -1, laneName: null, row: -1, primary: null, intervals: [], more: 0, marker: null, message: null };
        if (!this.trace || !this.index || x < 0 || y < 0 || x > this.width || y > this.height) return none;
        if (y < AXIS_HEIGHT) return { ...none, area: 'axis' };
        const contentY = y - AXIS_HEIGHT + this.scrollY;
        const laneNo = laneAtY(this.layout, contentY);
        if (laneNo < 0) return none;
        const laneName = this.trace.lanes[laneNo].name;
        if (x < this.gutter) return { ...none, area: 'gutter', lane: laneNo, laneName };
        const px = x - this.gutter;
        const lane = this.index.lanes[laneNo];
        const offset = contentY - this.layout.top[laneNo];
        const row = rowAtOffset(offset, lane.rows);
        const marker = this.markerAt(laneNo, px, offset);
        const result: HitResult = { area: 'plot', lane: laneNo, laneName, row, primary: null, intervals: [], more: 0, marker, message: null };
        if (row < 0) return result;
        result.message = this.messageAt(laneNo, row, px);

        const { t0 } = this.viewport.range;
        const k = this.viewport.scale;
        const from = this.viewport.timeAt(px - 2);
        const to = this.viewport.timeAt(px + 2);
        const [a, b] = visibleIntervalRange(lane, from, to);
        const pointer = this.viewport.timeAt(px);
        let found = 0;
        let best = -1;
        let bestScore = -Infinity;
        for (let i = a, scanned = 0; i < b && scanned < MAX_HIT_SCAN; i++, scanned++) {
            if (lane.row[i] !== row || lane.end[i] <= from) continue;
            const [p0, p1] = barPixels((lane.start[i] - t0) * k, (lane.end[i] - t0) * k);
            if (px < p0 || px >= p1) continue;
            found++;
            if (result.intervals.length < MAX_LISTED_HITS) result.intervals.push(this.intervalInfo(lane.ids[i])!);
            // Prefer the interval containing the exact instant, then the longest.
            const covers = lane.start[i] <= pointer && pointer < lane.end[i] ? 1e18 : 0;
            const score = covers + (lane.end[i] - lane.start[i]);
            if (score > bestScore) {
                bestScore = score;
                best = lane.ids[i];
            }
        }
        result.more = found - result.intervals.length;
        result.primary = best >= 0 ? this.intervalInfo(best) : null;
        return result;
    }

    private messageAt(laneNo: number, row: number, px: number): MessageInfo | null {
        const messages = this.index!.lanes[laneNo].messages;
        if (!messages) return null;
        const { t0 } = this.viewport.range;
        const k = this.viewport.scale;
        const pointer = this.viewport.timeAt(px);
        const b = firstIndexAtLeast(messages.start, pointer + 2 / k);
        for (let i = b - 1; i >= 0 && messages.maxEnd[i] >= pointer - 2 / k; i--) {
            if (messages.row[i] !== row) continue;
            const [p0, p1] = barPixels((messages.start[i] - t0) * k, (messages.end[i] - t0) * k);
            if (px < p0 || px >= p1) continue;
            const item = messages.item;
            const bound = item >= 0 ? this.bounds[item] : NaN;
            return {
                lane: laneNo, item, itemName: item >= 0 ? this.trace!.items[item].name : null, job: messages.job[i],
                release: messages.start[i], completion: messages.completed[i] ? messages.end[i] : null, bound: bound >= 0 ? bound : null,
            };
        }
        return null;
    }

    private markerAt(laneNo: number, px: number, offset: number): MarkerInfo | null {
        const trace = this.trace!;
        const lane = this.index!.lanes[laneNo];
        if (lane.markerTime.length === 0) return null;
        // Markers sit in the top band (release, deadline, miss) or the bottom edge (completion, IPI); be lenient vertically.
        if (offset > this.layout.height[laneNo] || offset < 0) return null;
        const tolerance = 4 / this.viewport.scale;
        const pointer = this.viewport.timeAt(px);
        const a = firstIndexAtLeast(lane.markerTime, pointer - tolerance);
        const priority = ['miss', 'deadline', 'release', 'ipi', 'completion'];
        let best = -1;
        let bestRank = Infinity;
        for (let i = a; i < lane.markerTime.length && lane.markerTime[i] <= pointer + tolerance && i < a + 200; i++) {
            const id = lane.markerIds[i];
            const kind = MARKER_KINDS[trace.markers.kind[id]];
            const inBand = kind === 'completion' || kind === 'ipi' ? offset >= this.layout.height[laneNo] - LANE_BOTTOM - 1 : offset <= MARKER_BAND + 1;
            if (!inBand && kind !== 'miss') continue;
            const rank = priority.indexOf(kind) * 1e15 + Math.abs(lane.markerTime[i] - pointer);
            if (rank < bestRank) {
                bestRank = rank;
                best = id;
            }
        }
        if (best < 0) return null;
        const m = trace.markers;
        const item = m.item[best];
        return {
            id: best, lane: laneNo, laneName: trace.lanes[laneNo].name, item, itemName: item >= 0 ? trace.items[item].name : null,
            job: m.job[best], time: m.time[best], kind: MARKER_KINDS[m.kind[best]],
        };
    }

    private revealRow(row: SummaryRow): void {
        this.selectItemByName(row.item);
        if (row.source) this.host.post({ type: 'reveal', source: row.source, item: row.item });
    }

    private click(x: number, y: number): void {
        const hit = this.hitTestLocal(x, y);
        const trace = this.trace;
        if (!trace) return;
        let item = -1;
        if (hit.primary) item = hit.primary.item;
        else if (hit.marker) item = hit.marker.item;
        let source: SourceRange | undefined;
        if (item >= 0) source = trace.items[item].source;
        if (!source && hit.lane >= 0 && (hit.primary || hit.marker || hit.area === 'gutter')) source = trace.lanes[hit.lane].source;
        this.selectedItem = item;
        this.renderLegend();
        this.requestRender();
        if (source) {
            this.host.post({
                type: 'reveal', source,
                ...(item >= 0 ? { item: trace.items[item].name } : {}),
                ...(hit.lane >= 0 ? { lane: trace.lanes[hit.lane].name } : {}),
            });
        }
    }

    private hover(x: number, y: number): void {
        const hit = this.hitTestLocal(x, y);
        const id = hit.primary ? hit.primary.id : -1;
        if (id !== this.hoveredInterval) {
            this.hoveredInterval = id;
            this.requestRender();
        }
        if (hit.marker && (!hit.primary || hit.marker.kind === 'miss')) {
            const m = hit.marker;
            renderTooltip(this.tooltipEl, `${m.kind}${m.itemName !== null ? ` · ${m.itemName}` : ''}`, [
                ['job', m.job >= 0 ? `#${m.job}` : '-'],
                ['time', formatTimeExact(m.time)],
                ['lane', m.laneName],
            ]);
        } else if (hit.primary) {
            const p = hit.primary;
            const lines: Array<[string, string]> = [
                ['job', p.job >= 0 ? `#${p.job}` : '-'],
                ['kind', p.kind],
                ['start', formatTimeExact(p.start)],
                ['end', formatTimeExact(p.end)],
                ['duration', formatTimeExact(p.duration)],
                ['lane', p.laneName],
            ];
            if (hit.intervals.length + hit.more > 1) lines.push(['merged', `${hit.intervals.length + hit.more} intervals in this pixel; zoom in`]);
            if (p.kind === 'throttled') lines[1] = ['kind', this.trace!.lanes[p.lane].kind === 'dma' ? 'DMA stall (broker budget)' : 'throttled (MemGuard)'];
            renderTooltip(this.tooltipEl, p.itemName ?? p.kind, lines);
        } else if (hit.message) {
            const msg = hit.message;
            const latency = msg.completion !== null ? msg.completion - msg.release : null;
            const lines: Array<[string, string]> = [
                ['released', formatTimeExact(msg.release)],
                ['completed', msg.completion !== null ? formatTimeExact(msg.completion) : 'not within the run'],
            ];
            if (latency !== null) lines.push(['latency', formatTimeExact(latency)]);
            if (msg.bound !== null) lines.push(['bound', `${formatTime(msg.bound)}${latency !== null ? ` (${formatPercent(latency, msg.bound)} of it)` : ''}`]);
            renderTooltip(this.tooltipEl, `${msg.itemName ?? 'flow'} · message #${msg.job}`, lines);
        } else if (hit.area === 'gutter' && hit.laneName !== null) {
            renderTooltip(this.tooltipEl, hit.laneName, [['lane', this.trace!.lanes[hit.lane].kind]]);
        } else {
            this.tooltipEl.hidden = true;
            this.canvas.style.cursor = '';
            return;
        }
        this.canvas.style.cursor = 'pointer';
        this.tooltipEl.hidden = false;
        const tipWidth = this.tooltipEl.offsetWidth;
        const tipHeight = this.tooltipEl.offsetHeight;
        const left = x + 14 + tipWidth > this.width ? Math.max(0, x - 14 - tipWidth) : x + 14;
        const top = y + 16 + tipHeight > this.height ? Math.max(0, y - 8 - tipHeight) : y + 16;
        this.tooltipEl.style.transform = `translate(${left}px, ${top}px)`;
    }

    private attachEvents(): void {
        new ResizeObserver(() => this.resize()).observe(this.viewEl);
        const local = (e: MouseEvent): [number, number] => {
            const rect = this.canvas.getBoundingClientRect();
            return [e.clientX - rect.left, e.clientY - rect.top];
        };

        this.canvas.addEventListener('wheel', (e) => {
            e.preventDefault();
            const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.height : 1;
            const dx = e.deltaX * unit;
            const dy = e.deltaY * unit;
            const [x] = local(e);
            if (e.shiftKey) this.scrollBy(dy || dx);
            else if (Math.abs(dx) > Math.abs(dy)) this.panBy(dx);
            else this.zoomBy(Math.exp(dy * 0.0015), x - this.gutter);
        }, { passive: false });

        this.canvas.addEventListener('mousedown', (e) => {
            if (e.button !== 0) return;
            e.preventDefault();
            this.viewEl.focus({ preventScroll: true });
            const [startX, startY] = local(e);
            const selecting = e.ctrlKey || e.metaKey || e.shiftKey;
            let lastX = e.clientX;
            let lastY = e.clientY;
            let moved = false;
            this.tooltipEl.hidden = true;
            const move = (ev: MouseEvent): void => {
                if (Math.abs(ev.clientX - e.clientX) + Math.abs(ev.clientY - e.clientY) > 3) moved = true;
                if (!moved) return;
                if (selecting) {
                    const [x] = local(ev);
                    this.dragSelection = [startX - this.gutter, x - this.gutter];
                    this.requestRender();
                } else {
                    this.viewport.panBy(lastX - ev.clientX);
                    this.scrollY += lastY - ev.clientY;
                    this.clampScroll();
                    this.viewChanged();
                }
                lastX = ev.clientX;
                lastY = ev.clientY;
            };
            const up = (): void => {
                window.removeEventListener('mousemove', move);
                window.removeEventListener('mouseup', up);
                if (selecting && moved && this.dragSelection) {
                    const [a, b] = this.dragSelection;
                    this.dragSelection = null;
                    if (Math.abs(b - a) >= 3) this.zoomTo(this.viewport.timeAt(Math.min(a, b)), this.viewport.timeAt(Math.max(a, b)));
                    else this.requestRender();
                } else if (!moved) {
                    this.click(startX, startY);
                }
            };
            window.addEventListener('mousemove', move);
            window.addEventListener('mouseup', up);
        });

        this.canvas.addEventListener('mousemove', (e) => {
            if (e.buttons !== 0) return;
            const [x, y] = local(e);
            this.hover(x, y);
        });
        this.canvas.addEventListener('mouseleave', () => {
            this.tooltipEl.hidden = true;
            if (this.hoveredInterval >= 0) {
                this.hoveredInterval = -1;
                this.requestRender();
            }
        });

        window.addEventListener('keydown', (e) => this.key(e));

        // VS Code swaps theme by changing classes and CSS variables on <html>/<body>; repaint with the new colours.
        const onTheme = (): void => {
            this.theme = readTheme(this.root);
            this.renderLegend();
            this.requestRender();
        };
        const observer = new MutationObserver(onTheme);
        observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
        if (document.body) observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
        window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', onTheme);
    }

    private key(e: KeyboardEvent): void {
        const target = e.target as HTMLElement | null;
        if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
        if (e.altKey || e.ctrlKey || e.metaKey || !this.trace) return;
        const page = this.viewport.width;
        switch (e.key) {
            case '+': case '=': this.zoomBy(ZOOM_STEP); break;
            case '-': case '_': this.zoomBy(1 / ZOOM_STEP); break;
            case 'ArrowLeft': this.panBy(-page * (e.shiftKey ? 0.5 : 0.1)); break;
            case 'ArrowRight': this.panBy(page * (e.shiftKey ? 0.5 : 0.1)); break;
            case 'ArrowUp': this.scrollBy(-ROW_HEIGHT * 2); break;
            case 'ArrowDown': this.scrollBy(ROW_HEIGHT * 2); break;
            case 'PageUp': this.scrollBy(-(this.height - AXIS_HEIGHT)); break;
            case 'PageDown': this.scrollBy(this.height - AXIS_HEIGHT); break;
            case '0': case 'Home': this.fit(); break;
            case 'Escape': this.selectItemByName(null); this.tooltipEl.hidden = true; break;
            case 'Enter': {
                const item = this.selectedItem >= 0 ? this.trace.items[this.selectedItem] : undefined;
                if (item?.source) this.host.post({ type: 'reveal', source: item.source, item: item.name });
                break;
            }
            default: return;
        }
        e.preventDefault();
    }

    private resize(): void {
        const width = this.viewEl.clientWidth;
        const height = this.viewEl.clientHeight;
        this.dpr = window.devicePixelRatio || 1;
        this.width = width;
        this.height = height;
        this.canvas.width = Math.max(1, Math.round(width * this.dpr));
        this.canvas.height = Math.max(1, Math.round(height * this.dpr));
        this.canvas.style.width = `${width}px`;
        this.canvas.style.height = `${height}px`;
        this.viewport.setWidth(Math.max(1, width - this.gutter));
        this.clampScroll();
        this.renderNow();
    }

    private clampScroll(): void {
        const max = Math.max(0, this.layout.contentHeight - (this.height - AXIS_HEIGHT));
        this.scrollY = Math.min(Math.max(0, this.scrollY), max);
    }

    private viewChanged(): void {
        this.requestRender();
        clearTimeout(this.saveTimer);
        this.saveTimer = setTimeout(() => {
            const { t0, t1 } = this.viewport.range;
            const saved: SavedView = { t0, t1, scrollY: this.scrollY };
            this.host.setState(saved);
        }, 250);
    }

    private measureGutter(trace: TraceView): number {
        this.ctx.font = this.theme.font;
        let widest = 0;
        for (const lane of trace.lanes) widest = Math.max(widest, this.ctx.measureText(lane.name).width);
        return Math.round(Math.min(220, Math.max(72, widest + 18)));
    }

    private renderLegend(): void {
        if (!this.trace || !this.index) return;
        renderLegend(this.legendEl, this.trace, this.index.itemUsed, this.theme, this.selectedItem, {
            onItem: (item) => {
                this.selectedItem = this.selectedItem === item ? -1 : item;
                this.renderLegend();
                this.requestRender();
            },
        }, this.maxBound > 0);
    }

    /** Shows a problem instead of the timeline (bad payload, unreadable embedded data). */
    showError(message: string): void {
        this.errorEl.classList.remove('tl-info');
        this.errorEl.textContent = message;
        this.errorEl.hidden = false;
    }

    private showEmpty(message: string): void {
        this.errorEl.textContent = message;
        this.errorEl.hidden = false;
        this.errorEl.classList.add('tl-info');
    }
}
