/**
 * Driving the VS Code workbench that code-server serves, in headless Chromium (launched by test/webview/browser.ts).
 * Only user-visible surfaces are read: the editor's rendered lines, the hover widget, the Problems panel, the command
 * palette and the webview's own test hook.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { launchChromium, type BrowserSession } from '../../webview/browser.js';
import { REPO_ROOT } from './code-server.js';

export const ARTEFACTS_DIR = join(REPO_ROOT, 'test-results', 'e2e');

export interface Browser extends BrowserSession {
    page: Page;
}

export async function launchBrowser(): Promise<Browser> {
    const session = await launchChromium({ width: 1600, height: 1000 });
    const page = session.context.pages()[0] ?? await session.context.newPage();
    return { ...session, page };
}

export interface ProblemRow {
    /** The file row the marker is listed under. */
    file: string;
    severity: 'error' | 'warning' | 'info' | 'unknown';
    message: string;
    source: string;
    code: string;
    line: number;
    column: number;
}

/** Thrown by a probe to stop waiting at once (the awaited thing can no longer happen). */
export class GiveUp extends Error {}

/**
 * Polls `probe` until it returns a value that is not undefined, or throws `what` after `timeoutMs`. Other errors of the
 * probe count as "not yet"; a `GiveUp` ends the wait with that error.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 250): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
        try {
            const value = await probe();
            if (value !== undefined) return value;
        } catch (error) {
            if (error instanceof GiveUp) throw error;
            lastError = error;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
        }
        await new Promise((r) => setTimeout(r, intervalMs));
    }
}

export class Workbench {
    constructor(readonly page: Page) {}

    async open(url: string, folder: string): Promise<void> {
        await this.page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
        await this.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
        // The explorer lists the workspace once the remote file system answers.
        await this.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    }

    async screenshot(name: string): Promise<string> {
        mkdirSync(ARTEFACTS_DIR, { recursive: true });
        const path = join(ARTEFACTS_DIR, `${name}.png`);
        await this.page.screenshot({ path });
        return path;
    }

    /** Opens a workspace file from the explorer and waits for its editor tab to be active. */
    async openFile(name: string): Promise<void> {
        await this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${name}"]`).first().click();
        await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
        await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor({ timeout: 30_000 });
        // Focus the editor (Ctrl+1: first editor group): the explorer keeps focus after the click, and commands whose
        // palette entry needs `editorLangId == rtcell` only appear with an rtcell editor focused.
        await this.page.keyboard.press('Control+1');
        await this.page.waitForFunction(() => Boolean(document.activeElement?.closest('.monaco-editor')));
    }

    private get editor() {
        return this.page.locator('.editor-group-container.active .monaco-editor').first();
    }

    /** Moves the cursor to a 1-based line (or "line:column") with "Go to Line" (the editor reveals it, centred). */
    async goToLine(line: number | string): Promise<void> {
        // A keybinding of the workbench, not of a focused widget: no click needed (a click can land on an overlay).
        await this.page.keyboard.press('Control+G');
        await this.page.waitForSelector('.quick-input-widget input', { state: 'visible' });
        await this.page.keyboard.type(String(line));
        await this.page.keyboard.press('Enter');
        await this.page.waitForSelector('.quick-input-widget', { state: 'hidden' });
    }

    /**
     * The rendered text of a 1-based line, inlay hints included (Monaco renders them as injected text inside the line),
     * or undefined when the line is not rendered. Spaces come back as ordinary spaces.
     */
    async lineText(line: number): Promise<string | undefined> {
        return this.editor.evaluate((editor, wanted) => {
            const numbers = Array.from(editor.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers'));
            const number = numbers.find((n) => n.textContent?.trim() === String(wanted));
            const top = (number?.closest('[style*="top"]') as HTMLElement | null)?.style.top;
            if (!top) return undefined;
            const row = Array.from(editor.querySelectorAll<HTMLElement>('.view-lines .view-line')).find((l) => l.style.top === top);
            return row?.textContent?.replace(/\u00a0/g, ' ');
        }, line);
    }

    /**
     * Hovers the first rendered token equal to `word` on a 1-based line and returns the hover widget's text. The
     * token's position is measured again before every attempt: code lenses and inlay hints arriving late shift the lines
     * under a busy machine, so a hover can miss the token once.
     */
    async hover(line: number, word: string): Promise<string> {
        const hoverText = async () => {
            const texts = await this.page.locator('.monaco-hover:not(.hidden) .hover-contents').allInnerTexts();
            const text = texts.join('\n').trim();
            // The hover first shows "Loading..." while the server answers.
            return text && !/^Loading/.test(text) ? text : undefined;
        };
        for (let attempt = 0; attempt < 5; attempt++) {
            const box = await this.editor.evaluate((editor, { wanted, token }) => {
                const numbers = Array.from(editor.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers'));
                const number = numbers.find((n) => n.textContent?.trim() === String(wanted));
                const top = (number?.closest('[style*="top"]') as HTMLElement | null)?.style.top;
                const row = Array.from(editor.querySelectorAll<HTMLElement>('.view-lines .view-line')).find((l) => l.style.top === top);
                const span = row && Array.from(row.querySelectorAll<HTMLElement>('span span')).find((s) => s.textContent === token);
                if (!span) return undefined;
                const r = span.getBoundingClientRect();
                return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
            }, { wanted: line, token: word });
            if (!box) throw new Error(`token '${word}' is not rendered on line ${line}`);
            await this.dismissHover();
            await this.page.mouse.move(box.x - 30, box.y);
            await this.page.mouse.move(box.x, box.y, { steps: 3 });
            const text = await waitFor('hover', hoverText, 8_000).catch(() => undefined);
            if (text) return text;
        }
        throw new Error(`no hover over '${word}' on line ${line} after 5 attempts`);
    }

    async dismissHover(): Promise<void> {
        await this.page.mouse.move(2, 500);
        await this.page.keyboard.press('Escape');
    }

    /** Runs a command by its palette title (e.g. "rtcell: Show timeline"). */
    async runCommand(title: string): Promise<void> {
        await this.page.keyboard.press('F1');
        const input = this.page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill(`>${title}`);
        const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
        await row.waitFor({ timeout: 15_000 });
        const label = (await row.getAttribute('aria-label')) ?? '';
        if (!label.toLowerCase().startsWith(title.toLowerCase())) throw new Error(`the palette's first match for '${title}' is '${label}'`);
        await row.click();
        await this.page.waitForSelector('.quick-input-widget', { state: 'hidden' });
    }

    /** Opens the Problems panel (Ctrl+Shift+M) and reads every row, scrolling through the virtualised list. */
    async problems(expectedCount?: number): Promise<{ total: number | undefined; rows: ProblemRow[] }> {
        const panel = this.page.locator('.markers-panel');
        if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
        await panel.waitFor({ state: 'visible' });
        const list = panel.locator('.monaco-list').first();
        if (expectedCount !== undefined) {
            await waitFor(`${expectedCount} problems in the Problems badge`, async () => (await this.problemsBadge()) === expectedCount ? true : undefined, 30_000)
                .catch(() => undefined); // the comparison below reports the difference
        }
        await list.locator('.monaco-list-row').first().waitFor();
        // A collapsed file row hides its markers: a click on it toggles it open.
        for (const row of await list.locator('.monaco-list-row[aria-level="1"][aria-expanded="false"]').all()) await row.click();
        // The list is virtualised (only visible rows exist in the DOM): wheel through it, collecting rows by index.
        const seen = new Map<number, { index: number; text: string; icon: string }>();
        const box = await list.boundingBox();
        if (!box) throw new Error('the Problems list has no size');
        await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        for (let round = 0; round < 100; round++) {
            const rows = await list.evaluate((element) => Array.from(element.querySelectorAll<HTMLElement>('.monaco-list-row')).map((row) => ({
                index: Number(row.dataset.index),
                text: row.innerText,
                icon: row.querySelector('.codicon-error') ? 'error' : row.querySelector('.codicon-warning') ? 'warning' : row.querySelector('.codicon-info') ? 'info' : 'unknown',
            })));
            const before = seen.size;
            for (const row of rows) if (!seen.has(row.index)) seen.set(row.index, row);
            if (round > 0 && seen.size === before) break;
            await this.page.mouse.wheel(0, box.height / 2);
            await this.page.waitForTimeout(100);
        }
        // Rows in list order: a file row ("name\ncount"), its markers ("message\nsource\ncode\n[Ln l, Col c]"), each
        // followed by its related-information rows (which have no severity icon and are left out).
        const rows: ProblemRow[] = [];
        let file = '';
        for (const row of [...seen.values()].sort((a, b) => a.index - b.index)) {
            const text = row.text.trim();
            const marker = /^(.*?)\n(\S+)(?:\n(\S+))?\n\[Ln (\d+), Col (\d+)\]$/s.exec(text);
            if (marker && row.icon !== 'unknown') {
                rows.push({ file, severity: row.icon as ProblemRow['severity'], message: marker[1].trim(), source: marker[2], code: marker[3] ?? '', line: Number(marker[4]), column: Number(marker[5]) });
                continue;
            }
            const fileRow = /^([^\n]+)\n(\d+)$/.exec(text);
            if (fileRow) file = fileRow[1];
        }
        return { total: await this.problemsBadge(), rows };
    }

    /** The number on the Problems tab, if shown. */
    async problemsBadge(): Promise<number | undefined> {
        const badge = this.page.locator('.panel .composite-bar .action-item', { hasText: 'Problems' }).locator('.badge-content').first();
        if (!(await badge.count())) return undefined;
        const text = (await badge.innerText()).trim();
        return text ? Number(text) : undefined;
    }

    /**
     * The frame of a webview whose document has set `window.__rtcellTimeline` (VS Code nests each webview in two
     * iframes; the inner one holds the extension's HTML).
     */
    async timelineFrame(timeoutMs = 60_000): Promise<Frame> {
        return waitFor('the timeline webview (window.__rtcellTimeline)', async () => {
            // A failed command shows an error at once: no point waiting for a webview that will not come.
            const shown = await this.notifications();
            if (shown.some((n) => /resulted in an error|^rtcell/i.test(n))) throw new GiveUp(`the command failed: ${shown.join(' | ')}`);
            for (const frame of this.page.frames()) {
                if (!frame.url().includes('webview')) continue;
                const ready = await frame.evaluate(() => Boolean((window as { __rtcellTimeline?: { ready?: boolean } }).__rtcellTimeline?.ready)).catch(() => false);
                if (ready) return frame;
            }
            return undefined;
        }, timeoutMs, 500);
    }

    /** The text of the first status bar item whose text contains `needle` (icons are not text). */
    async statusBarText(needle: string): Promise<string | undefined> {
        const item = this.page.locator('.part.statusbar .statusbar-item', { hasText: needle }).first();
        if (!(await item.count())) return undefined;
        return (await item.innerText()).trim();
    }

    /** Notifications currently shown (error toasts explain many failures). */
    async notifications(): Promise<string[]> {
        const toasts = await this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
        const dialogs = await this.page.locator('.monaco-dialog-box .dialog-message-text, .monaco-dialog-box .dialog-message-detail').allInnerTexts();
        return [...toasts, ...dialogs].map((t) => t.trim()).filter(Boolean);
    }
}
