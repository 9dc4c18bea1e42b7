/**
 * Interrupt lines: an inmate's routed SPIs become `event irq_N irq N` lines (an interrupt without a latency bound is
 * reported by the analysis, not checked); the root cell's are a note, since rtcell's export routes every SPI no inmate
 * takes to the root cell. Irqchips other than the ZCU102's GIC distributor cannot be said at all.
 */
import { ZCU102_GIC } from '../../export/jailhouse/zcu102-board.js';
import type { ImportedEvent, ImportNote } from './imported-system.js';
import type { RawCell } from './raw-config.js';
import { hex, intSet } from './text-values.js';

export interface IrqImport {
    events: ImportedEvent[];
    notes: ImportNote[];
}

export function importIrqs(cell: RawCell, root: boolean): IrqImport {
    const result: IrqImport = { events: [], notes: [] };
    cell.irqchips.forEach((chip, i) => {
        const field = `irqchips[${i}]`;
        const lines: number[] = [];
        chip.pinBitmap.forEach((word, k) => {
            for (let b = 0; b < 32; b++) if ((word >>> b) & 1) lines.push(chip.pinBase + 32 * k + b);
        });
        const value = `address ${hex(chip.address)} id ${chip.id} pin_base ${chip.pinBase} pin_bitmap ${chip.pinBitmap.map((w) => hex(w)).join(',')}`;
        if (chip.address !== BigInt(ZCU102_GIC.gicd) || chip.id !== 0) {
            result.notes.push({ kind: 'lost', field, value, reason: `not the ZCU102's GIC distributor (${hex(ZCU102_GIC.gicd)}): the language routes interrupts only through it` });
            return;
        }
        if (lines.length === 0) return;
        if (root) {
            result.notes.push({ kind: 'info', field, value: `GIC ${hex(chip.address)}, interrupts ${intSet(lines)}`, reason: "rtcell's export routes every SPI that no inmate takes to the root cell" });
            return;
        }
        const invalid = lines.filter((n) => n < ZCU102_GIC.firstSpi || n >= ZCU102_GIC.numIrqs);
        if (invalid.length > 0) {
            result.notes.push({ kind: 'lost', field, value: `interrupts ${intSet(invalid)}`, reason: `outside the ZCU102's SPIs ${ZCU102_GIC.firstSpi}..${ZCU102_GIC.numIrqs - 1}` });
        }
        for (const irq of lines) {
            if (invalid.includes(irq) || result.events.some((e) => e.irq === irq)) continue;
            result.events.push({ name: `irq_${irq}`, irq });
        }
    });
    return result;
}
