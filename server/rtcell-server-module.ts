/**
 * The language server's dependency injection: Langium's LSP services, the rtcell language (language/), and the
 * editor features of this folder. `createRtcellServices` is what main.ts and the tests call.
 */
import { inject, type Module, type PartialLangiumSharedCoreServices } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices,
} from 'langium/lsp';
import { RtcellGeneratedModule, RtcellGeneratedSharedModule } from '../language/generated/module.js';
import { RtcellModule, RtcellSharedModule, type RtcellAddedServices } from '../language/rtcell-module.js';
import { registerValidationChecks } from '../language/rtcell-validator.js';
import { registerAnalysisChecks } from './analysis-diagnostics.js';
import type { AnalysisEngine } from './analysis-engine.js';
import { AnalysisService } from './analysis-service.js';
import { RtcellCodeActionProvider } from './code-actions.js';
import { RtcellCodeLensProvider } from './code-lenses.js';
import { RtcellCompletionProvider } from './completion.js';
import { BackgroundSimulation } from './background-simulation.js';
import { CustomRequests } from './custom-requests.js';
import { findWorkerBundle, InProcessRunner, WorkerRunner, type ObservationRunner } from './observation-runner.js';
import { connectObservations } from './observation-publisher.js';
import { RtcellCommandHandler } from './execute-command.js';
import { RtcellFormatter } from './formatter.js';
import { RtcellHoverProvider } from './hover-provider.js';
import { RtcellInlayHintProvider } from './inlay-hints.js';
import { RtcellSemanticTokenProvider } from './semantic-tokens.js';
import { RtcellSettingsService } from './settings.js';

export interface RtcellServerAddedServices {
    server: {
        AnalysisService: AnalysisService;
        Settings: RtcellSettingsService;
        CustomRequests: CustomRequests;
        BackgroundSimulation: BackgroundSimulation;
    };
}

export type RtcellLspServices = LangiumServices & RtcellAddedServices & RtcellServerAddedServices;

export interface RtcellServerOptions {
    /** The analysis (and simulator) the server runs; main.ts passes simulator/analysis and simulator/engine. */
    engine: AnalysisEngine;
    /**
     * Where the background simulation runs: `worker` (main.ts: a worker thread, off when its bundle is missing),
     * `in-process` (tests: the server's thread, on a later turn), `off` (default).
     */
    observer?: 'worker' | 'in-process' | 'off';
}

function observationRunner(kind: RtcellServerOptions['observer']): ObservationRunner | undefined {
    if (kind === 'in-process') return new InProcessRunner();
    if (kind !== 'worker') return undefined;
    const bundle = findWorkerBundle();
    return bundle ? new WorkerRunner(bundle) : undefined;
}

export function createRtcellLspModule(options: RtcellServerOptions): Module<RtcellLspServices, PartialLangiumServices & RtcellServerAddedServices> {
    return {
        server: {
            AnalysisService: (services) => new AnalysisService(services.lowering.LoweringCache, options.engine),
            Settings: (services) => new RtcellSettingsService(services.shared.workspace.ConfigurationProvider),
            CustomRequests: (services) => new CustomRequests(services.shared, services),
            BackgroundSimulation: (services) => new BackgroundSimulation(observationRunner(options.observer), () => services.server.Settings.observation),
        },
        lsp: {
            HoverProvider: (services) => new RtcellHoverProvider(services.server.AnalysisService, services.server.BackgroundSimulation),
            InlayHintProvider: (services) => new RtcellInlayHintProvider(services.server.AnalysisService, services.server.Settings, services.server.BackgroundSimulation),
            CodeLensProvider: (services) => new RtcellCodeLensProvider(services.server.AnalysisService),
            CodeActionProvider: (services) => new RtcellCodeActionProvider(services, services.server.AnalysisService, services.server.Settings),
            CompletionProvider: (services) => new RtcellCompletionProvider(services),
            Formatter: () => new RtcellFormatter(),
            SemanticTokenProvider: (services) => new RtcellSemanticTokenProvider(services),
        },
    };
}

export function createRtcellServices(context: DefaultSharedModuleContext, options: RtcellServerOptions): { shared: LangiumSharedServices; Rtcell: RtcellLspServices } {
    // The lens commands act through the language's services, which are created after the shared ones.
    let requests: (() => CustomRequests) | undefined;
    const commands: Module<LangiumSharedServices, PartialLangiumSharedCoreServices> = {
        lsp: { ExecuteCommandHandler: (s: LangiumSharedServices) => new RtcellCommandHandler(s, () => requests!()) },
    } as Module<LangiumSharedServices, PartialLangiumSharedCoreServices>;
    const shared = inject(createDefaultSharedModule(context), RtcellGeneratedSharedModule, RtcellSharedModule as Module<LangiumSharedServices, PartialLangiumSharedCoreServices>, commands);
    const Rtcell = inject(
        createDefaultModule({ shared }),
        RtcellGeneratedModule,
        RtcellModule as unknown as Module<RtcellLspServices, RtcellAddedServices>,
        createRtcellLspModule(options),
    );
    requests = () => Rtcell.server.CustomRequests;
    shared.ServiceRegistry.register(Rtcell);
    registerValidationChecks(Rtcell);
    registerAnalysisChecks(Rtcell, Rtcell.server.AnalysisService);
    connectObservations(shared, Rtcell);
    shared.lsp.LanguageServer.onInitialize((params) => {
        Rtcell.server.Settings.setInitializationOptions(params.initializationOptions);
        (shared.lsp.ExecuteCommandHandler as RtcellCommandHandler).configure(params);
    });
    // Closed or deleted documents drop their consistent state (the custom requests must not answer for them).
    shared.workspace.DocumentBuilder.onUpdate((_changed, deleted) => {
        for (const uri of deleted) Rtcell.server.AnalysisService.forget(uri.toString());
    });
    return { shared, Rtcell };
}
