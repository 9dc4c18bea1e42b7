/**
 * Headless Chromium for the webview tests and the benchmark (Debian's /usr/bin/chromium driven by playwright-core,
 * as in ../shared/TOOLING.md). Under CI a missing browser is an error, so the suite fails instead of passing empty.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.RTCELL_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM_PATH);
export const underCi = Boolean(process.env.CI) && process.env.CI !== 'false';

export interface BrowserSession {
    context: BrowserContext;
    close(): Promise<void>;
}

export async function launchChromium(viewport = { width: 1280, height: 720 }): Promise<BrowserSession> {
    if (!chromiumAvailable) {
        throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (required under CI)`);
    }
    const profile = mkdtempSync(join(tmpdir(), 'rtcell-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        viewport,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync'],
    });
    return {
        context,
        async close() {
            await context.close();
            rmSync(profile, { recursive: true, force: true });
        },
    };
}
