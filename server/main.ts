/**
 * The rtcell language server over stdio (bundled to dist/server.cjs). Start: `node dist/server.cjs --stdio`.
 */
import { setFlagsFromString } from 'node:v8';
import { NodeFileSystem } from 'langium/node';
import { startLanguageServer } from 'langium/lsp';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { DEFAULT_ENGINE } from './default-engine.js';
import { SETTINGS_SECTION } from './protocol.js';
import { createRtcellServices } from './rtcell-server-module.js';

/**
 * Heap growth: V8 lets the old generation grow to up to four times what survived the last full collection before it
 * collects again. Each keystroke on a large document leaves the previous analysis behind as garbage in the old
 * generation (it lived until the next version replaced it), so a burst of typing on the 500-flow document grew the
 * server to 250-270 MiB while less than 50 MiB was live. Growing by at most 50 % between full collections keeps its
 * peak near 170 MiB, for more frequent full collections (the 90th percentile of a flow keystroke measured in process
 * went from about 73 to 85-95 ms; 30 % saved no more memory). It is a factor, not a cap, so a larger workspace still
 * gets the heap it needs. V8 reads it at every collection, so it applies although the heap already exists.
 * Measured by bench/server.ts (peak resident memory).
 */
const HEAP_GROWING_PERCENT = 50;
setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

const connection = createConnection(ProposedFeatures.all);
const { shared, Rtcell } = createRtcellServices({ connection, ...NodeFileSystem }, { engine: DEFAULT_ENGINE, observer: 'worker' });
Rtcell.server.CustomRequests.register(connection);
// When the inlay-hint setting changes, ask the client to fetch hints again (if it supports the refresh request).
let canRefreshHints = false;
shared.lsp.LanguageServer.onInitialize((params) => {
    canRefreshHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
});
shared.workspace.ConfigurationProvider.onConfigurationSectionUpdate((update) => {
    if (update.section === SETTINGS_SECTION && canRefreshHints) void connection.languages.inlayHint.refresh();
});
startLanguageServer(shared);
