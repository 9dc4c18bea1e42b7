/**
 * The rtcell language server over stdio (bundled to dist/server.cjs). Start: `node dist/server.cjs --stdio`.
 */
import { NodeFileSystem } from 'langium/node';
import { startLanguageServer } from 'langium/lsp';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { CustomRequests } from './custom-requests.js';
import { DEFAULT_ENGINE } from './default-engine.js';
import { SETTINGS_SECTION } from './protocol.js';
import { createRtcellServices } from './rtcell-server-module.js';

const connection = createConnection(ProposedFeatures.all);
const { shared, Rtcell } = createRtcellServices({ connection, ...NodeFileSystem }, { engine: DEFAULT_ENGINE });
new CustomRequests(shared, Rtcell).register(connection);
// When the inlay-hint setting changes, ask the client to fetch hints again (if it supports the refresh request).
let canRefreshHints = false;
shared.lsp.LanguageServer.onInitialize((params) => {
    canRefreshHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
});
shared.workspace.ConfigurationProvider.onConfigurationSectionUpdate((update) => {
    if (update.section === SETTINGS_SECTION && canRefreshHints) void connection.languages.inlayHint.refresh();
});
startLanguageServer(shared);
