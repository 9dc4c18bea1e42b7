/**
 * End to end in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) with the packaged rtcell.vsix, driven by
 * playwright-core in headless Chromium. Covers issue 6's "tested in a real VS Code": the Problems panel lists the
 * server's diagnostics, a hover shows the worst-case response time, an inlay hint shows WCRT and slack, and
 * "rtcell: Show timeline" opens a webview whose renderer drew bars.
 *
 * Needs: scripts/install-code-server.sh (installs code-server into ~/.cache/rtcell-tools on first use, ~1-2 min) and
 * /usr/bin/chromium. A missing tool makes the tests FAIL (never skip): see docs/testing.md.
 * Screenshots go to test-results/e2e/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureCodeServer, REPO_ROOT, startCodeServer, type CodeServerInstance } from './helpers/code-server.js';
import { expectedDiagnostics, expectedHover, expectedInlayHints, expectedSummary, markdownToText, positionOf } from './helpers/expected.js';
import { ensurePackagedVsix } from './helpers/vsix.js';
import { launchBrowser, waitFor, Workbench, type Browser } from './helpers/workbench.js';
import type { HookedWindow, TimelineLane } from './helpers/timeline-hook.js';
import { zipEntries } from './helpers/zip-entries.js';

const VALID = 'zcu102-broker.rtcell';
const BROKEN = 'broken.rtcell';
/**
 * The first file the tests open (the status-bar test runs first): its verdict must show while the extension and the
 * server are still starting, without an edit (the status bar once said "not analysed" until one). It has no
 * diagnostics, so it does not change the Problems panel's count.
 */
const FIRST_OPEN = 'zcu102-floating.rtcell';
const validText = readFileSync(join(REPO_ROOT, 'examples', VALID), 'utf8');
const brokenText = readFileSync(join(REPO_ROOT, 'examples', BROKEN), 'utf8');
const firstOpenText = readFileSync(join(REPO_ROOT, 'examples', FIRST_OPEN), 'utf8');

let vsix: string;
let server: CodeServerInstance | undefined;
let browser: Browser | undefined;
let workbench: Workbench;
let setupError: Error | undefined;

/** First line of every test: the setup (package, code-server, Chromium, workbench) must have succeeded. */
function requireSetup(): void {
    if (setupError) throw new Error(`end-to-end setup failed: ${setupError.message}`, { cause: setupError });
}

/** On failure, what code-server and the page said is the fastest way to the cause. */
async function context(): Promise<string> {
    const notes = workbench ? await workbench.notifications().catch(() => []) : [];
    return `notifications: ${JSON.stringify(notes)}\ncode-server log (tail):\n${server?.log().slice(-2000) ?? ''}`;
}

// Each step waits for a real UI (a language server start, a simulation): generous per-test time, still bounded.
describe('rtcell in code-server (real VS Code in headless Chromium)', { timeout: 180_000 }, () => {
    beforeAll(async () => {
        try {
            vsix = ensurePackagedVsix().path;
            const binary = ensureCodeServer();
            server = await startCodeServer({ binary, vsix, files: { [VALID]: validText, [BROKEN]: brokenText, [FIRST_OPEN]: firstOpenText } });
            browser = await launchBrowser();
            workbench = new Workbench(browser.page);
            await workbench.open(server.url, server.workspace);
        } catch (error) {
            // Kept for every test to rethrow: a missing tool then shows as N failed tests with the reason, where a
            // throwing beforeAll would list them as "skipped" (the run still fails, but the summary reads like a skip).
            setupError = error instanceof Error ? error : new Error(String(error));
        }
    }, 8 * 60_000);

    beforeEach(({ task, onTestFailed }) => {
        // The screen at the moment of a failure says more than any message.
        onTestFailed(async () => {
            await workbench?.screenshot(`FAILED-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => undefined);
        });
    });

    afterAll(async () => {
        await browser?.close();
        await server?.stop();
    }, 60_000);

    it('packages the bundles, grammar, language configuration, snippets, icons and docs into the .vsix', () => {
        if (!vsix) requireSetup(); // only packaging must have worked for this one
        const entries = zipEntries(vsix);
        for (const file of [
            'extension/package.json', 'extension/dist/extension.cjs', 'extension/dist/server.cjs',
            'extension/dist/webview/timeline.js', 'extension/dist/webview/timeline.css',
            'extension/syntaxes/rtcell.tmLanguage.json', 'extension/extension/language-configuration.json',
            'extension/extension/snippets/rtcell.json', 'extension/extension/icons/rtcell.png', 'extension/extension/icons/rtcell-file.svg',
            'extension/readme.md', 'extension/LICENSE.txt', 'extension/changelog.md',
        ]) expect(entries, file).toContain(file);
        // Sources, tests and node_modules stay out (the bundles carry everything the extension runs).
        expect(entries.filter((e) => /\.ts$|\/node_modules\/|^extension\/test\//.test(e))).toEqual([]);
    });

    it('shows the verdict of the active document in the status bar, from its first opening', async () => {
        requireSetup();
        const verdictOf = async (text: string) => {
            const summary = await expectedSummary(text);
            expect(summary).toBeDefined();
            const late = summary!.unschedulable;
            return late > 0 ? `rtcell: ${late} item${late > 1 ? 's' : ''} late`
                : summary!.inconclusive > 0 ? `rtcell: ${summary!.inconclusive} inconclusive` : 'rtcell: schedulable';
        };
        // A file opened for the first time, never edited (the status bar once said "not analysed" until an edit),
        // then one opened before.
        for (const [file, text] of [[FIRST_OPEN, firstOpenText], [VALID, validText]] as const) {
            const wanted = await verdictOf(text);
            await workbench.openFile(file);
            const shown = await waitFor(`the status bar to read '${wanted}' for ${file}`, async () => {
                const bar = await workbench.statusBarText('rtcell:');
                return bar === wanted ? bar : undefined;
            }, 30_000).catch(async (error) => {
                throw new Error(`${String(error)}; it reads ${JSON.stringify(await workbench.statusBarText('rtcell'))}\n${await context()}`);
            });
            expect(shown).toBe(wanted);
        }
    });

    it('lists the diagnostics of a broken file in the Problems panel', async () => {
        requireSetup();
        const expected = await expectedDiagnostics(brokenText);
        // The example exists to show these: if the language stopped reporting them, the test below would prove little.
        expect(expected.map((d) => d.code)).toEqual(expect.arrayContaining(['duplicate-name', 'unit-kind', 'core-conflict', 'flow-self']));

        await workbench.openFile(BROKEN);
        const squiggles = await waitFor('error squiggles in the editor', async () => {
            const n = await workbench.page.locator('.editor-group-container.active .squiggly-error').count();
            return n > 0 ? n : undefined;
        }, 60_000).catch(async (error) => { throw new Error(`${String(error)}\n${await context()}`); });
        expect(squiggles).toBeGreaterThan(0);

        await workbench.page.keyboard.press('Control+Shift+M');
        await workbench.page.locator('.markers-panel .monaco-list-row').nth(1).waitFor({ timeout: 30_000 });
        await workbench.screenshot('problems-panel');
        const problems = await workbench.problems(expected.length);
        await workbench.screenshot('problems-panel-end');
        const shown = problems.rows.filter((r) => r.file === BROKEN)
            .map(({ severity, code, message, line, column }) => ({ severity, code, message, line, column }));
        const byPosition = (a: { line: number; column: number; code: string }, b: typeof a) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);
        expect(shown.sort(byPosition)).toEqual(expected.map(({ severity, code, message, line, column }) => ({ severity, code, message, line, column })).sort(byPosition));
        expect(problems.rows.every((r) => r.source === 'rtcell')).toBe(true);
        expect(problems.total).toBe(expected.length);
        await workbench.page.keyboard.press('Control+Shift+M'); // close the panel again: more room for the editor
    });

    it('colours the file with the TextMate grammar', async () => {
        requireSetup();
        await workbench.openFile(VALID);
        const line = positionOf(validText, 'flow camera').line + 1;
        await workbench.goToLine(line);
        const classes = await workbench.page.locator('.editor-group-container.active .view-line span span', { hasText: /^flow$/ }).first().getAttribute('class');
        const plain = await workbench.page.locator('.editor-group-container.active .view-line span span', { hasText: /^\s+$/ }).first().getAttribute('class');
        expect(classes).toMatch(/mtk\d+/);
        expect(classes).not.toBe(plain); // the keyword has its own colour, not the default foreground
    });

    it('shows the worst-case response time in a hover over a flow name', async () => {
        requireSetup();
        const position = positionOf(validText, 'flow camera', 'flow '.length);
        const markdown = await expectedHover(validText, position);
        expect(markdown).toBeDefined();
        const lines = markdownToText(markdown!).filter((l) => !l.startsWith('|'));
        // The server's wording for a flow: "flow camera (sensor → control) — …" then "WCRT <bound> · deadline … · slack …".
        expect(lines[0]).toMatch(/^flow camera \(sensor → control\) — /);
        expect(lines[1]).toMatch(/^WCRT \d[\d.]* (ns|us|ms|s) · deadline 4 ms · (slack|misses by) /);

        await workbench.openFile(VALID);
        await workbench.goToLine(position.line + 1);
        const hover = await workbench.hover(position.line + 1, 'camera')
            .catch(async (error) => { throw new Error(`${String(error)}\n${await context()}`); });
        await workbench.screenshot('hover-flow-camera');
        const rendered = hover.replace(/\s+/g, ' ');
        for (const line of lines) expect(rendered).toContain(line.replace(/\s+/g, ' '));
        await workbench.dismissHover();

        // The background simulation (a worker thread of the packaged server) adds what it observed, with a link to the job.
        let observed = '';
        for (let attempt = 0; attempt < 10 && !/Observed \d/.test(observed); attempt++) {
            await workbench.page.waitForTimeout(attempt === 0 ? 0 : 1_000);
            observed = await workbench.hover(position.line + 1, 'camera').catch(() => '');
            if (!/Observed \d/.test(observed)) await workbench.dismissHover();
        }
        expect(observed, 'the hover shows the observed latency once the background runs finish').toMatch(/Observed \d[\d.]* (ns|us|ms|s) \(\d[\d.]* % of the bound\) · \w+ scenario, seed \d+, job \d+/);
        expect(observed).toContain('Show this job in the timeline');
        await workbench.screenshot('hover-observed');
        await workbench.dismissHover();
    });

    it('shows WCRT and slack as inlay hints after flows and tasks', async () => {
        requireSetup();
        const hints = await expectedInlayHints(validText);
        const cameraEnd = validText.indexOf('}', validText.indexOf('flow camera'));
        const line = validText.slice(0, cameraEnd).split('\n').length; // 1-based line of the flow's closing brace
        const hint = hints.find((h) => h.line === line - 1);
        expect(hint, 'the server gives the camera flow a hint at its closing brace').toBeDefined();
        expect(hint!.label).toMatch(/^WCRT \d[\d.]* (ns|us|ms|s) · slack \d|^misses by /);

        await workbench.openFile(VALID);
        await workbench.goToLine(line);
        const text = await waitFor(`the inlay hint on line ${line}`, async () => {
            const t = await workbench.lineText(line);
            return t?.includes(hint!.label) ? t : undefined;
        }, 30_000).catch(async (error) => {
            throw new Error(`${String(error)}: line ${line} reads ${JSON.stringify(await workbench.lineText(line))}\n${await context()}`);
        });
        await workbench.screenshot('inlay-hints');
        expect(text).toContain(hint!.label);

        // Every other hint on a rendered line is there too (the editor shows ~40 lines around the cursor).
        let checked = 0;
        for (const h of hints) {
            const rendered = await workbench.lineText(h.line + 1);
            if (rendered === undefined) continue;
            expect(rendered, `line ${h.line + 1}`).toContain(h.label);
            checked++;
        }
        expect(checked).toBeGreaterThanOrEqual(2);
    });

    it('"rtcell: Show timeline" opens a webview whose renderer drew lanes and bars', async () => {
        requireSetup();
        await workbench.openFile(VALID);
        await workbench.runCommand('rtcell: Show timeline');
        const frame = await workbench.timelineFrame(60_000)
            .catch(async (error) => { throw new Error(`${String(error)}\n${await context()}`); });
        const lanes = await waitFor('the simulated trace in the timeline', async () => {
            const l: TimelineLane[] = await frame.evaluate(() => (window as unknown as HookedWindow).__rtcellTimeline.lanes());
            return l.length > 0 && l.some((lane) => lane.intervals > 0) ? l : undefined;
        }, 60_000).catch(async (error) => { throw new Error(`${String(error)}\n${await context()}`); });
        await workbench.page.waitForTimeout(500);
        await workbench.screenshot('timeline-webview');

        const names = lanes.map((l) => l.name);
        // One lane per core of the ZCU102 (the dedicated broker's core is the broker lane), and one per flow of the example.
        for (const core of [0, 1, 2, 3]) expect(names.some((n) => n === `core ${core}` || n.startsWith(`core ${core} `)), `a lane for core ${core} in ${names.join(', ')}`).toBe(true);
        expect(names).toEqual(expect.arrayContaining(['core 3 (broker)', 'flow camera', 'flow telemetry']));
        expect(lanes.find((l) => l.name === 'core 3 (broker)')!.intervals).toBeGreaterThan(0);
        expect(lanes.find((l) => l.name === 'flow camera')!.intervals).toBeGreaterThan(0);

        const probe = await frame.evaluate(() => {
            const hook = (window as unknown as HookedWindow).__rtcellTimeline;
            hook.fit();
            const visible = hook.lanes().reduce((sum, lane) => sum + hook.visibleIntervalCount(lane.index), 0);
            // The renderer's own hit-testing at the centre of a drawn bar must find that bar.
            const total = hook.stats().intervalCount;
            for (let id = 0; id < total; id++) {
                const rect = hook.screenRectOf(id);
                if (!rect || rect.width < 2 || rect.height < 2) continue;
                const hits = hook.barsAt(rect.x + rect.width / 2, rect.y + rect.height / 2).map((i) => i.id);
                return { visible, total, id, hits, info: hook.intervalInfo(id) };
            }
            return { visible, total, id: -1, hits: [] as number[], info: null };
        });
        expect(probe.total).toBeGreaterThan(0);
        expect(probe.visible).toBeGreaterThan(0);
        expect(probe.id, 'some bar is drawn at least 2 px wide').toBeGreaterThanOrEqual(0);
        expect(probe.hits).toContain(probe.id);
        expect(await workbench.notifications()).toEqual([]);
    });
});
