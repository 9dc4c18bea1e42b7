/**
 * The DOM around the canvas: legend, summary table and tooltip contents. All built with DOM text APIs.
 */
import { INTERVAL_KINDS, MARKER_KINDS } from '../../simulator/model/trace.js';
import { formatBound, formatDuration as formatTime } from '../../simulator/model/format.js';
import type { SummaryRow, TraceView } from '../../simulator/report/protocol.js';
import { clear, el } from './dom.js';
import { colorSlotFor, itemSlot, SLOT_DMA_STALL, SLOT_FLOW_UNNAMED, type ThemeColors } from './palette.js';

export interface LegendCallbacks {
    onItem(item: number): void;
}

/** Legend: one swatch per kind of platform work present, per marker kind present, and per task/flow present. */
export function renderLegend(
    container: HTMLElement, trace: TraceView, itemUsed: readonly boolean[], theme: ThemeColors,
    selectedItem: number, callbacks: LegendCallbacks, hasBounds = false,
): void {
    clear(container);
    const kindsPresent = new Set<number>();
    const kinds = trace.intervals.kind;
    for (let i = 0; i < kinds.length && kindsPresent.size < INTERVAL_KINDS.length; i++) kindsPresent.add(kinds[i]);
    const markersPresent = new Set<number>(Array.from(trace.markers.kind));

    // Throttling on a DMA lane is the broker's DMA stalled by its budget, not MemGuard: its own colour and entry.
    const throttled = INTERVAL_KINDS.indexOf('throttled');
    let memguard = false;
    let dmaStall = false;
    if (kindsPresent.has(throttled)) {
        for (let i = 0; i < kinds.length && !(memguard && dmaStall); i++) {
            if (kinds[i] !== throttled) continue;
            if (trace.lanes[trace.intervals.lane[i]].kind === 'dma') dmaStall = true;
            else memguard = true;
        }
    }
    const fixed: Array<[string, string]> = [];
    for (const kindName of ['broker', 'hypervisor', 'throttled', 'idle'] as const) {
        const kind = INTERVAL_KINDS.indexOf(kindName);
        if (kindName === 'throttled') {
            if (memguard) fixed.push(['throttled (MemGuard)', theme.slots[colorSlotFor(kind, -1)]]);
            if (dmaStall) fixed.push(['DMA stall (broker budget)', theme.slots[SLOT_DMA_STALL]]);
        } else if (kindsPresent.has(kind)) {
            fixed.push([kindName, theme.slots[colorSlotFor(kind, -1)]]);
        }
    }
    for (const [label, color] of fixed) container.append(swatch(label, color, 'bar'));
    if (trace.lanes.some((l) => l.kind === 'flow') && markersPresent.has(MARKER_KINDS.indexOf('release'))) {
        container.append(swatch('message (release → completion)', theme.slots[SLOT_FLOW_UNNAMED], 'message'));
    }
    if (hasBounds) container.append(swatch('analysed bound', theme.bound, 'bound'));

    const markerColors: Record<string, string> = theme.markers;
    for (const kind of MARKER_KINDS) {
        if (markersPresent.has(MARKER_KINDS.indexOf(kind))) container.append(swatch(kind, markerColors[kind], `marker-${kind}`));
    }

    trace.items.forEach((item, index) => {
        if (!itemUsed[index] || item.kind === 'broker' || item.kind === 'hypervisor') return;
        const entry = swatch(`${item.kind} ${item.name}`, theme.slots[itemSlot(index)], 'bar', 'button');
        entry.classList.add('tl-legend-item');
        entry.setAttribute('aria-pressed', String(index === selectedItem));
        entry.title = `Highlight ${item.kind} ${item.name}`;
        entry.addEventListener('click', () => callbacks.onItem(index));
        container.append(entry);
    });
}

function swatch(label: string, color: string, shape: string, tag: 'span' | 'button' = 'span'): HTMLElement {
    const entry = el(tag, 'tl-legend-entry');
    const mark = el('span', `tl-swatch tl-swatch-${shape}`);
    // CSSOM assignment (not a style attribute), which the strict CSP allows.
    mark.style.setProperty('--swatch', color);
    entry.append(mark, el('span', 'tl-legend-label', label));
    return entry;
}

export interface SummaryCallbacks {
    onRow(row: SummaryRow): void;
    /** "Go to worst job": zoom to the job of the row's worst observed latency. */
    onWorstJob(row: SummaryRow): void;
}

const verdictWords: Record<SummaryRow['verdict'], string> = { ok: 'on time', late: 'LATE', unknown: '-' };
const analysisWords: Record<NonNullable<SummaryRow['analysis']>, string> = { schedulable: 'schedulable', unschedulable: 'can miss', inconclusive: 'inconclusive' };

/**
 * The summary: per item, what the analysis says (bound, its verdict) beside what this run observed (worst latency,
 * misses, a button to its worst job), then the overall verdict.
 */
export function renderSummary(container: HTMLDetailsElement, rows: readonly SummaryRow[] | undefined, callbacks: SummaryCallbacks): void {
    clear(container);
    if (!rows || rows.length === 0) {
        container.hidden = true;
        return;
    }
    container.hidden = false;
    const late = rows.filter((r) => r.verdict === 'late').length;
    container.append(el('summary', 'tl-summary-title',
        `Analysis and simulation: ${rows.length} item${rows.length === 1 ? '' : 's'}, ${late === 0 ? 'all on time' : `${late} late`}`));
    const table = el('table', 'tl-summary-table');
    const groups = el('tr', 'tl-summary-groups');
    groups.append(el('th', undefined, ''), el('th', undefined, ''), el('th', undefined, ''));
    const analysisHead = el('th', 'tl-group', 'Analysis');
    analysisHead.colSpan = 2;
    const observedHead = el('th', 'tl-group', 'Simulation (observed)');
    observedHead.colSpan = 3;
    groups.append(analysisHead, observedHead, el('th', undefined, ''));
    const head = el('tr');
    for (const title of ['Item', 'Kind', 'Deadline', 'Bound', 'Verdict', 'Worst', 'Misses', '', 'Overall']) head.append(el('th', undefined, title));
    table.append(el('thead'));
    table.tHead!.append(groups, head);
    const body = el('tbody');
    for (const row of rows) {
        const tr = el('tr', `tl-verdict-${row.verdict}`);
        const worst = el('td', 'tl-worst');
        if (row.worstJob !== undefined) {
            const button = el('button', 'tl-worst-job', `job #${row.worstJob} →`);
            button.title = `Go to the job of ${row.item} that came closest to its bound`;
            button.addEventListener('click', (e) => {
                e.stopPropagation();
                callbacks.onWorstJob(row);
            });
            worst.append(button);
        }
        tr.append(
            el('td', 'tl-item', row.item),
            el('td', undefined, row.kind ?? ''),
            el('td', 'tl-num', row.deadline == null ? '' : formatTime(row.deadline)),
            el('td', 'tl-num', row.bound === undefined ? '' : formatBound(row.bound)),
            el('td', 'tl-analysis', row.analysis ? analysisWords[row.analysis] : '-'),
            el('td', 'tl-num', row.observedMax == null ? '' : formatTime(row.observedMax)),
            el('td', 'tl-num', row.misses === undefined ? '' : String(row.misses)),
            worst,
            el('td', 'tl-verdict', row.verdictText ?? verdictWords[row.verdict] ?? String(row.verdict)),
        );
        tr.tabIndex = 0;
        tr.addEventListener('click', () => callbacks.onRow(row));
        tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') callbacks.onRow(row); });
        body.append(tr);
    }
    table.append(body);
    container.append(table);
}

/** Tooltip lines, each [label, value]; the first line is the heading. */
export function renderTooltip(tooltip: HTMLElement, heading: string, lines: ReadonlyArray<[string, string]>): void {
    clear(tooltip);
    tooltip.append(el('div', 'tl-tooltip-heading', heading));
    for (const [label, value] of lines) {
        const line = el('div', 'tl-tooltip-line');
        line.append(el('span', 'tl-tooltip-label', label), el('span', 'tl-tooltip-value', value));
        tooltip.append(line);
    }
}
