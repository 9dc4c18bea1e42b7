/**
 * Dependency injection for the rtcell language. `RtcellModule` adds our services to Langium's; the CLI uses the core
 * services only, the language server adds the LSP ones on top (server/).
 */
import {
    createDefaultCoreModule, createDefaultSharedCoreModule, inject,
    type DefaultSharedCoreModuleContext, type LangiumCoreServices, type LangiumSharedCoreServices, type Module,
    type PartialLangiumCoreServices,
} from 'langium';
import { RtcellGeneratedModule, RtcellGeneratedSharedModule } from './generated/module.js';
import { LoweringCache } from './lowering-cache.js';
import { RtcellValidator, registerValidationChecks } from './rtcell-validator.js';

export interface RtcellAddedServices {
    validation: { RtcellValidator: RtcellValidator };
    lowering: { LoweringCache: LoweringCache };
}

export type RtcellServices = LangiumCoreServices & RtcellAddedServices;

export const RtcellModule: Module<RtcellServices, PartialLangiumCoreServices & RtcellAddedServices> = {
    validation: {
        RtcellValidator: (services) => new RtcellValidator(services.lowering.LoweringCache),
    },
    lowering: {
        LoweringCache: () => new LoweringCache(),
    },
};

/** Core (non-LSP) services, for the CLI and tests. */
export function createRtcellCoreServices(context: DefaultSharedCoreModuleContext): { shared: LangiumSharedCoreServices; Rtcell: RtcellServices } {
    const shared = inject(createDefaultSharedCoreModule(context), RtcellGeneratedSharedModule);
    const Rtcell = inject(createDefaultCoreModule({ shared }), RtcellGeneratedModule, RtcellModule);
    shared.ServiceRegistry.register(Rtcell);
    registerValidationChecks(Rtcell);
    return { shared, Rtcell };
}
