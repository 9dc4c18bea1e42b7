/**
 * Run-time regulation: one MemGuard setting per core (budget in LLC-refill events per period) and the QoS-400
 * setting of the broker's DMA engine.
 */
import { bandwidthToEvents, eventsToBandwidth, formatBandwidth } from '../../model/units.js';
import type { PlanContext } from './plan-context.js';
import type { MemguardLine, QosSetting } from './plan-types.js';
import {
    PMU_EVENT_L2D_CACHE_REFILL,
    QOS_BYTES_PER_TRANSACTION,
    QOS_INTERCONNECT_CLOCK_HZ,
    ZCU102_QOS_DEVICES,
    ZCU102_QOS_NIC_BASE,
} from './zcu102-board.js';

/** QoS-400 rate field: 12 bits, tokens (transactions) per interconnect cycle in units of 2^-12. */
export const QOS_RATE_MAX = 0xfff;
/** QoS-400 burstiness field: 16 bits, transactions. */
export const QOS_BURST_MAX = 0xffff;

/** Rate field granting at most `bytesPerSecond` (rounded down: never more than the budget). */
export function qosRateField(bytesPerSecond: number, clockHz = QOS_INTERCONNECT_CLOCK_HZ, bytesPerTransaction = QOS_BYTES_PER_TRANSACTION): number {
    return Number((BigInt(bytesPerSecond) * 4096n) / (BigInt(clockHz) * BigInt(bytesPerTransaction)));
}

/** Bandwidth a rate field grants, bytes/s rounded down. */
export function qosRateBandwidth(rate: number, clockHz = QOS_INTERCONNECT_CLOCK_HZ, bytesPerTransaction = QOS_BYTES_PER_TRANSACTION): number {
    return Number((BigInt(rate) * BigInt(clockHz) * BigInt(bytesPerTransaction)) / 4096n);
}

/**
 * Events per period for a cell's budget. The conversion from bytes/s is units.ts's (rounded down); when the file
 * gave the budget in events, the bytes/s form is itself derived (rounded down), so the events form is kept.
 */
export function budgetEvents(bytesPerSecond: number, eventsPerPeriod: number, periodNs: number, lineSize: number): { events: number; consistent: boolean } {
    const converted = bandwidthToEvents(bytesPerSecond, periodNs, lineSize);
    if (converted === eventsPerPeriod) return { events: converted, consistent: true };
    if (eventsToBandwidth(eventsPerPeriod, periodNs, lineSize) === bytesPerSecond) return { events: eventsPerPeriod, consistent: true };
    return { events: Math.min(converted, eventsPerPeriod), consistent: false };
}

export function planMemguard(ctx: PlanContext, coreOwners: Map<number, string>): MemguardLine[] {
    const { model } = ctx;
    const periodNs = model.hypervisor.memguardPeriod;
    const lineSize = model.platform.llc.lineSize;
    if (periodNs % 1000 !== 0 || periodNs <= 0) {
        ctx.report('error', 'export-memguard-period', `the MemGuard period ${periodNs} ns is not a whole number of microseconds, the unit of 'jailhouse memguard'.`, model.hypervisor.source);
        return [];
    }
    const periodUs = periodNs / 1000;
    const broker = model.hypervisor.broker;
    const root = ctx.rootCell;
    const lines: MemguardLine[] = [];
    for (let cpu = 0; cpu < model.platform.cores; cpu++) {
        const isBrokerCore = broker?.mode === 'dedicated' && broker.core === cpu && !coreOwners.has(cpu);
        const cellName = coreOwners.get(cpu) ?? (isBrokerCore ? undefined : root?.name);
        const cell = cellName !== undefined ? ctx.cellNamed(cellName) : undefined;
        const owner = isBrokerCore ? 'broker' : cellName ?? 'none';
        const line: MemguardLine = { cpu, owner, periodUs, eventType: PMU_EVENT_L2D_CACHE_REFILL };
        if (cell?.budget) {
            const { events, consistent } = budgetEvents(cell.budget.bytesPerSecond, cell.budget.eventsPerPeriod, periodNs, lineSize);
            if (!consistent) {
                ctx.report('warning', 'export-budget-mismatch', `cell '${cell.name}': its budget ${formatBandwidth(cell.budget.bytesPerSecond)} and ${cell.budget.eventsPerPeriod} events per period disagree; the smaller, ${events} events, is exported.`, cell.budget.source);
            }
            if (events === 0) {
                ctx.report('error', 'export-zero-budget', `cell '${cell.name}': a budget of ${formatBandwidth(cell.budget.bytesPerSecond)} is less than one ${lineSize}-byte refill per period; MemGuard would stall core ${cpu} for good.`, cell.budget.source);
            }
            line.budgetEvents = events;
            line.bytesPerSecond = cell.budget.bytesPerSecond;
        } else if (isBrokerCore) {
            ctx.report('info', 'export-broker-core-unregulated', `core ${cpu} runs the dedicated broker, which has no MemGuard budget: its data moves through the regulated DMA.`, broker?.source);
        } else {
            ctx.report('warning', 'export-unregulated-core', `core ${cpu} (${owner === 'none' ? 'no cell' : `cell '${owner}'`}) has no memory budget: MemGuard leaves it unregulated, so the DRAM bandwidth the other budgets rely on is not guaranteed.`, cell?.source);
        }
        lines.push(line);
    }
    return lines;
}

export function planQos(ctx: PlanContext): QosSetting | undefined {
    const broker = ctx.model.hypervisor.broker;
    if (!broker) return undefined;
    const budget = broker.dmaBudget;
    if (!budget) {
        ctx.report('warning', 'export-dma-unregulated', `the broker's DMA '${broker.dma}' has no budget: no QoS-400 setting is exported and the DMA's DRAM traffic is not bounded.`, broker.source);
        return undefined;
    }
    const device = ZCU102_QOS_DEVICES[broker.dma];
    if (!device) {
        ctx.report('warning', 'export-qos-unknown-dma', `no QoS-400 regulator is known for DMA engine '${broker.dma}' on the ZCU102 (known: ${Object.keys(ZCU102_QOS_DEVICES).join(', ')}); its budget is not exported.`, broker.source);
        return undefined;
    }
    let rate = qosRateField(budget.bytesPerSecond);
    if (rate === 0) {
        ctx.report('error', 'export-qos-rate-too-small', `the DMA budget ${formatBandwidth(budget.bytesPerSecond)} is below the QoS-400 regulator's smallest rate (${formatBandwidth(qosRateBandwidth(1))} with the assumed clock and burst size).`, budget.source);
        return undefined;
    }
    if (rate > QOS_RATE_MAX) {
        ctx.report('warning', 'export-qos-rate-clamped', `the DMA budget ${formatBandwidth(budget.bytesPerSecond)} exceeds the QoS-400 rate field; it is clamped to ${formatBandwidth(qosRateBandwidth(QOS_RATE_MAX))}, less than analysed.`, budget.source);
        rate = QOS_RATE_MAX;
    }
    let burst = Math.max(1, Math.floor(budget.bytesPerPeriod / QOS_BYTES_PER_TRANSACTION));
    if (burst > QOS_BURST_MAX) {
        ctx.report('warning', 'export-qos-burst-clamped', `the DMA's per-period budget of ${budget.bytesPerPeriod} bytes exceeds the QoS-400 burst field; it is clamped to ${QOS_BURST_MAX} transactions.`, budget.source);
        burst = QOS_BURST_MAX;
    }
    return {
        device: broker.dma,
        regulatorAddress: ZCU102_QOS_NIC_BASE + device.offset,
        bytesPerSecond: budget.bytesPerSecond,
        bytesPerPeriod: budget.bytesPerPeriod,
        rate,
        burst,
    };
}
