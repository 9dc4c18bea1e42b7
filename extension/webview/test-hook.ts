/**
 * `window.__rtcellTimeline`: read access to the renderer's own model (lanes, hit-testing, visible range) so browser
 * tests and the benchmark assert on what the renderer computed instead of on screenshots. Harmless in production:
 * it exposes nothing the page does not already show.
 */
import type { TimelineHost } from './host.js';
import type { Timeline } from './timeline.js';

export interface TimelineTestHook {
    ready: true;
    hostKind: 'vscode' | 'standalone';
    lanes: Timeline['lanes'];
    hitTest: Timeline['hitTest'];
    barsAt(clientX: number, clientY: number): ReturnType<Timeline['hitTest']>['intervals'];
    screenRectOf: Timeline['screenRectOf'];
    intervalInfo: Timeline['intervalInfo'];
    visibleRange(): { t0: number; t1: number };
    plotGeometry: Timeline['plotGeometry'];
    clientXAt: Timeline['clientXAt'];
    visibleIntervalCount: Timeline['visibleIntervalCount'];
    zoomTo(t0: number, t1: number): void;
    fit(): void;
    panBy(dx: number): void;
    zoomBy(factor: number): void;
    renderNow(flush?: boolean): number;
    stats: () => Timeline['frameStats'];
    recentFrameTimes: Timeline['recentFrameTimes'];
    messages(): unknown[];
    selectedItem(): string | null;
    tooltipText(): string | null;
}

declare global {
    interface Window {
        __rtcellTimeline?: TimelineTestHook;
    }
}

export function installTestHook(timeline: Timeline, host: TimelineHost): void {
    window.__rtcellTimeline = {
        ready: true,
        hostKind: host.kind,
        lanes: () => timeline.lanes(),
        hitTest: (x, y) => timeline.hitTest(x, y),
        barsAt: (x, y) => timeline.hitTest(x, y).intervals,
        screenRectOf: (id) => timeline.screenRectOf(id),
        intervalInfo: (id) => timeline.intervalInfo(id),
        visibleRange: () => timeline.viewport.range,
        plotGeometry: () => timeline.plotGeometry(),
        clientXAt: (t) => timeline.clientXAt(t),
        visibleIntervalCount: (lane) => timeline.visibleIntervalCount(lane),
        zoomTo: (t0, t1) => { timeline.zoomTo(t0, t1); timeline.renderNow(); },
        fit: () => { timeline.fit(); timeline.renderNow(); },
        panBy: (dx) => { timeline.panBy(dx); timeline.renderNow(); },
        zoomBy: (f) => { timeline.zoomBy(f); timeline.renderNow(); },
        renderNow: (flush) => timeline.renderNow(flush),
        stats: () => timeline.frameStats,
        recentFrameTimes: (clear) => timeline.recentFrameTimes(clear),
        messages: () => host.posted.map((m) => JSON.parse(JSON.stringify(m)) as unknown),
        selectedItem: () => timeline.selectedItemName,
        tooltipText: () => timeline.tooltipText(),
    };
}
