/**
 * The timeline renderer in headless Chromium, asserted from the renderer's own model (window.__rtcellTimeline):
 * lanes, bars found by hit-testing where the trace says they are, zoom/pan arithmetic, click-to-reveal messages,
 * tooltips, escaping of hostile names, CSP. Writes test-results/timeline.png as an artefact.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTimelineAssets, type TimelineAssets } from '../../simulator/report/assets.js';
import { renderHtmlReport } from '../../simulator/report/report.js';
import { traceForTimeline } from '../../simulator/report/pack-trace.js';
import { renderWebviewHtml } from '../../simulator/report/webview-html.js';
import type { TimelineTestHook } from '../../extension/webview/test-hook.js';
import { launchChromium, type BrowserSession } from './browser.js';
import { buildSyntheticTrace, HOSTILE_NAME, MS, range, US } from './synthetic-trace.js';

declare global {
    interface Window {
        __cspViolations: string[];
        __alerts: string[];
        __vscodeMessages: unknown[];
        __vscodeState: unknown;
    }
}

const repoRoot = resolve(import.meta.dirname, '../..');
const NONCE = 'dGVzdC1ub25jZS0xMjM0NQ==';
const TITLE = 'sensor-fusion <b>report</b>';

let workDir: string;
let assets: TimelineAssets;
let session: BrowserSession;
const fixture = buildSyntheticTrace();

async function hook<T>(page: Page, fn: (h: TimelineTestHook, arg: any) => T, arg?: unknown): Promise<T> {
    return page.evaluate(([source, a]) => {
        const f = new Function(`return (${source as string})`)() as (h: unknown, x: unknown) => T;
        return f(window.__rtcellTimeline, a);
    }, [fn.toString(), arg] as const);
}

async function instrument(page: Page): Promise<string[]> {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
    await page.addInitScript(() => {
        window.__cspViolations = [];
        window.__alerts = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
        window.alert = (m?: unknown) => { window.__alerts.push(String(m)); };
    });
    return errors;
}

async function openReport(): Promise<{ page: Page; errors: string[] }> {
    const file = join(workDir, 'report.html');
    writeFileSync(file, renderHtmlReport({
        title: TITLE, trace: fixture.trace, nonce: NONCE,
        rows: [
            { item: 'acquire', kind: 'task', bound: 1_206_000, observedMax: 1_206_000, deadline: 10 * MS, verdict: 'ok', source: range(33) },
            { item: 'loop', kind: 'task', bound: 6 * MS, observedMax: 5.5 * MS, deadline: 5 * MS, verdict: 'late', analysis: 'unschedulable', misses: 1, worstJob: 7, source: range(46) },
            { item: HOSTILE_NAME, kind: 'flow', bound: null, observedMax: 15 * MS, deadline: 20 * MS, verdict: 'unknown' },
        ],
    }, assets));
    const page = await session.context.newPage();
    const errors = await instrument(page);
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => (window.__rtcellTimeline?.stats().frames ?? 0) > 0);
    return { page, errors };
}

async function zoomTo(page: Page, t0: number, t1: number): Promise<void> {
    await hook(page, (h, r) => h.zoomTo(r[0], r[1]), [t0, t1]);
}

/** Centre of an interval's bar in page coordinates, as the renderer placed it. */
async function centreOf(page: Page, id: number): Promise<{ x: number; y: number }> {
    const rect = await hook(page, (h, i) => h.screenRectOf(i), id);
    expect(rect, `interval ${id} should be on screen`).not.toBeNull();
    return { x: rect!.x + rect!.width / 2, y: rect!.y + rect!.height / 2 };
}

// Without Chromium, beforeAll fails with what to install (the tests never skip).
describe('timeline renderer in Chromium', () => {
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
        workDir = mkdtempSync(join(tmpdir(), 'rtcell-webview-test-'));
        const { buildWebview } = await import(pathToFileURL(join(repoRoot, 'scripts/build-webview.mjs')).href) as
            { buildWebview(o: { outdir: string }): Promise<unknown> };
        await buildWebview({ outdir: join(workDir, 'bundle') });
        assets = readTimelineAssets(join(workDir, 'bundle'));
        session = await launchChromium({ width: 1280, height: 720 });
        ({ page, errors } = await openReport());
    });

    afterAll(async () => {
        await session?.close();
        if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    it('renders one lane per trace lane, in order, with stacked rows for overlapping flow jobs', async () => {
        const lanes = await hook(page, (h) => h.lanes());
        expect(lanes.map((l) => l.name)).toEqual(fixture.trace.lanes.map((l) => l.name));
        expect(lanes.map((l) => l.kind)).toEqual(['core', 'core', 'core', 'vcpu', 'core', 'broker', 'dma', 'flow', 'flow']);
        const perLane = fixture.trace.lanes.map((_, i) => fixture.trace.intervals.lane.filter((l) => l === i).length);
        expect(lanes.map((l) => l.intervals)).toEqual(perLane);
        expect(lanes[fixture.lane.flowHostile].rows).toBe(2);
        expect(lanes[fixture.lane.core1].rows).toBe(1);
        for (let i = 1; i < lanes.length; i++) expect(lanes[i].top).toBe(lanes[i - 1].top + lanes[i - 1].height);
        expect(errors).toEqual([]);
    });

    it('finds every bar at least 3 px wide where the trace puts it (hit-testing through the renderer index)', async () => {
        const checkAll = (): Promise<{ wrong: string[]; checked: number }> => page.evaluate(() => {
            const h = window.__rtcellTimeline!;
            const wrong: string[] = [];
            let checked = 0;
            for (let id = 0; ; id++) {
                const info = h.intervalInfo(id);
                if (!info) break;
                const r = h.screenRectOf(id);
                if (!r || r.width < 3) continue;
                checked++;
                const hit = h.hitTest(r.x + r.width / 2, r.y + r.height / 2);
                if (!hit.intervals.some((i) => i.id === id)) wrong.push(`${id} ${info.laneName} ${info.itemName}`);
            }
            return { wrong, checked };
        });
        await hook(page, (h) => h.fit());
        const fitted = await checkAll();
        expect(fitted.wrong).toEqual([]);
        // Whole run: every task job, flow span, Linux run, the idle core and the throttled stretch (51 bars).
        expect(fitted.checked).toBe(51);
        // First millisecond: the camera's 16 DMA chunks and the broker's dispatches are wide enough too.
        await zoomTo(page, 0, 1 * MS);
        const zoomed = await checkAll();
        expect(zoomed.wrong).toEqual([]);
        expect(zoomed.checked).toBeGreaterThanOrEqual(16 * 3);
    });

    it('reports a known bar with its item, job and exact times, and merges sub-pixel bars when zoomed out', async () => {
        await hook(page, (h) => h.fit());
        const { x, y } = await centreOf(page, fixture.ids.acquireJob3);
        const hit = await hook(page, (h, p) => h.hitTest(p.x, p.y), { x, y });
        expect(hit.laneName).toBe('core 1');
        expect(hit.primary).toMatchObject({ itemName: 'acquire', job: 3, kind: 'task', start: 30 * MS + 6 * US, end: 30 * MS + 6 * US + 1.2 * MS });
        // At this zoom a 41 us DMA chunk is under a pixel: the column holds several chunks, merged into one run.
        const chunk = await hook(page, (h, id) => h.screenRectOf(id), fixture.ids.chunk5);
        const merged = await hook(page, (h, p) => h.hitTest(p.x, p.y), { x: chunk!.x, y: chunk!.y + 8 });
        expect(merged.intervals.length + merged.more).toBeGreaterThan(1);
        expect(merged.intervals.every((i) => i.itemName === 'camera' && i.kind === 'chunk')).toBe(true);
        // Nothing between the two long runs on core 0 (0-30 ms and 50-90 ms).
        const core0 = (await hook(page, (h) => h.lanes()))[fixture.lane.core0];
        const gap = await hook(page, (h, y) => h.hitTest(h.clientXAt(40 * 1e6), y), core0.top + 15);
        expect(gap.area).toBe('plot');
        expect(gap.laneName).toBe('core 0');
        expect(gap.primary).toBeNull();
    });

    it('zooms with +/- keys and the wheel around the pointer, and to a ctrl-dragged range', async () => {
        await hook(page, (h) => h.fit());
        const fitRange = await hook(page, (h) => h.visibleRange());
        expect(fitRange.t0).toBeCloseTo(-1 * MS, 0);
        expect(fitRange.t1).toBeCloseTo(101 * MS, 0);

        await page.focus('.tl-view');
        await page.keyboard.press('+');
        await page.waitForTimeout(50);
        const zoomed = await hook(page, (h) => h.visibleRange());
        expect(zoomed.t1 - zoomed.t0).toBeCloseTo(0.8 * 102 * MS, -1);
        expect((zoomed.t0 + zoomed.t1) / 2).toBeCloseTo(50 * MS, -1);
        await page.keyboard.press('-');
        const back = await hook(page, (h) => h.visibleRange());
        expect(back.t1 - back.t0).toBeCloseTo(102 * MS, -1);

        // Wheel: the instant under the pointer stays under it. Point at the start of acquire job 3.
        const r3 = await hook(page, (h, id) => h.screenRectOf(id), fixture.ids.acquireJob3);
        await page.mouse.move(r3!.x, r3!.y + 5);
        await page.mouse.wheel(0, -400);
        await page.waitForFunction((before) => {
            const r = window.__rtcellTimeline!.visibleRange();
            return r.t1 - r.t0 < before;
        }, back.t1 - back.t0);
        await hook(page, (h) => h.renderNow());
        const afterWheel = await hook(page, (h) => h.visibleRange());
        expect(afterWheel.t1 - afterWheel.t0).toBeLessThan(0.6 * (back.t1 - back.t0));
        const r3after = await hook(page, (h, id) => h.screenRectOf(id), fixture.ids.acquireJob3);
        expect(Math.abs(r3after!.x - r3!.x)).toBeLessThanOrEqual(1.5);

        // Ctrl-drag selects a range to zoom to: from the start of acquire job 3 to 200 px right of it.
        await hook(page, (h) => h.fit());
        const start = await hook(page, (h, id) => h.screenRectOf(id), fixture.ids.acquireJob3);
        const fitted = await hook(page, (h) => ({ range: h.visibleRange(), plot: h.plotGeometry() }));
        const pxPerNs = fitted.plot.width / (fitted.range.t1 - fitted.range.t0);
        await page.keyboard.down('Control');
        await page.mouse.move(start!.x, start!.y + 5);
        await page.mouse.down();
        await page.mouse.move(start!.x + 100, start!.y + 5, { steps: 4 });
        await page.mouse.move(start!.x + 200, start!.y + 5, { steps: 4 });
        await page.mouse.up();
        await page.keyboard.up('Control');
        const selected = await hook(page, (h) => h.visibleRange());
        expect(selected.t0).toBeCloseTo(30 * MS + 6 * US, -5); // within 1 px at the fit zoom (~80 us)
        expect(selected.t1 - selected.t0).toBeCloseTo(200 / pxPerNs, -5);
    });

    it('pans by dragging and with the arrow keys', async () => {
        await zoomTo(page, 20 * MS, 40 * MS);
        const before = await hook(page, (h) => h.visibleRange());
        const lanes = await hook(page, (h) => h.lanes());
        const plot = await hook(page, (h) => h.plotGeometry());
        const y = lanes[fixture.lane.core2].top + 12;
        await page.mouse.move(800, y);
        await page.mouse.down();
        await page.mouse.move(700, y, { steps: 5 });
        await page.mouse.move(600, y, { steps: 5 });
        await page.mouse.up();
        await hook(page, (h) => h.renderNow());
        const dragged = await hook(page, (h) => h.visibleRange());
        // Dragging the content 200 px to the left shows later times: t0 moves by 200 px worth of ns, the span stays.
        expect(dragged.t1 - dragged.t0).toBeCloseTo(before.t1 - before.t0, 0);
        const movedPx = (dragged.t0 - before.t0) / ((before.t1 - before.t0) / plot.width);
        expect(movedPx).toBeCloseTo(200, 0);

        await page.focus('.tl-view');
        await page.keyboard.press('ArrowRight');
        const arrowed = await hook(page, (h) => h.visibleRange());
        expect(arrowed.t0 - dragged.t0).toBeCloseTo(0.1 * (before.t1 - before.t0), -1);
        await page.keyboard.press('ArrowLeft');
        await page.keyboard.press('ArrowLeft');
        const left = await hook(page, (h) => h.visibleRange());
        expect(dragged.t0 - left.t0).toBeCloseTo(0.1 * (before.t1 - before.t0), -1);
    });

    it('clicking a bar posts a reveal message with the declaration of its item and highlights it', async () => {
        await zoomTo(page, 29 * MS, 33 * MS);
        const { x, y } = await centreOf(page, fixture.ids.acquireJob3);
        const before = (await hook(page, (h) => h.messages())).length;
        await page.mouse.click(x, y);
        const messages = await hook(page, (h) => h.messages());
        expect(messages.slice(before)).toEqual([{ type: 'reveal', source: range(33), item: 'acquire', lane: 'core 1' }]);
        expect(await hook(page, (h) => h.selectedItem())).toBe('acquire');
        // A bar without an item (core 0's Linux) reveals the lane's declaration.
        await hook(page, (h) => h.fit());
        const linux = await centreOf(page, fixture.ids.linux);
        await page.mouse.click(linux.x, linux.y);
        const last = (await hook(page, (h) => h.messages())).at(-1);
        expect(last).toEqual({ type: 'reveal', source: range(20), lane: 'core 0' });
    });

    it('shows a tooltip with item, job, times, duration and kind on hover', async () => {
        await zoomTo(page, 29 * MS, 33 * MS);
        const { x, y } = await centreOf(page, fixture.ids.acquireJob3);
        await page.mouse.move(x, y);
        await page.waitForFunction(() => window.__rtcellTimeline!.tooltipText() !== null);
        const text = (await hook(page, (h) => h.tooltipText()))!;
        expect(text).toContain('acquire');
        expect(text).toMatch(/job\s+#3/);
        expect(text).toMatch(/kind\s+task/);
        expect(text).toMatch(/start\s+30\.006 ms/);
        expect(text).toMatch(/end\s+31\.206 ms/);
        expect(text).toMatch(/duration\s+1\.2 ms/);
        // The tooltip is inside the view.
        const box = await page.locator('.tl-tooltip').boundingBox();
        const view = await page.locator('.tl-view').boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(view!.x + view!.width + 1);
    });

    it('renders a hostile name as text: tooltip, legend, table and title, with no element injected', async () => {
        await hook(page, (h) => h.fit());
        const { x, y } = await centreOf(page, fixture.ids.hostileSpan);
        await page.mouse.move(x, y);
        await page.waitForFunction((name) => window.__rtcellTimeline!.tooltipText()?.includes(name) ?? false, HOSTILE_NAME);
        expect(await page.locator('.tl-legend').innerText()).toContain(HOSTILE_NAME);
        expect(await page.locator('.tl-summary-table').innerText()).toContain(HOSTILE_NAME);
        expect(await page.title()).toBe(TITLE);
        expect(await page.locator('.tl-title').innerText()).toBe(TITLE);
        expect(await page.locator('img').count()).toBe(0);
        expect(await page.locator('.tl-root b, .tl-root script').count()).toBe(0);
        await page.waitForTimeout(100);
        expect(await page.evaluate(() => window.__alerts)).toEqual([]);
    });

    it('runs under its CSP: nonce on the script and style, nothing blocked, eval refused', async () => {
        const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
        expect(csp).toBe(`default-src 'none'; script-src 'nonce-${NONCE}'; style-src 'nonce-${NONCE}'; base-uri 'none'; form-action 'none'`);
        expect(await page.evaluate(() => Array.from(document.querySelectorAll('script[nonce], style[nonce]'), (e) => (e as HTMLElement).nonce)))
            .toEqual([NONCE, NONCE]);
        expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
        expect(errors).toEqual([]);
        // The policy is in force: a script element without the nonce is refused and reported.
        await page.evaluate(() => {
            const s = document.createElement('script');
            s.textContent = 'window.__injectedRan = true';
            document.body.append(s);
        });
        await page.waitForFunction(() => window.__cspViolations.length > 0);
        expect(await page.evaluate(() => (window as unknown as { __injectedRan?: boolean }).__injectedRan)).toBeUndefined();
        expect(await page.evaluate(() => window.__cspViolations)).toEqual([expect.stringMatching(/^script-src/)]);
        await page.evaluate(() => { window.__cspViolations = []; });
    });

    it('clicking a summary row reveals the item, and the summary lists verdicts', async () => {
        const table = await page.locator('.tl-summary-table').innerText();
        // Analysis (bound, verdict) and simulation (worst, misses, its job) in separate columns, then the overall verdict.
        expect(table).toMatch(/Analysis\s+Simulation \(observed\)/);
        expect(table).toMatch(/loop\s+task\s+5 ms\s+6 ms\s+can miss\s+5\.5 ms\s+1\s+job #7 →\s+LATE/);
        expect(table).toMatch(/unbounded/);
        await page.locator('.tl-summary-table tbody tr', { hasText: 'loop' }).click();
        expect((await hook(page, (h) => h.messages())).at(-1)).toEqual({ type: 'reveal', source: range(46), item: 'loop' });
        expect(await hook(page, (h) => h.selectedItem())).toBe('loop');
    });

    it('writes a readable screenshot artefact', async () => {
        await hook(page, (h) => h.fit());
        await page.mouse.move(5, 5);
        mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
        const file = join(repoRoot, 'test-results', 'timeline.png');
        const png = await page.screenshot({ path: file });
        expect(png.length).toBeGreaterThan(10_000);
    });

    it('as a VS Code webview: asks for the trace, renders it from a message, reveals through the VS Code API, keeps its view across a reload', async () => {
        // What the extension posts (extension/timeline-panel.ts): the packed trace.
        const bundle = join(workDir, 'bundle');
        const file = join(workDir, 'webview.html');
        writeFileSync(file, renderWebviewHtml({
            cspSource: 'file:', nonce: NONCE,
            scriptUri: pathToFileURL(join(bundle, 'timeline.js')).href, styleUri: pathToFileURL(join(bundle, 'timeline.css')).href,
        }));
        const webview = await session.context.newPage();
        const webviewErrors = await instrument(webview);
        await webview.addInitScript(() => {
            // VS Code 1.100's webviews are Chromium 132, before Uint8Array.fromBase64: decode through the atob fallback.
            delete (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64;
            window.__vscodeMessages = [];
            const saved = sessionStorage.getItem('vscode-state');
            (window as unknown as { acquireVsCodeApi: unknown }).acquireVsCodeApi = () => ({
                postMessage: (m: unknown) => window.__vscodeMessages.push(m),
                getState: () => (saved ? JSON.parse(saved) : undefined),
                setState: (s: unknown) => sessionStorage.setItem('vscode-state', JSON.stringify(s)),
            });
        });
        await webview.goto(pathToFileURL(file).href);
        await webview.waitForFunction(() => window.__vscodeMessages?.length > 0);
        expect(await webview.evaluate(() => window.__vscodeMessages)).toEqual([{ type: 'ready' }]);
        const packed = traceForTimeline(fixture.trace);
        expect(packed).toMatchObject({ packing: 1 });
        const send = (w: Page): Promise<void> => w.evaluate((trace) => window.postMessage({ type: 'trace', trace, title: 'from host' }, '*'), packed);
        await send(webview);
        await webview.waitForFunction(() => (window.__rtcellTimeline?.stats().frames ?? 0) > 0 && window.__rtcellTimeline!.lanes().length > 0);
        expect(await hook(webview, (h) => h.hostKind)).toBe('vscode');
        expect((await hook(webview, (h) => h.lanes())).map((l) => l.name)).toEqual(fixture.trace.lanes.map((l) => l.name));

        await zoomTo(webview, 4 * MS, 12 * MS);
        const { x, y } = await centreOf(webview, fixture.ids.loopJob2);
        await webview.mouse.click(x, y);
        expect(await webview.evaluate(() => window.__vscodeMessages.at(-1)))
            .toEqual({ type: 'reveal', source: range(46), item: 'loop', lane: 'control/v0' });

        // A re-validated document sends a new trace: same zoom, new content (a plain, unpacked trace is accepted too).
        const changed = structuredClone(fixture.trace);
        changed.lanes[0].name = 'core 0 (re-validated)';
        await webview.evaluate((trace) => window.postMessage({ type: 'trace', trace }, '*'), changed);
        await webview.waitForFunction(() => window.__rtcellTimeline!.lanes()[0].name === 'core 0 (re-validated)');
        const kept = await hook(webview, (h) => h.visibleRange());
        expect(kept.t0).toBeCloseTo(4 * MS, 0);
        expect(kept.t1).toBeCloseTo(12 * MS, 0);

        // Reload: the view state saved through setState comes back once the host re-sends the trace.
        // The view is saved 250 ms after it last changed; wait for that save rather than for a fixed time, which a
        // loaded CI machine can overrun.
        await webview.waitForFunction(([t0, t1]) => {
            const saved = JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null') as { t0: number; t1: number } | null;
            return saved !== null && Math.abs(saved.t0 - t0) < 1 && Math.abs(saved.t1 - t1) < 1;
        }, [4 * MS, 12 * MS]);
        await webview.reload();
        await webview.waitForFunction(() => window.__vscodeMessages?.length > 0);
        await send(webview);
        await webview.waitForFunction(() => window.__rtcellTimeline!.lanes().length > 0);
        const restored = await hook(webview, (h) => h.visibleRange());
        expect(restored.t0).toBeCloseTo(4 * MS, 0);
        expect(restored.t1).toBeCloseTo(12 * MS, 0);

        // A malformed trace is reported, not thrown.
        await webview.evaluate(() => window.postMessage({ type: 'trace', trace: { format: 'rtcell-trace', version: 2 } }, '*'));
        await webview.waitForFunction(() => (document.querySelector('.tl-error') as HTMLElement | null)?.hidden === false);
        expect(await webview.locator('.tl-error').innerText()).toContain('version 2 is not supported');
        expect((await webview.evaluate(() => window.__vscodeMessages.at(-1))) as { type: string }).toMatchObject({ type: 'error' });
        // So is a damaged packing.
        await webview.evaluate((trace) => window.postMessage({ type: 'trace', trace }, '*'), { ...packed, bytes: (packed as { bytes: string }).bytes.slice(0, 40) });
        await webview.waitForFunction(() => document.querySelector('.tl-error')?.textContent?.includes('damaged'));
        expect(await webview.locator('.tl-error').innerText()).toMatch(/the packed trace is damaged: .*outside the packed bytes/);
        expect((await webview.evaluate(() => window.__vscodeMessages.at(-1))) as { message: string }).toMatchObject({ type: 'error', message: expect.stringContaining('damaged') });
        expect(await webview.evaluate(() => window.__cspViolations)).toEqual([]);
        expect(webviewErrors).toEqual([]);
        await webview.close();
    });
});
