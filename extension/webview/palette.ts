/**
 * Colour slots. Every interval gets a slot when the index is built; the theme turns slots into CSS colours at draw
 * time, so a theme change repaints without re-indexing. Work that belongs to a task or flow is coloured by its item
 * (DMA chunks "coloured by flow"); platform work (broker, hypervisor, throttling, idle) has a fixed colour per kind.
 */
import { INTERVAL_KINDS, MARKER_KINDS, type IntervalKind } from '../../simulator/model/trace.js';

export const SLOT_BROKER = 0;
export const SLOT_HYPERVISOR = 1;
export const SLOT_THROTTLED = 2;
export const SLOT_IDLE = 3;
export const SLOT_TASK_UNNAMED = 4;
export const SLOT_FLOW_UNNAMED = 5;
export const SLOT_IRQ_UNNAMED = 6;
/** The broker's DMA stalled by its budget: not MemGuard throttling a core, so not the same red. */
export const SLOT_DMA_STALL = 7;
export const FIXED_SLOTS = 8;

/** Item colours: distinct hues that stay readable on dark and light editor backgrounds. */
export const ITEM_COLORS: readonly string[] = [
    '#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948',
    '#9c755f', '#ff9da7', '#6b9ac4', '#a0cbe8', '#8cd17d', '#d4a6c8',
];

export const SLOT_COUNT = FIXED_SLOTS + ITEM_COLORS.length;

const KIND_INDEX = new Map<IntervalKind, number>(INTERVAL_KINDS.map((k, i) => [k, i]));
const K_TASK = KIND_INDEX.get('task')!;
const K_BROKER = KIND_INDEX.get('broker')!;
const K_HYPERVISOR = KIND_INDEX.get('hypervisor')!;
const K_THROTTLED = KIND_INDEX.get('throttled')!;
const K_IDLE = KIND_INDEX.get('idle')!;
const K_IRQ = KIND_INDEX.get('irq')!;

export function itemSlot(item: number): number {
    return FIXED_SLOTS + (item % ITEM_COLORS.length);
}

/**
 * colorSlotFor for every (kind, item) pair of a trace with `itemCount` items, at [kind * (itemCount + 1) + item + 1]
 * (item -1 included): indexing a trace is then a table lookup per interval instead of a branchy call.
 */
export function colorSlotTable(itemCount: number): Uint16Array {
    const stride = itemCount + 1;
    const table = new Uint16Array(INTERVAL_KINDS.length * stride);
    for (let kind = 0; kind < INTERVAL_KINDS.length; kind++) {
        for (let item = -1; item < itemCount; item++) table[kind * stride + item + 1] = colorSlotFor(kind, item);
    }
    return table;
}

/** Index of `throttled` among the interval kinds (a DMA lane's throttled intervals are DMA stalls). */
export const THROTTLED_KIND = K_THROTTLED;

export function colorSlotFor(kind: number, item: number): number {
    switch (kind) {
        case K_BROKER: return SLOT_BROKER;
        case K_HYPERVISOR: return SLOT_HYPERVISOR;
        case K_THROTTLED: return SLOT_THROTTLED;
        case K_IDLE: return SLOT_IDLE;
        default:
            if (item >= 0) return itemSlot(item);
            if (kind === K_TASK) return SLOT_TASK_UNNAMED;
            if (kind === K_IRQ) return SLOT_IRQ_UNNAMED;
            return SLOT_FLOW_UNNAMED;
    }
}

/** Packs a CSS colour as the little-endian RGBA Uint32 an ImageData buffer holds (resolved by drawing it once). */
let colorProbe: CanvasRenderingContext2D | undefined;

export function packColor(css: string): number {
    if (!colorProbe) {
        const probe = document.createElement('canvas');
        probe.width = probe.height = 1;
        colorProbe = probe.getContext('2d', { willReadFrequently: true })!;
    }
    const ctx = colorProbe;
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/** The colours the canvas needs, resolved from CSS custom properties (VS Code theme variables with fallbacks). */
export interface ThemeColors {
    background: string;
    foreground: string;
    muted: string;
    grid: string;
    laneAlt: string;
    selection: string;
    /** Dashed tick at release + analysed bound. */
    bound: string;
    slots: string[];
    /** `slots` packed for the pixel layer. */
    packedSlots: Uint32Array;
    markers: { release: string; completion: string; deadline: string; miss: string; ipi: string };
    /** Marker colours packed for the pixel layer, indexed like MARKER_KINDS. */
    packedMarkers: Uint32Array;
    font: string;
}

/** Reads the --tl-* properties defined in timeline.css (which map onto --vscode-* variables). */
export function readTheme(element: Element): ThemeColors {
    const style = getComputedStyle(element);
    // Custom properties come back as written (e.g. `color-mix(...)`); a probe element resolves them to rgb() that any
    // canvas accepts.
    const probe = document.createElement('span');
    probe.hidden = true;
    element.append(probe);
    const v = (name: string, fallback: string): string => {
        const raw = style.getPropertyValue(name).trim() || fallback;
        if (name.startsWith('--tl-font')) return raw;
        probe.style.color = '';
        probe.style.color = raw;
        return probe.style.color ? getComputedStyle(probe).color : fallback;
    };
    const slots = new Array<string>(SLOT_COUNT);
    slots[SLOT_BROKER] = v('--tl-broker', '#8e6cc9');
    slots[SLOT_HYPERVISOR] = v('--tl-hypervisor', '#7f7f7f');
    slots[SLOT_THROTTLED] = v('--tl-throttled', '#c8553d');
    slots[SLOT_IDLE] = v('--tl-idle', 'rgba(128,128,128,0.18)');
    slots[SLOT_TASK_UNNAMED] = v('--tl-task', '#8a8f98');
    slots[SLOT_FLOW_UNNAMED] = v('--tl-flow', '#59a14f');
    slots[SLOT_IRQ_UNNAMED] = v('--tl-irq', '#e15759');
    slots[SLOT_DMA_STALL] = v('--tl-dma-stall', '#d4a017');
    ITEM_COLORS.forEach((c, i) => { slots[FIXED_SLOTS + i] = c; });
    const fontFamily = v('--tl-font-family', 'system-ui, sans-serif');
    const fontSize = v('--tl-font-size', '12px');
    const markerColors = {
        release: v('--tl-release', '#59a14f'),
        completion: v('--tl-completion', '#8b8b8b'),
        deadline: v('--tl-deadline', '#f28e2b'),
        miss: v('--tl-miss', '#e51400'),
        ipi: v('--tl-ipi', '#b07aa1'),
    };
    const colors = {
        background: v('--tl-bg', '#1e1e1e'),
        foreground: v('--tl-fg', '#cccccc'),
        muted: v('--tl-muted', '#8b8b8b'),
        grid: v('--tl-grid', 'rgba(128,128,128,0.25)'),
        laneAlt: v('--tl-lane-alt', 'rgba(128,128,128,0.06)'),
        selection: v('--tl-selection', '#ffcc00'),
        bound: v('--tl-bound', '#e51400'),
        slots,
        packedSlots: Uint32Array.from(slots, packColor),
        markers: markerColors,
        packedMarkers: Uint32Array.from(MARKER_KINDS, (kind) => packColor(markerColors[kind])),
        font: `${fontSize} ${fontFamily}`,
    };
    probe.remove();
    return colors;
}
