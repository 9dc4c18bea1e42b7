/**
 * Dependency injection for the rtcell language. `RtcellModule` adds our services to Langium's; the CLI uses the core
 * services only, the language server adds the LSP ones on top (server/).
 */
import {
    createDefaultCoreModule, createDefaultSharedCoreModule, createLangiumParser, DefaultLexer, inject,
    type DefaultSharedCoreModuleContext, type LangiumCoreServices, type LangiumSharedCoreServices, type Module,
    type PartialLangiumCoreServices, type PartialLangiumSharedCoreServices,
} from 'langium';
import { RtcellGeneratedModule, RtcellGeneratedSharedModule, RtcellLanguageMetaData } from './generated/module.js';
import { RtcellParserErrorMessageProvider } from './parser-error-messages.js';
import { IncrementalDocumentFactory } from './incremental-document-factory.js';
import { withFastResync } from './parser/fast-lexer-resync.js';
import { withLinearHiddenNodes } from './parser/linear-hidden-nodes.js';
import { LoweringCache } from './lowering-cache.js';
import { RtcellDocumentValidator } from './rtcell-document-validator.js';
import { LazyReferenceIndexManager, RtcellReferenceDescriptionProvider } from './references/lazy-reference-index.js';
import { RtcellLinker } from './references/rtcell-linker.js';
import { RtcellScopeComputation } from './references/rtcell-scope-computation.js';
import { RtcellScopeProvider } from './references/rtcell-scope-provider.js';
import { RtcellValidator, registerValidationChecks } from './rtcell-validator.js';

export interface RtcellAddedServices {
    validation: { RtcellValidator: RtcellValidator };
    lowering: { LoweringCache: LoweringCache };
}

export type RtcellServices = LangiumCoreServices & RtcellAddedServices;

export const RtcellModule: Module<RtcellServices, PartialLangiumCoreServices & RtcellAddedServices> = {
    validation: {
        RtcellValidator: (services) => new RtcellValidator(services.lowering.LoweringCache),
        DocumentValidator: (services) => new RtcellDocumentValidator(services),
    },
    lowering: {
        LoweringCache: () => new LoweringCache(),
    },
    parser: {
        LangiumParser: (services) => withLinearHiddenNodes(createLangiumParser(services)),
        Lexer: (services) => withFastResync(new DefaultLexer(services)),
        ParserErrorMessageProvider: () => new RtcellParserErrorMessageProvider(),
    },
    references: {
        Linker: (services) => new RtcellLinker(services),
        ScopeComputation: (services) => new RtcellScopeComputation(services),
        ScopeProvider: (services) => new RtcellScopeProvider(services),
    },
    workspace: {
        ReferenceDescriptionProvider: (services) => new RtcellReferenceDescriptionProvider(services),
    },
};

/**
 * Workspace services shared by the CLI and the server: re-parsing only what an edit touched, and the reference index
 * built on demand (both to keep a keystroke cheap on large documents).
 */
export const RtcellSharedModule: Module<LangiumSharedCoreServices, PartialLangiumSharedCoreServices> = {
    workspace: {
        LangiumDocumentFactory: (services) => new IncrementalDocumentFactory(services),
        IndexManager: (services) => new LazyReferenceIndexManager(services),
    },
};

/**
 * Core (non-LSP) services, for the CLI and tests. `production` skips the parser's and lexer's grammar self-checks at
 * start-up (the grammar is checked when it is generated and by the tests): the CLI starts faster.
 */
export function createRtcellCoreServices(context: DefaultSharedCoreModuleContext, options: { production?: boolean } = {}): { shared: LangiumSharedCoreServices; Rtcell: RtcellServices } {
    const shared = inject(createDefaultSharedCoreModule(context), RtcellGeneratedSharedModule, RtcellSharedModule);
    const production: Module<RtcellServices, PartialLangiumCoreServices> = options.production
        ? { LanguageMetaData: () => ({ ...RtcellLanguageMetaData, mode: 'production' }) }
        : {};
    const Rtcell = inject(createDefaultCoreModule({ shared }), RtcellGeneratedModule, RtcellModule, production);
    shared.ServiceRegistry.register(Rtcell);
    registerValidationChecks(Rtcell);
    return { shared, Rtcell };
}
