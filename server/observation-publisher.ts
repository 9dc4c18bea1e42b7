/**
 * Connects the background simulation to the client: starts it once a version is analysed, cancels it when a document
 * changes, and when observations arrive sends `rtcell/observed`, republishes the document's diagnostics with any
 * disagreement between the simulator and the analysis, and asks the client to refresh inlay hints that show them.
 */
import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { disagreementDiagnostics } from './observation-diagnostics.js';
import { OBSERVED_NOTIFICATION, type ObservedParams } from './protocol.js';
import type { RtcellLspServices } from './rtcell-server-module.js';

export function connectObservations(shared: LangiumSharedServices, services: RtcellLspServices): void {
    const background = services.server.BackgroundSimulation;
    const analysis = services.server.AnalysisService;
    let canRefreshHints = false;
    shared.lsp.LanguageServer.onInitialize((params) => {
        canRefreshHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    });

    // An edit makes a run of the previous version useless: stop it before the new version is even parsed.
    shared.workspace.DocumentBuilder.onUpdate((changed, deleted) => {
        for (const uri of changed) background.cancel(uri.toString());
        for (const uri of deleted) background.forget(uri.toString());
    });
    shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, (documents) => {
        for (const document of documents) schedule(document);
    });

    function schedule(document: LangiumDocument): void {
        if (!background.enabled) return;
        const entry = analysis.get(document);
        if (entry.blockedBy || !entry.analysis) return;
        const model = entry.checked.model;
        background.schedule(document.uri.toString(), document.textDocument.version, document.parseResult.value, model, analysis.fingerprintOf(model));
    }

    background.onObserved((observation) => {
        const connection = shared.lsp.Connection;
        if (!connection) return;
        const { root, ...params } = observation;
        void connection.sendNotification(OBSERVED_NOTIFICATION, params satisfies ObservedParams);
        const document = shared.workspace.LangiumDocuments.getDocument(URI.parse(observation.uri));
        if (document && document.parseResult.value === root) {
            const entry = analysis.get(document);
            const extra = entry.analysis ? disagreementDiagnostics(observation, entry.analysis, entry.checked.model, entry.checked.index) : [];
            if (extra.length > 0) {
                void connection.sendDiagnostics({ uri: observation.uri, version: document.textDocument.version, diagnostics: [...(document.diagnostics ?? []), ...extra] });
            }
        }
        if (canRefreshHints && services.server.Settings.hintsShowObserved) void connection.languages.inlayHint.refresh();
    });
    background.onFailed(({ uri, error }) => shared.lsp.Connection?.console.warn(`rtcell: the background simulation of ${uri} failed: ${error}`));
}
