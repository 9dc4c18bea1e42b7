/**
 * A platform the analysis and the simulator can represent: both keep per-core state (one result per core, one lane and
 * scheduler per core), so a core count like 4294967296 (a typo, or `cores 4 GiB` gone wrong) would exhaust memory
 * instead of producing a diagnostic. Found by bench:soak (seed 2, document 31398: out of memory in the analysis).
 */
import { reportAt, type Rule } from './rule-context.js';

/** Most cores a platform may declare: far above any Jailhouse target (the ZCU102 has 4), far below what memory limits. */
export const MAX_PLATFORM_CORES = 1024;

export const platformSize: Rule = (ctx) => {
    const { platform } = ctx.model;
    if (platform.cores > MAX_PLATFORM_CORES) {
        reportAt(ctx, platform, 'error', 'too-many-cores', `The platform declares ${platform.cores} cores; rtcell supports at most ${MAX_PLATFORM_CORES}`, { property: 'cores' });
    }
};
