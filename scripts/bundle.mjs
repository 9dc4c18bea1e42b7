// Bundles the parts that run outside Node's ESM loader: the language server and the VS Code extension (CommonJS for
// the extension host, Node 20), and the command line (ESM, the package's bin: one file per command, so a command
// loads only what it needs and Node resolves no module graph at start-up). The timeline webview has its own script
// (scripts/build-webview.mjs), run after these.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';

const targets = [
    { entry: 'server/main.ts', outfile: 'dist/server.cjs', platform: 'node', format: 'cjs', target: 'node20' },
    { entry: 'extension/main.ts', outfile: 'dist/extension.cjs', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
];

for (const t of targets) {
    if (!existsSync(t.entry)) {
        console.log(`bundle: ${t.entry} not present, skipped`);
        continue;
    }
    await build({
        entryPoints: [t.entry],
        outfile: t.outfile,
        bundle: true,
        platform: t.platform,
        format: t.format,
        target: t.target,
        external: t.external ?? [],
        sourcemap: true,
        logLevel: 'warning',
        // Langium's ESM code uses import.meta.url; in a CJS bundle it must come from the bundle's own location.
        ...(t.format === 'cjs' ? { define: { 'import.meta.url': 'importMetaUrl' }, banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" } } : {}),
    });
    console.log(`bundle: ${t.outfile}`);
}

// The CLI: each command is a dynamic import in cli/cli.ts, which esbuild splits into its own chunk (shared code goes
// into common chunks). CommonJS dependencies inside need a real `require` for Node's built-in modules. Chunk names
// change with their content: the folder is emptied first so that no stale chunk stays beside the new ones.
rmSync('dist/cli', { recursive: true, force: true });
await build({
    entryPoints: { main: 'cli/main.ts' },
    outdir: 'dist/cli',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    chunkNames: 'chunks/[name]-[hash]',
    alias: { 'vscode-languageserver-protocol': './scripts/cli-lsp-protocol-stub.mjs' },
    banner: { js: "import { createRequire as __rtcellCreateRequire } from 'node:module'; const require = __rtcellCreateRequire(import.meta.url);" },
});
console.log('bundle: dist/cli/main.js');

const { buildWebview } = await import('./build-webview.mjs');
const webview = await buildWebview();
console.log(`bundle: ${webview.script}`);
