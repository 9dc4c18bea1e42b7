/**
 * CPU sets. Jailhouse gives every non-root cell whole physical CPUs; the root cell starts with all of them and loses
 * each inmate's CPUs at `cell create`. What Jailhouse cannot express (reservations, time-shared cores, the broker's
 * core) becomes a diagnostic.
 */
import type { Cell } from '../../model/types.js';
import { formatTime } from '../../model/units.js';
import type { PlanContext } from './plan-context.js';

/** The CPUs a cell's configuration lists: its own cores plus the cores of its VCPUs, sorted. */
export function cellCpus(cell: Cell): number[] {
    return [...new Set([...cell.cores, ...cell.vcpus.map((v) => v.core)])].sort((a, b) => a - b);
}

/** Checks the CPU assignment and returns, for each core, the cell that runs on it (`undefined`: the root keeps it). */
export function planCpus(ctx: PlanContext): Map<number, string> {
    const { model } = ctx;
    const owners = new Map<number, string>();
    const coreCount = model.platform.cores;
    const broker = model.hypervisor.broker;

    for (const cell of model.cells) {
        for (const vcpu of cell.vcpus) {
            if (vcpu.budget < vcpu.period) {
                ctx.report(
                    'warning',
                    'export-vcpu-reservation',
                    `VCPU '${vcpu.name}' of cell '${cell.name}' reserves ${formatTime(vcpu.budget)} every ` +
                        `${formatTime(vcpu.period)} on core ${vcpu.core}: Jailhouse cannot enforce a CPU reservation, ` +
                        `so the cell is given core ${vcpu.core} whole (it gets more CPU time than analysed; nothing ` +
                        `else may run on that core).`,
                    vcpu.source ?? cell.source,
                );
            }
        }
        const cpus = cellCpus(cell);
        if (!cell.root && cpus.length === 0) {
            ctx.report('error', 'export-cell-without-cpu', `cell '${cell.name}' has no core or VCPU: Jailhouse cannot create a cell without a CPU.`, cell.source);
        }
        for (const cpu of cpus) {
            if (!Number.isInteger(cpu) || cpu < 0 || cpu >= coreCount) {
                ctx.report('error', 'export-core-out-of-range', `cell '${cell.name}' uses core ${cpu}, but the platform has cores 0..${coreCount - 1}.`, cell.source);
                continue;
            }
            const previous = owners.get(cpu);
            if (previous !== undefined) {
                const shared = cell.vcpus.some((v) => v.core === cpu) || (ctx.cellNamed(previous)?.vcpus.some((v) => v.core === cpu) ?? false);
                ctx.report(
                    'error',
                    shared ? 'export-time-shared-core' : 'export-core-conflict',
                    shared
                        ? `core ${cpu} is time-shared by cells '${previous}' and '${cell.name}': Jailhouse gives each CPU to exactly one cell and has no VCPU scheduler.`
                        : `core ${cpu} is given to both '${previous}' and '${cell.name}': Jailhouse gives each CPU to exactly one cell.`,
                    cell.source,
                );
                continue;
            }
            owners.set(cpu, cell.name);
        }
    }

    if (broker?.mode === 'dedicated' && broker.core !== undefined) {
        const owner = owners.get(broker.core);
        if (owner !== undefined) {
            ctx.report('error', 'export-broker-core-conflict', `the dedicated broker's core ${broker.core} is also given to cell '${owner}'.`, broker.source);
        } else {
            ctx.report(
                'warning',
                'export-dedicated-broker',
                `the dedicated inter-VM broker (RTSS 2021 prototype) is not part of Jailhouse: its cell on core ` +
                    `${broker.core} is exported, but the broker image is not; build it, load it into that cell ` +
                    `('jailhouse cell load') and start it, or the flows are not carried.`,
                broker.source,
            );
        }
    }
    if (broker?.mode === 'floating') {
        ctx.report(
            'warning',
            'export-floating-broker',
            'the floating broker runs inside the hypervisor and needs a Jailhouse patched with it: the flow channels are ' +
                'exported in both cells of each flow and the broker keeps its state in the hypervisor\'s memory, but an ' +
                'unpatched hypervisor carries no flows.',
            broker.source,
        );
    }
    return owners;
}
