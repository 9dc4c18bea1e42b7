/** Builds the complete Jailhouse export plan for a system model (no rendering, no I/O). */
import type { SystemModel } from '../../model/types.js';
import { wayBytes } from './colored-layout.js';
import { fileSlug, hex, PlanContext } from './plan-context.js';

import { cellCpus, planCpus } from './plan-cpus.js';
import { irqchipsFor, planIrqs, rootIrqs } from './plan-irqs.js';
import { brokerCell, distributeChannels, routeBrokerIrqs } from './plan-broker-cell.js';
import { planChannels } from './plan-channels.js';
import { planMemory } from './plan-memory.js';
import { inmateConsole, mergeRootRegions, rootBoardRegions, rootStreamIds } from './plan-board-regions.js';
import { planMemguard, planQos } from './plan-runtime.js';
import type { ColoringOption, JailhousePlan, PlannedCell, PlannedRegion } from './plan-types.js';
import { COMM_REGION_SIZE, DEFAULT_COMM_REGION_VIRT, ZCU102_HYPERVISOR_MEMORY, ZCU102_UART0, ZCU102_UART1 } from './zcu102-board.js';

/** Jailhouse stores cell names in 32 bytes, NUL included. */
export const CELL_NAME_MAX = 31;


function overlapping(a: PlannedRegion, b: PlannedRegion): boolean {
    return a.virt < b.virt + b.size && b.virt < a.virt + a.size;
}

/** The comm region at the upstream default guest address, or past the cell's last region if that is taken. */
function commRegion(ctx: PlanContext, cellName: string, regions: readonly PlannedRegion[]): PlannedRegion {
    const comm: PlannedRegion = { comment: 'communication region', origin: 'comm', phys: 0, virt: DEFAULT_COMM_REGION_VIRT, size: COMM_REGION_SIZE, flags: ['READ', 'WRITE', 'COMM_REGION'] };
    if (regions.some((r) => overlapping(r, comm))) {
        const align = 0x1_0000;
        const end = Math.max(...regions.map((r) => r.virt + r.size));
        comm.virt = Math.ceil(end / align) * align;
        ctx.report('info', 'export-comm-region-moved', `cell '${cellName}': guest address ${hex(DEFAULT_COMM_REGION_VIRT)} is taken, so its communication region is at ${hex(comm.virt)}; tell the guest.`);
    }
    return comm;
}

export function buildPlan(model: SystemModel, coloring: ColoringOption): { plan: JailhousePlan; diagnostics: PlanContext['diagnostics'] } {
    const ctx = new PlanContext(model, coloring);
    if (model.platform.preset !== 'zcu102') {
        ctx.report('error', 'export-unsupported-platform', `the Jailhouse exporter knows the ZCU102's addresses only; platform '${model.platform.preset}' is not supported.`, model.platform.source);
    }
    const roots = model.cells.filter((c) => c.root);
    if (roots.length !== 1) {
        ctx.report('error', 'export-root-cell', roots.length === 0 ? 'no cell is marked root: Jailhouse needs a root cell (usually Linux) to enable the hypervisor.' : `cells ${roots.map((c) => `'${c.name}'`).join(', ')} are all marked root; Jailhouse has exactly one root cell.`, model.source);
    }
    if (coloring === 'bu') {
        ctx.report('info', 'export-bu-convention', "coloring 'bu': colored regions go to the separate col_mem array, masks read with the most significant color bit as color 0 (Boston University fork).");
    }
    if (coloring === 'none') {
        ctx.report('warning', 'export-runtime-needs-fork', "upstream Jailhouse has neither 'jailhouse memguard' nor 'jailhouse qos': the regulation script needs a fork that provides them (Minerva/TUM lineage).");
    } else if (coloring === 'bu') {
        ctx.report('warning', 'export-memguard-bu-syntax', "the regulation script uses the TUM-lineage 'jailhouse memguard CPU period_us budget event' command; the BU fork's own tool sets MemGuard per cell ('jailhouse cell memguard CELL period_ms budget'): translate the lines if you run the BU tool.");
    }

    const system = fileSlug(model.name);
    const seenFiles = new Map<string, string>();
    const coreOwners = planCpus(ctx);
    const memory = planMemory(ctx);
    const regions = memory.byCell;
    const irqs = planIrqs(ctx);
    const brokerModel = model.hypervisor.broker;
    const brokerCore =
        brokerModel?.mode === 'dedicated' && brokerModel.core !== undefined && Number.isInteger(brokerModel.core) && brokerModel.core >= 0 && brokerModel.core < model.platform.cores && !coreOwners.has(brokerModel.core)
            ? brokerModel.core
            : undefined;
    const { channels, broker } = planChannels(ctx, memory.occupied, brokerCore);
    const rootName = roots[0]?.name;
    distributeChannels(regions, channels, broker, rootName);
    if (broker) routeBrokerIrqs(ctx, irqs, broker);

    const cells: PlannedCell[] = [];
    const ordered = [...roots.slice(0, 1), ...model.cells.filter((c) => !c.root)];
    for (const cell of ordered) {
        if (cell.name.length > CELL_NAME_MAX) {
            ctx.report('error', 'export-cell-name-too-long', `cell name '${cell.name}' is longer than Jailhouse's ${CELL_NAME_MAX} characters.`, cell.source);
        }
        const file = `${system}-${cell.root ? 'system' : fileSlug(cell.name)}.c`;
        const clash = seenFiles.get(file);
        if (clash !== undefined) {
            ctx.report('error', 'export-file-name-clash', `cells '${clash}' and '${cell.name}' would both be written to ${file}.`, cell.source);
        }
        seenFiles.set(file, cell.name);

        const cellRegions = [...(regions.get(cell.name) ?? [])];
        if (cell.root) {
            if (!cell.memory.some((r) => !r.flags.includes('io'))) {
                ctx.report('warning', 'export-root-without-ram', `root cell '${cell.name}' declares no RAM: its configuration maps only inmate handover regions and devices, and Linux cannot run from that.`, cell.source);
            }
            cellRegions.splice(0, cellRegions.length, ...mergeRootRegions(cellRegions));
            cellRegions.push(...rootBoardRegions());
        } else {
            cellRegions.push(inmateConsole());
            for (let i = 0; i < cellRegions.length; i++) {
                for (let j = i + 1; j < cellRegions.length; j++) {
                    if (overlapping(cellRegions[i], cellRegions[j])) {
                        ctx.report('error', 'export-guest-overlap', `cell '${cell.name}': ${cellRegions[i].comment} and ${cellRegions[j].comment} overlap in the guest's address space (${hex(Math.max(cellRegions[i].virt, cellRegions[j].virt))}).`, cell.source);
                    }
                }
            }
            cellRegions.push(commRegion(ctx, cell.name, cellRegions));
            if (!cellRegions.some((r) => r.flags.includes('LOADABLE'))) {
                ctx.report('warning', 'export-no-loadable-region', `cell '${cell.name}' has no loadable region: 'jailhouse cell load' cannot place its image.`, cell.source);
            }
        }
        const cellIrqs = irqs.get(cell.name) ?? [];
        cells.push({
            name: cell.name,
            root: cell.root,
            file,
            ...(cell.os ? { os: cell.os } : {}),
            cpus: cell.root ? Array.from({ length: model.platform.cores }, (_, i) => i) : cellCpus(cell),
            regions: cellRegions,
            irqchips: irqchipsFor(cell.root ? rootIrqs() : cellIrqs),
            irqs: cellIrqs,
            consoleAddress: cell.root ? ZCU102_UART0 : ZCU102_UART1,
            streamIds: cell.root ? rootStreamIds() : [],
        });
    }
    if (broker) {
        const file = `${system}-${fileSlug(broker.name)}.c`;
        const clash = seenFiles.get(file);
        if (clash !== undefined) ctx.report('error', 'export-file-name-clash', `cell '${clash}' and the broker's cell would both be written to ${file}.`);
        cells.push(brokerCell(broker, channels, rootName, file, irqs.get(broker.name) ?? [], (r) => commRegion(ctx, broker.name, r)));
    }

    const memguard = planMemguard(ctx, coreOwners);
    const qos = planQos(ctx);
    const geometry = ctx.geometry;
    const plan: JailhousePlan = {
        system: model.name,
        coloring,
        numColors: geometry.numColors,
        pageSize: geometry.pageSize,
        wayBytes: wayBytes(geometry),
        hypervisorMemory: { phys: ZCU102_HYPERVISOR_MEMORY.start, size: ZCU102_HYPERVISOR_MEMORY.size },
        cells,
        memguard,
        ...(qos ? { qos } : {}),
        channels: channels.map((c) => ({ ...c })),
    };
    return { plan, diagnostics: ctx.diagnostics };
}
