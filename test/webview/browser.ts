/**
 * Headless Chromium for the webview tests, the end-to-end test and the webview benchmark: Debian's /usr/bin/chromium
 * (or RTCELL_CHROMIUM) driven by playwright-core, which never downloads a browser. A missing browser is an error
 * naming the package to install, so a suite that needs it fails instead of passing empty.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.RTCELL_CHROMIUM ?? '/usr/bin/chromium';

export interface BrowserSession {
    context: BrowserContext;
    close(): Promise<void>;
}

/** A fresh profile in a temporary folder (removed on close), no network chatter, no GPU. */
export async function launchChromium(viewport = { width: 1280, height: 720 }): Promise<BrowserSession> {
    if (!existsSync(CHROMIUM_PATH)) {
        throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (or set RTCELL_CHROMIUM)`);
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
