/**
 * Finds the built timeline bundle (dist/webview/timeline.js and .css, written by scripts/build-webview.mjs during
 * `npm run build`) for the report to inline. Looked up from this module's location upwards, so it works from the
 * TypeScript sources (tests), from out/ (the CLI) and from an installed package that ships dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TimelineAssets {
    /** The renderer bundle (an IIFE). */
    script: string;
    /** Its stylesheet. */
    style: string;
}

export const TIMELINE_BUNDLE_DIR = join('dist', 'webview');

let cached: TimelineAssets | undefined;

/** Reads the bundle once per process. Throws a message that says which command builds it when it is missing. */
export function loadTimelineAssets(): TimelineAssets {
    if (cached) return cached;
    const dir = findBundleDir(dirname(fileURLToPath(import.meta.url)));
    if (!dir) {
        throw new Error(`the timeline bundle (${join(TIMELINE_BUNDLE_DIR, 'timeline.js')}) was not found: run \`npm run build\` (it runs scripts/build-webview.mjs)`);
    }
    cached = readTimelineAssets(dir);
    return cached;
}

/** The bundle in `dir`, read now (no cache): for a bundle built elsewhere, as the browser test does. */
export function readTimelineAssets(dir: string): TimelineAssets {
    return { script: readFileSync(join(dir, 'timeline.js'), 'utf8'), style: readFileSync(join(dir, 'timeline.css'), 'utf8') };
}

function findBundleDir(start: string): string | undefined {
    for (let dir = start; ; dir = dirname(dir)) {
        const candidate = join(dir, TIMELINE_BUNDLE_DIR);
        if (existsSync(join(candidate, 'timeline.js')) && existsSync(join(candidate, 'timeline.css'))) return candidate;
        if (dirname(dir) === dir) return undefined;
    }
}
