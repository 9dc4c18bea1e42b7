/**
 * Flow channels and the dedicated broker's cell.
 *
 * Each flow gets a shared-memory channel between its sender and receiver cells: one control page (the broker's
 * descriptors and the flow's state) plus two message buffers (double buffering: the sender fills one while the
 * broker's DMA drains the other), each rounded up to whole pages:
 *     size = page + 2 · ⌈message bytes / page⌉ · page.
 * Channels are plain (uncolored) memory placed top-down below the hypervisor's memory, 64 KiB aligned, clear of every
 * declared region's physical window and of every guest-physical range the root cell uses. Every cell that takes part
 * lists the channel at guest-physical = physical; when the root cell is an endpoint it lists the channel too and the
 * inmates' copies are ROOTSHARED (the root keeps it at `cell create`).
 *
 * The dedicated broker becomes a cell of its own on the broker's core: its RAM (for the broker image), every channel,
 * the registers and interrupts of its DMA engine, and the DMA engine's SMMU stream IDs.
 */
import type { SystemModel } from '../../model/types.js';
import { fileSlug, hex, type PlanContext } from './plan-context.js';
import type { ChannelPlan } from './plan-types.js';
import { intervalsOverlap, type Interval } from './root-coverage.js';
import { ZCU102_DMA_ENGINES, ZCU102_DRAM_BANKS, ZCU102_HYPERVISOR_MEMORY } from './zcu102-board.js';

const MiB = 1024 * 1024;
export const CHANNEL_ALIGN = 0x1_0000;
/** RAM given to the dedicated broker's cell for its image, stack and queues; 2 MiB aligned (one stage-2 block). */
export const BROKER_RAM_SIZE = 16 * MiB;
export const BROKER_RAM_ALIGN = 2 * MiB;

/** A flow's channel (the plan's `ChannelPlan`). */
export type PlannedChannel = ChannelPlan;

export interface BrokerCellPlan {
    name: string;
    core: number;
    dma: string;
    ramPhys: number;
    ramSize: number;
}

export function channelSize(messageBytes: number, pageSize: number): number {
    return pageSize + 2 * Math.ceil(Math.max(1, messageBytes) / pageSize) * pageSize;
}

/** Top-down first fit below the hypervisor's memory, in the high DRAM bank, clear of `occupied`. */
function place(size: number, occupied: Interval[], align = CHANNEL_ALIGN): number | undefined {
    const bank = ZCU102_DRAM_BANKS[1];
    let end: number = ZCU102_HYPERVISOR_MEMORY.start;
    for (;;) {
        const start = Math.floor((end - size) / align) * align;
        if (start < bank.start) return undefined;
        const candidate = { start, end: start + size };
        const clash = occupied.filter((o) => intervalsOverlap(o, candidate));
        if (clash.length === 0) {
            occupied.push(candidate);
            return start;
        }
        end = Math.min(...clash.map((c) => c.start));
    }
}

/** The name of the dedicated broker's cell: `broker`, unless a cell of the file has that name or file name. */
export function brokerCellName(model: SystemModel): string {
    const taken = new Set(model.cells.flatMap((c) => [c.name, fileSlug(c.name)]));
    for (const name of ['broker', 'inter-vm-broker', 'rtcell-broker']) if (!taken.has(name)) return name;
    return `broker-${model.cells.length}`;
}

export function planChannels(ctx: PlanContext, occupied: Interval[], brokerCore: number | undefined): { channels: PlannedChannel[]; broker?: BrokerCellPlan } {
    const { model } = ctx;
    const channels: PlannedChannel[] = [];
    const page = model.platform.pageSize;
    for (const flow of model.flows) {
        if (!ctx.cellNamed(flow.from) || !ctx.cellNamed(flow.to)) continue;
        const size = channelSize(flow.size, page);
        const phys = place(size, occupied);
        if (phys === undefined) {
            ctx.report('error', 'export-no-channel-space', `flow '${flow.name}': no ${size}-byte gap is left in the high DRAM bank below the hypervisor's memory for its channel.`, flow.source);
            continue;
        }
        channels.push({ flow: flow.name, from: flow.from, to: flow.to, phys, size, messageBytes: flow.size });
    }
    const brokerModel = model.hypervisor.broker;
    if (brokerModel?.mode !== 'dedicated' || brokerCore === undefined) return { channels };
    const ramPhys = place(BROKER_RAM_SIZE, occupied, BROKER_RAM_ALIGN);
    if (ramPhys === undefined) {
        ctx.report('error', 'export-no-channel-space', `no ${BROKER_RAM_SIZE / MiB} MiB gap is left in the high DRAM bank below the hypervisor's memory for the broker cell's RAM.`, brokerModel.source);
        return { channels };
    }
    if (!ZCU102_DMA_ENGINES[brokerModel.dma]) {
        ctx.report('warning', 'export-broker-dma-unknown', `the ZCU102 has no DMA engine '${brokerModel.dma}' the exporter knows (${Object.keys(ZCU102_DMA_ENGINES).join(', ')}): the broker cell gets no DMA registers.`, brokerModel.source);
    }
    ctx.report('info', 'export-broker-cell', `the dedicated broker gets cell '${brokerCellName(model)}' on core ${brokerCore}: ${BROKER_RAM_SIZE / MiB} MiB of RAM at ${hex(ramPhys)}, every flow channel and the '${brokerModel.dma}' DMA engine.`, brokerModel.source);
    return { channels, broker: { name: brokerCellName(model), core: brokerCore, dma: brokerModel.dma, ramPhys, ramSize: BROKER_RAM_SIZE } };
}
