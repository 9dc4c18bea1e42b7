/**
 * Interrupt routing. Each event's interrupt goes to the cell that declares it, through a GICv2 irqchip entry
 * (pin_base 32 + 128·k, four 32-bit words). IDs below 32 are per-core SGIs/PPIs: nothing to route. The root cell
 * keeps every SPI except the PMU overflow lines MemGuard needs; Jailhouse moves an inmate's SPIs to it at
 * `cell create`.
 */
import type { PlanContext } from './plan-context.js';
import type { PlannedIrqchip } from './plan-types.js';
import { ZCU102_GIC, ZCU102_PMU_IRQS } from './zcu102-board.js';

/** Irqchip entries for a set of SPIs, one per 128-pin block that holds any of them, in address order. */
export function irqchipsFor(irqs: readonly number[]): PlannedIrqchip[] {
    const chips = new Map<number, PlannedIrqchip>();
    for (const irq of [...irqs].sort((a, b) => a - b)) {
        const block = Math.floor((irq - ZCU102_GIC.firstSpi) / ZCU102_GIC.pinsPerIrqchip);
        const pinBase = ZCU102_GIC.firstSpi + block * ZCU102_GIC.pinsPerIrqchip;
        let chip = chips.get(pinBase);
        if (!chip) {
            chip = { address: ZCU102_GIC.gicd, pinBase, pinBitmap: [0, 0, 0, 0] };
            chips.set(pinBase, chip);
        }
        const pin = irq - pinBase;
        const word = Math.floor(pin / 32);
        chip.pinBitmap[word] = (chip.pinBitmap[word] | (1 << (pin % 32))) >>> 0;
    }
    return [...chips.values()].sort((a, b) => a.pinBase - b.pinBase);
}

/** Every SPI the root cell may use: all implemented SPIs but the PMU overflow lines kept for MemGuard. */
export function rootIrqs(): number[] {
    const irqs: number[] = [];
    for (let irq = ZCU102_GIC.firstSpi; irq < ZCU102_GIC.numIrqs; irq++) {
        if (!ZCU102_PMU_IRQS.includes(irq)) irqs.push(irq);
    }
    return irqs;
}

/** The SPIs routed to each cell (by name), after checking ranges and conflicts. */
export function planIrqs(ctx: PlanContext): Map<string, number[]> {
    const routed = new Map<string, number[]>();
    const claimedBy = new Map<number, string>();
    for (const cell of ctx.model.cells) {
        const irqs: number[] = [];
        for (const event of cell.events) {
            const where = `event '${event.name}' of cell '${cell.name}'`;
            if (!Number.isInteger(event.irq) || event.irq < 0 || event.irq >= ZCU102_GIC.numIrqs) {
                ctx.report('error', 'export-irq-out-of-range', `${where} uses interrupt ${event.irq}; the ZCU102 GIC implements IDs 0..${ZCU102_GIC.numIrqs - 1}.`, event.source);
                continue;
            }
            if (event.irq < ZCU102_GIC.firstSpi) {
                ctx.report('info', 'export-private-irq', `${where}: interrupt ${event.irq} is a per-core SGI/PPI, private to the cell's core; it needs no irqchip routing.`, event.source);
                continue;
            }
            if (ZCU102_PMU_IRQS.includes(event.irq)) {
                ctx.report('error', 'export-irq-reserved', `${where}: interrupt ${event.irq} is a PMU overflow line that MemGuard uses in the hypervisor.`, event.source);
                continue;
            }
            const other = claimedBy.get(event.irq);
            if (other !== undefined && other !== cell.name) {
                ctx.report('error', 'export-irq-conflict', `${where}: interrupt ${event.irq} is already routed to cell '${other}'; Jailhouse routes each interrupt to one cell.`, event.source);
                continue;
            }
            claimedBy.set(event.irq, cell.name);
            if (!irqs.includes(event.irq)) irqs.push(event.irq);
        }
        routed.set(cell.name, irqs.sort((a, b) => a - b));
    }
    return routed;
}
