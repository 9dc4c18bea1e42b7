/**
 * Puts the flow channels into the cells that use them and assembles the dedicated broker's cell (see plan-channels.ts
 * for where channels and the broker's RAM are placed).
 */
import { irqchipsFor } from './plan-irqs.js';
import type { BrokerCellPlan, PlannedChannel } from './plan-channels.js';
import type { PlanContext } from './plan-context.js';
import { sortFlags } from './plan-memory.js';
import { inmateConsole } from './plan-board-regions.js';
import type { PlannedCell, PlannedRegion } from './plan-types.js';
import { ZCU102_DMA_ENGINES, ZCU102_DMA_STREAM_IDS, ZCU102_UART1 } from './zcu102-board.js';

/** A flow's channel as one cell lists it; `rootShared`: the root cell is an endpoint, so inmates leave it to the root. */
export function channelRegion(channel: PlannedChannel, rootShared: boolean): PlannedRegion {
    return {
        comment: `channel of flow ${channel.flow} (${channel.from} -> ${channel.to}, ${channel.messageBytes}-byte messages)`,
        origin: 'channel',
        sourceRegion: channel.flow,
        phys: channel.phys,
        virt: channel.phys,
        size: channel.size,
        flags: sortFlags(['READ', 'WRITE', ...(rootShared ? (['ROOTSHARED'] as const) : [])]),
    };
}

function brokerCellRegions(broker: BrokerCellPlan, channels: readonly PlannedChannel[], rootName: string | undefined): PlannedRegion[] {
    const regions: PlannedRegion[] = [
        { comment: 'RAM of the broker (its image, stack and queues)', origin: 'broker', phys: broker.ramPhys, virt: 0, size: broker.ramSize, flags: ['READ', 'WRITE', 'EXECUTE', 'LOADABLE'] },
        ...channels.map((c) => channelRegion(c, c.from === rootName || c.to === rootName)),
    ];
    const dma = ZCU102_DMA_ENGINES[broker.dma];
    if (dma) regions.push({ comment: `${broker.dma} DMA engine registers (8 channels)`, origin: 'board', phys: dma.base, virt: dma.base, size: dma.size, flags: ['READ', 'WRITE', 'IO'] });
    regions.push(inmateConsole());
    return regions;
}

/** Adds each channel to the regions of the cells it connects, and the root's handover of the broker cell's RAM. */
export function distributeChannels(regions: Map<string, PlannedRegion[]>, channels: readonly PlannedChannel[], broker: BrokerCellPlan | undefined, rootName: string | undefined): void {
    for (const channel of channels) {
        const rootShared = channel.from === rootName || channel.to === rootName;
        for (const end of new Set([channel.from, channel.to])) regions.get(end)?.push(channelRegion(channel, rootShared && end !== rootName));
    }
    if (broker && rootName !== undefined) {
        // The broker's RAM is loadable: `cell load` maps it through the root cell, so the root covers it (handover).
        regions.get(rootName)?.push({ comment: `handover: RAM of the broker cell ${broker.name} (taken at cell create)`, origin: 'handover', sourceCell: broker.name, phys: broker.ramPhys, virt: broker.ramPhys, size: broker.ramSize, flags: ['READ', 'WRITE', 'EXECUTE'] });
    }
}

/** The broker's cell takes its DMA engine's SPIs; a cell of the file that uses one of them is an error. */
export function routeBrokerIrqs(ctx: PlanContext, irqs: Map<string, number[]>, broker: BrokerCellPlan): void {
    const dmaIrqs = ZCU102_DMA_ENGINES[broker.dma]?.irqs ?? [];
    for (const [cellName, cellIrqs] of irqs) {
        const clash = cellIrqs.filter((i) => dmaIrqs.includes(i));
        if (clash.length > 0) ctx.report('error', 'export-irq-conflict', `cell '${cellName}' uses interrupt ${clash.join(', ')} of the '${broker.dma}' DMA engine, which the dedicated broker's cell needs.`, ctx.cellNamed(cellName)?.source);
    }
    irqs.set(broker.name, [...dmaIrqs]);
}

/** The dedicated broker's cell; `comm` adds the communication region where the cell's guest space has room. */
export function brokerCell(broker: BrokerCellPlan, channels: readonly PlannedChannel[], rootName: string | undefined, file: string, irqs: number[], comm: (regions: PlannedRegion[]) => PlannedRegion): PlannedCell {
    const regions = brokerCellRegions(broker, channels, rootName);
    regions.push(comm(regions));
    const dmaStreams = ZCU102_DMA_STREAM_IDS[broker.dma];
    return {
        name: broker.name,
        root: false,
        file,
        os: 'inter-VM broker (RTSS 2021), image not exported',
        cpus: [broker.core],
        regions,
        irqchips: irqchipsFor(irqs),
        irqs,
        consoleAddress: ZCU102_UART1,
        streamIds: dmaStreams ? [{ ...dmaStreams }] : [],
        broker: true,
    };
}
