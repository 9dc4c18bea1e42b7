/**
 * What `jailhouse enable`, `cell create` and `cell load` need from memory on the ZCU102, caught while typing (the
 * exporter applies the same rules, from simulator/export/jailhouse/root-coverage.ts):
 * - no region may lie over the hypervisor's memory (the last 16 MiB of the high DRAM bank);
 * - the root cell must be able to cover every inmate region at guest-physical = physical (`cell load` maps it
 *   through the root cell there, `cell create` unmaps it from the root cell there).
 * Only for the ZCU102 preset: the addresses are that board's.
 */
import { hypervisorOverlaps, rootCoverConflicts } from '../../simulator/export/jailhouse/root-coverage.js';
import { reportAt, type Rule } from './rule-context.js';

export const jailhouseMemory: Rule = (ctx) => {
    if (ctx.model.platform.preset !== 'zcu102') return;
    for (const problem of hypervisorOverlaps(ctx.model)) {
        if (ctx.hasErrorWithin(problem.region)) continue;
        reportAt(ctx, problem.region, 'error', 'overlaps-hypervisor', `${capitalize(problem.message)}: Jailhouse would map its own memory into the cell`);
    }
    for (const problem of rootCoverConflicts(ctx.model)) {
        if (ctx.hasErrorWithin(problem.region)) continue;
        reportAt(ctx, problem.region, 'error', 'root-cannot-cover', capitalize(problem.message));
    }
};

function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
