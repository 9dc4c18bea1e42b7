/**
 * The timeline on a real simulation (`rtcell simulate --html` of the dedicated-broker example) in Chromium: flow lanes
 * show each message from release to completion with its chunks inside, every release gets its analysed bound drawn,
 * DMA stalls have their own legend entry (checked on a run that has none and on one starved of DMA budget), the broker is one lane, the summary separates the analysis from what the run
 * observed and "go to worst job" zooms to that job. Writes test-results/timeline-simulated.png as an artefact.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineTestHook } from '../../extension/webview/test-hook.js';
import { loadModelFromFile, loadModelFromText } from '../../language/load.js';
import { simulate } from '../../simulator/engine/index.js';
import { renderHtmlReport } from '../../simulator/report/report.js';
import { runCli } from '../cli/run-cli.js';
import { EXAMPLES_DIR } from '../language/helpers.js';
import { launchChromium, type BrowserSession } from './browser.js';

const repoRoot = resolve(import.meta.dirname, '../..');

async function hook<T>(page: Page, fn: (h: TimelineTestHook, arg: any) => T, arg?: unknown): Promise<T> {
    return page.evaluate(([source, a]) => {
        const f = new Function(`return (${source as string})`)() as (h: unknown, x: unknown) => T;
        return f(window.__rtcellTimeline, a);
    }, [fn.toString(), arg] as const);
}

/** The first interval the renderer shows as a DMA stall (throttled on a gdma lane), or undefined. */
function firstDmaStall(page: Page) {
    return page.evaluate(() => {
        const h = window.__rtcellTimeline!;
        for (let id = 0; ; id++) {
            const info = h.intervalInfo(id);
            if (!info) return undefined;
            if (info.kind === 'throttled' && info.laneName.startsWith('gdma')) return info;
        }
    });
}

describe('timeline of a simulated system in Chromium', () => {
    let workDir: string;
    let session: BrowserSession;
    let page: Page;
    const errors: string[] = [];

    beforeAll(async () => {
        workDir = mkdtempSync(join(tmpdir(), 'rtcell-timeline-sim-'));
        const file = join(workDir, 'report.html');
        // The dedicated-broker example as written, 50 ms adversarial: the camera flow meets its deadline (its DMA does not
        // stall in this run, so the legend test below checks only that no DMA-stall entry is invented).
        const r = await runCli(['simulate', join(EXAMPLES_DIR, 'zcu102-broker.rtcell'), '--duration', '50ms', '--scenario', 'adversarial', '--html', file]);
        expect(r.code, r.err).toBe(0);
        session = await launchChromium({ width: 1400, height: 900 });
        page = await session.context.newPage();
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(pathToFileURL(file).href);
        await page.waitForFunction(() => (window.__rtcellTimeline?.stats().frames ?? 0) > 0);
    });

    afterAll(async () => {
        await session?.close();
        if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    it('has one broker lane, on the broker\'s core, and flow lanes with one message per release', async () => {
        const lanes = await hook(page, (h) => h.lanes());
        const broker = lanes.filter((l) => l.kind === 'broker');
        expect(broker.map((l) => l.name)).toEqual(['core 3 (broker)']);
        expect(broker[0].intervals).toBeGreaterThan(0);
        expect(lanes.some((l) => l.name === 'broker')).toBe(false);
        const camera = lanes.find((l) => l.name === 'flow camera')!;
        expect(camera.messages).toBeGreaterThan(0);
        // One release marker per message (plus completions and deadlines).
        expect(camera.messages).toBeLessThanOrEqual(camera.markers);
        expect(errors).toEqual([]);
    });

    it('shows a message band between chunks, with its latency against the bound', async () => {
        const camera = (await hook(page, (h) => h.lanes())).find((l) => l.name === 'flow camera')!;
        // Zoom to the first camera message and scan its row for a pixel inside the band but between chunks.
        await hook(page, (h) => h.zoomTo(0, 400_000));
        const found = await hook(page, (h, lane) => {
            const geometry = h.plotGeometry();
            const y = lane.top + 7 + 8; // marker band, then the middle of the first row
            for (let x = geometry.left; x < geometry.left + geometry.width; x += 1) {
                const hit = h.hitTest(x, y);
                if (hit.message && !hit.primary) return { x, y, message: hit.message };
            }
            return null;
        }, camera);
        expect(found, 'a pixel of the first camera message between its chunks').not.toBeNull();
        expect(found!.message.itemName).toBe('camera');
        expect(found!.message.completion).toBeGreaterThan(found!.message.release);
        expect(found!.message.bound).toBeGreaterThan(0);
        await page.mouse.move(found!.x, found!.y);
        const tip = await hook(page, (h) => h.tooltipText());
        expect(tip).toMatch(/camera · message #\d+/);
        expect(tip).toMatch(/latency/);
        expect(tip).toMatch(/bound\s+\d[\d.]* (us|ms) \(\d[\d.]* % of it\)/);
    });

    it('draws the analysed bound after every release in view, and lists DMA stalls, messages and bounds in the legend', async () => {
        await hook(page, (h) => h.fit());
        expect((await hook(page, (h) => h.stats())).bounds).toBeGreaterThan(0);
        const legend = await page.locator('.tl-legend').innerText();
        expect(legend).toContain('message (release → completion)');
        expect(legend).toContain('analysed bound');
        const stalls = (await firstDmaStall(page)) !== undefined;
        // The legend names DMA stalls exactly when the run has some, never as MemGuard throttling.
        expect(legend.includes('DMA stall (broker budget)')).toBe(stalls);
    });

    it('separates the analysis from the observation, and "go to worst job" zooms to that job', async () => {
        const table = await page.locator('.tl-summary-table').innerText();
        expect(table).toMatch(/Analysis\s+Simulation \(observed\)/);
        expect(table).toMatch(/camera\s+flow\s+4 ms\s+\d[\d.]* (us|ms)\s+schedulable\s+\d[\d.]* (us|ms)\s+0\s+job #\d+ →\s+on time/);
        const button = page.locator('.tl-summary-table tbody tr', { hasText: 'camera' }).locator('button.tl-worst-job');
        const job = Number(/#(\d+)/.exec(await button.innerText())![1]);
        await button.click();
        expect(await hook(page, (h) => h.selectedItem())).toBe('camera');
        const range = await hook(page, (h) => h.visibleRange());
        // The worst camera job is released every 10 ms: job k starts at k × 10 ms (adversarial: no offset).
        expect(range.t1 - range.t0).toBeLessThan(2_000_000);
        expect(range.t0).toBeLessThanOrEqual(job * 10_000_000 + 1_000_000);
        expect(range.t1).toBeGreaterThanOrEqual(job * 10_000_000);
        mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
        await page.screenshot({ path: join(repoRoot, 'test-results', 'timeline-simulated.png') });
    });

    it('opens with the item the host asked for highlighted (Show timeline on a flow), and follows `select` messages', async () => {
        const { model } = await loadModelFromFile(join(EXAMPLES_DIR, 'zcu102-broker.rtcell'));
        const result = simulate(model!, { durationNs: 20_000_000, seed: 1, scenario: 'synchronous', trace: true });
        const file = join(workDir, 'selected.html');
        writeFileSync(file, renderHtmlReport({ title: 'selected', trace: result.trace!, select: 'telemetry' }));
        const selected = await session.context.newPage();
        await selected.goto(pathToFileURL(file).href);
        await selected.waitForFunction(() => (window.__rtcellTimeline?.stats().frames ?? 0) > 0);
        expect(await hook(selected, (h) => h.selectedItem())).toBe('telemetry');
        await selected.evaluate(() => window.postMessage({ type: 'select', item: 'camera' }, '*'));
        await selected.waitForFunction(() => window.__rtcellTimeline?.selectedItem() === 'camera');
        await selected.close();
    });
});

describe('timeline of a run whose broker DMA stalls', () => {
    it('draws the stalls in their own colour, names them in the legend and in the tooltip, not as MemGuard', async () => {
        // The same example with the DMA budget cut to 20 MB/s: the camera's chunks exhaust it in each regulation period.
        const source = readFileSync(join(EXAMPLES_DIR, 'zcu102-broker.rtcell'), 'utf8');
        const starved = source.replace('dma gdma budget 400 MB/s', 'dma gdma budget 20 MB/s');
        expect(starved).not.toBe(source);
        const { model, diagnostics } = await loadModelFromText(starved);
        expect(model, JSON.stringify(diagnostics)).toBeDefined();
        const result = simulate(model!, { durationNs: 20_000_000, seed: 1, scenario: 'adversarial', trace: true });
        const workDir = mkdtempSync(join(tmpdir(), 'rtcell-timeline-stall-'));
        const session = await launchChromium({ width: 1400, height: 900 });
        try {
            const file = join(workDir, 'stalled.html');
            writeFileSync(file, renderHtmlReport({ title: 'stalled', trace: result.trace! }));
            const page = await session.context.newPage();
            await page.goto(pathToFileURL(file).href);
            await page.waitForFunction(() => (window.__rtcellTimeline?.stats().frames ?? 0) > 0);
            const stall = await firstDmaStall(page);
            expect(stall, 'a DMA stall in the starved run').toBeDefined();
            expect(await page.locator('.tl-legend').innerText()).toContain('DMA stall (broker budget)');
            // Hover the stall: the tooltip says what it is.
            const span = stall!.end - stall!.start;
            await hook(page, (h, r) => h.zoomTo(r[0], r[1]), [stall!.start - span, stall!.end + span]);
            const rect = await hook(page, (h, id) => h.screenRectOf(id), stall!.id);
            expect(rect, 'the stall on screen').not.toBeNull();
            const centre = { x: rect!.x + rect!.width / 2, y: rect!.y + rect!.height / 2 };
            // Its pixels have the DMA-stall colour of the palette (--tl-dma-stall), not MemGuard's red.
            const pixel = await page.evaluate(({ x, y }) => {
                const canvas = Array.from(document.querySelectorAll('canvas')).find((c) => {
                    const r = c.getBoundingClientRect();
                    return x >= r.left && x < r.right && y >= r.top && y < r.bottom;
                })!;
                const r = canvas.getBoundingClientRect();
                const sx = canvas.width / r.width;
                const sy = canvas.height / r.height;
                return Array.from(canvas.getContext('2d')!.getImageData(Math.floor((x - r.left) * sx), Math.floor((y - r.top) * sy), 1, 1).data);
            }, centre);
            const expected = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--tl-dma-stall').trim() || '#d4a017');
            const [er, eg, eb] = [1, 3, 5].map((i) => parseInt(expected.slice(i, i + 2), 16));
            expect(Math.abs(pixel[0] - er) + Math.abs(pixel[1] - eg) + Math.abs(pixel[2] - eb), `pixel ${pixel} vs ${expected}`).toBeLessThan(40);
            await page.mouse.move(centre.x, centre.y);
            const tip = await hook(page, (h) => h.tooltipText());
            expect(tip).toContain('DMA stall (broker budget)');
            expect(tip).not.toContain('MemGuard');
        } finally {
            await session.close();
            rmSync(workDir, { recursive: true, force: true });
        }
    });
});
