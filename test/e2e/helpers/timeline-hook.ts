/**
 * The part of the timeline's test hook (`window.__rtcellTimeline`, extension/webview/test-hook.ts) this test reads.
 * Declared here, not imported: the webview sources compile with the browser's libraries under their own tsconfig.
 */
export interface TimelineLane {
    index: number;
    name: string;
    kind: string;
    intervals: number;
    markers: number;
}

export interface TimelineInterval {
    id: number;
    laneName: string;
    itemName: string | null;
    start: number;
    end: number;
    kind: string;
}

export interface TimelineHook {
    ready: true;
    lanes(): TimelineLane[];
    fit(): void;
    visibleIntervalCount(lane: number): number;
    screenRectOf(id: number): { x: number; y: number; width: number; height: number } | null;
    barsAt(clientX: number, clientY: number): TimelineInterval[];
    intervalInfo(id: number): TimelineInterval | null;
    stats(): { intervalCount: number };
}

/** `window` as seen inside `frame.evaluate` (which serialises the callback: no imports there, only types). */
export type HookedWindow = { __rtcellTimeline: TimelineHook };
