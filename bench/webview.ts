/**
 * Timeline figures in headless Chromium: time to first paint of the standalone report and draw time per frame while
 * panning, for synthetic traces of 10k, 100k, 200k and 1M intervals. Goal (issue 6): first paint < 300 ms and
 * < 16 ms per frame at 200k intervals.
 *
 * Frame times include rasterisation (the renderer reads one pixel back after drawing, which waits for the canvas to
 * be painted); headless Chromium here rasterises in software, so they are pessimistic for a GPU-backed VS Code.
 *
 * Run: npm run bench:webview (builds, then `node out/bench/webview.js [sizes...]`). Needs /usr/bin/chromium and the
 * timeline bundle in dist/webview. "first paint" is measured from navigation start to the end of the first frame
 * with the trace: it includes reading and parsing the HTML, reading the embedded payload, unpacking, validating and
 * indexing the trace, and drawing. Each size is loaded several times in a fresh page (RTCELL_BENCH_LOADS, default 5),
 * since a cold start varies from load to load: the median and the best are printed, and a second table breaks the
 * median load down into those steps. Frame times are then measured on the last page.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { INTERVAL_KINDS, MARKER_KINDS, type Trace } from '../simulator/model/trace.js';
import { renderHtmlReport } from '../simulator/report/report.js';
import { READ_PAYLOAD_MEASURE } from '../simulator/report/html-template.js';
import { CHROMIUM_PATH, launchChromium } from '../test/webview/browser.js';

/** Deterministic PRNG (mulberry32) so every run draws the same trace. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/**
 * A trace shaped like a simulation of the example system: 4 cores, 2 VCPUs, the broker, 2 DMA channels and 6 flows;
 * intervals back to back with gaps on each lane, 1 µs–2 ms long, some markers per lane.
 */
export function syntheticTrace(intervals: number, seed = 1): Trace {
    const random = prng(seed);
    const lanes: Trace['lanes'] = [
        ...[0, 1, 2, 3].map((c) => ({ kind: 'core' as const, name: `core ${c}` })),
        { kind: 'vcpu', name: 'control/v0' }, { kind: 'vcpu', name: 'control/v1' },
        { kind: 'broker', name: 'broker' },
        { kind: 'dma', name: 'gdma ch0' }, { kind: 'dma', name: 'gdma ch1' },
        ...[0, 1, 2, 3, 4, 5].map((f) => ({ kind: 'flow' as const, name: `flow f${f}` })),
    ];
    const items: Trace['items'] = [
        ...Array.from({ length: 12 }, (_, i) => ({ kind: 'task' as const, name: `task${i}` })),
        ...Array.from({ length: 6 }, (_, i) => ({ kind: 'flow' as const, name: `f${i}` })),
    ];
    const perLane = Math.ceil(intervals / lanes.length);
    const iv: Trace['intervals'] = { lane: [], start: [], end: [], kind: [], item: [], job: [] };
    const mk: Trace['markers'] = { lane: [], time: [], kind: [], item: [], job: [] };
    let duration = 0;
    for (let lane = 0; lane < lanes.length && iv.lane.length < intervals; lane++) {
        let t = 0;
        const kind = lanes[lane].kind;
        for (let i = 0; i < perLane && iv.lane.length < intervals; i++) {
            const length = Math.round(1_000 + random() * random() * 2_000_000);
            const gap = Math.round(random() * 200_000);
            const item = kind === 'flow' || kind === 'dma' || kind === 'broker' ? 12 + Math.floor(random() * 6) : Math.floor(random() * 12);
            const k = kind === 'dma' ? 'chunk' : kind === 'flow' ? 'transfer' : kind === 'broker' ? 'broker' : random() < 0.05 ? 'hypervisor' : 'task';
            iv.lane.push(lane); iv.start.push(t); iv.end.push(t + length); iv.kind.push(INTERVAL_KINDS.indexOf(k));
            iv.item.push(item); iv.job.push(i);
            if (i % 10 === 0) {
                mk.lane.push(lane); mk.time.push(t); mk.kind.push(MARKER_KINDS.indexOf('release')); mk.item.push(item); mk.job.push(i);
            }
            t += length + gap;
        }
        duration = Math.max(duration, t);
    }
    return { format: 'rtcell-trace', version: 1, duration, lanes, items, intervals: iv, markers: mk, truncated: false };
}

interface Figures {
    intervals: number;
    htmlMB: number;
    /** First paint of each page load, ms. */
    firstPaints: number[];
    /** The step-by-step breakdown of the load whose first paint is the median. */
    steps: FirstPaintSteps;
    fitFrame: Summary;
    panFit: Summary;
    panZoomed: Summary;
    dragZoomed: Summary;
}

interface Summary { p50: number; p95: number; max: number }

/** Where the time to first paint goes, ms, in order; `frame` is the rest (layout, the first frame, waiting for it). */
interface FirstPaintSteps { total: number; load: number; html: number; read: number; unpack: number; validate: number; index: number; frame: number }

type Hook = {
    stats(): { firstPaintAt: number | null; unpackMs: number; validateMs: number; indexMs: number; frames: number };
    fit(): void; zoomTo(t0: number, t1: number): void; panBy(dx: number): void; renderNow(flush?: boolean): number;
    recentFrameTimes(clear?: boolean): number[]; plotGeometry(): { left: number; top: number; width: number; height: number };
};

/** Page loads per size: the first paint is a cold start, so it varies from load to load; the median is quoted. */
const LOADS = Math.max(1, Math.floor(Number(process.env.RTCELL_BENCH_LOADS) || 5));

async function openReport(page: Page, file: string): Promise<FirstPaintSteps> {
    await page.goto(pathToFileURL(file).href, { timeout: 120_000 });
    await page.waitForFunction(() => (window as unknown as { __rtcellTimeline?: Hook }).__rtcellTimeline?.stats().firstPaintAt != null, undefined, { timeout: 120_000 });
    return page.evaluate((readMeasure) => {
        const stats = (window as unknown as { __rtcellTimeline: Hook }).__rtcellTimeline.stats();
        const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const read = performance.getEntriesByName(readMeasure, 'measure')[0]?.duration ?? 0;
        // The renderer starts on DOMContentLoaded, after the HTML (with the payload inside) has been parsed.
        const started = navigation.domContentLoadedEventStart;
        return {
            total: stats.firstPaintAt!, load: navigation.responseEnd, html: started - navigation.responseEnd, read,
            unpack: stats.unpackMs, validate: stats.validateMs, index: stats.indexMs,
            frame: stats.firstPaintAt! - started - read - stats.unpackMs - stats.validateMs - stats.indexMs,
        };
    }, READ_PAYLOAD_MEASURE);
}

async function measure(context: BrowserContext, dir: string, intervals: number): Promise<Figures> {
    const trace = syntheticTrace(intervals);
    const html = renderHtmlReport({ title: `bench ${intervals}`, trace, nonce: 'YmVuY2g=' });
    const file = join(dir, `bench-${intervals}.html`);
    writeFileSync(file, html);
    const loads: FirstPaintSteps[] = [];
    let page: Page | undefined;
    for (let i = 0; i < LOADS; i++) {
        await page?.close();
        page = await context.newPage();
        loads.push(await openReport(page, file));
    }
    loads.sort((a, b) => a.total - b.total);
    const frames = await page!.evaluate(async (duration) => {
        const h = (window as unknown as { __rtcellTimeline: Hook }).__rtcellTimeline;
        const sum = (times: number[]): Summary => {
            const s = [...times].sort((a, b) => a - b);
            return { p50: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))], max: s[s.length - 1] };
        };
        const run = (frames: number, step: (i: number) => void): Summary => {
            const times: number[] = [];
            for (let i = 0; i < frames; i++) {
                step(i);
                times.push(h.renderNow(true));
            }
            return sum(times);
        };
        h.fit();
        const fitFrame = run(30, () => undefined);
        // Panning with the whole run in view: every interval is visible and gets merged per pixel column.
        const panFit = run(60, (i) => h.panBy(i % 2 === 0 ? 15 : -15));
        // Panning at 5 % of the run (a typical close look): binary search limits the work to the window.
        h.zoomTo(duration * 0.4, duration * 0.45);
        const panZoomed = run(120, (i) => h.panBy(i < 60 ? 12 : -12));
        // Real pointer drags through the event loop (frames scheduled with requestAnimationFrame).
        h.recentFrameTimes(true);
        const plot = h.plotGeometry();
        const y = plot.top + 40;
        const fire = (type: string, x: number): void => {
            const target = type === 'mousedown' ? document.querySelector('canvas')! : window;
            target.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, button: 0, buttons: type === 'mouseup' ? 0 : 1, bubbles: true }));
        };
        fire('mousedown', plot.left + plot.width / 2);
        for (let i = 1; i <= 90; i++) {
            fire('mousemove', plot.left + plot.width / 2 - (i % 30) * 8 - 4);
            await new Promise(requestAnimationFrame);
        }
        fire('mouseup', plot.left + 10);
        const dragZoomed = sum(h.recentFrameTimes(true));
        return { fitFrame, panFit, panZoomed, dragZoomed };
    }, trace.duration);
    await page!.close();
    return { intervals, htmlMB: html.length / 1e6, firstPaints: loads.map((l) => l.total), steps: loads[Math.floor(loads.length / 2)], ...frames };
}

async function main(): Promise<void> {
    const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
    const runs = sizes.length > 0 ? sizes : [10_000, 100_000, 200_000, 1_000_000];
    const dir = mkdtempSync(join(tmpdir(), 'rtcell-bench-webview-'));
    const browser = await launchChromium({ width: 1600, height: 900 });
    const f = (n: number): string => n.toFixed(1).padStart(7);
    const s = (x: Summary): string => `${f(x.p50)} ${f(x.p95)} ${f(x.max)}`;
    console.log(`headless Chromium (${CHROMIUM_PATH}), 1600x900 viewport, software rendering; times in ms; first paint over ${LOADS} page loads`);
    console.log('intervals   HTML MB  first paint median/best |  fit frame p50/p95/max   |  pan, all in view p50/p95/max | pan at 5% p50/p95/max   | drag (rAF) p50/p95/max');
    const results: Figures[] = [];
    try {
        for (const n of runs) {
            const r = await measure(browser.context, dir, n);
            results.push(r);
            const paints = r.firstPaints;
            console.log(`${String(n).padStart(9)} ${f(r.htmlMB)}  ${f(paints[Math.floor(paints.length / 2)])} ${f(paints[0])}         | ${s(r.fitFrame)} | ${s(r.panFit)}       | ${s(r.panZoomed)} | ${s(r.dragZoomed)}`);
        }
    } finally {
        await browser.close();
        rmSync(dir, { recursive: true, force: true });
    }
    console.log('first paint of the median load, step by step: load = HTML file received, html = parsed, read = JSON.parse of the');
    console.log('embedded payload, unpack = packed columns decoded, validate, index = lanes indexed and laid out, frame = the rest');
    console.log('intervals  first paint    load    html    read  unpack validate   index   frame');
    for (const { intervals, steps: p } of results) {
        console.log(`${String(intervals).padStart(9)}      ${f(p.total)} ${f(p.load)} ${f(p.html)} ${f(p.read)} ${f(p.unpack)}  ${f(p.validate)} ${f(p.index)} ${f(p.frame)}`);
    }
    console.log('goal at 200k: first paint < 300 ms, frame < 16 ms');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
    main().catch((error: unknown) => {
        console.error(`bench/webview: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
    });
}
