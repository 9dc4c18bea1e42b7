#!/usr/bin/env node
/**
 * Bundles the timeline renderer (extension/webview/main.ts) into dist/webview/timeline.js (one IIFE, no imports, no
 * remote resources) and copies its stylesheet to dist/webview/timeline.css. The VS Code webview loads both files by
 * URI; `rtcell simulate --html` inlines both into the report (simulator/report/assets.ts reads them at run time).
 *
 * Usage: node scripts/build-webview.mjs [--outdir DIR] [--no-minify]
 */
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @param {{ outdir?: string, minify?: boolean }} [options]
 * @returns {Promise<{ script: string, style: string }>} paths of the written files
 */
export async function buildWebview(options = {}) {
    const outdir = resolve(repoRoot, options.outdir ?? 'dist/webview');
    const script = join(outdir, 'timeline.js');
    const style = join(outdir, 'timeline.css');
    await mkdir(outdir, { recursive: true });
    await build({
        entryPoints: [join(repoRoot, 'extension/webview/main.ts')],
        outfile: script,
        bundle: true,
        format: 'iife',
        platform: 'browser',
        // The report must open in any current browser; VS Code 1.100's webviews are Chromium 132.
        target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
        minify: options.minify ?? true,
        sourcemap: false,
        legalComments: 'none',
        logLevel: 'warning',
    });
    await copyFile(join(repoRoot, 'extension/webview/timeline.css'), style);
    return { script, style };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
    const args = process.argv.slice(2);
    const outdirAt = args.indexOf('--outdir');
    const outdir = outdirAt >= 0 ? args[outdirAt + 1] : undefined;
    buildWebview({ outdir, minify: !args.includes('--no-minify') }).then(
        ({ script, style }) => console.log(`timeline bundle: ${script}\ntimeline styles: ${style}`),
        (error) => {
            console.error(`build-webview: ${error instanceof Error ? error.message : String(error)}`);
            process.exitCode = 1;
        },
    );
}
