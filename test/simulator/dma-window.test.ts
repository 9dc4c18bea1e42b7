/**
 * The adversarial scenario's DMA budget window (simulator/engine/dma-window.ts, docs/trace-format.md "Scenarios"): the
 * least urgent flows spend the DMA budget from a MemGuard boundary on, and the other flows are released as it runs
 * out, so they meet the regulation stall the broker analysis charges (docs/analysis.md §2.4).
 */
import { describe, expect, it } from 'vitest';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import { planDmaWindow } from '../../simulator/engine/dma-window.js';
import { simulate } from '../../simulator/engine/index.js';
import { broker, cell, flow, MS, system } from './model-builder.js';

describe('DMA budget window plan', () => {
    it('spends the budget with the least urgent flows, holds the others, and starts the first chunk at a boundary', () => {
        // In increasing urgency: 3000 + 9000 B reach B = 10,000; the two more urgent flows are held.
        const plan = planDmaWindow([{ index: 4, bytes: 3000 }, { index: 0, bytes: 9000 }, { index: 1, bytes: 50_000 }, { index: 2, bytes: 10 }], 10_000, MS, 10_300)!;
        expect([...plan.burnerShift]).toEqual([[4, MS - 10_300], [0, MS - 10_300 + 1]]);
        expect(plan.held).toEqual([1, 2]);
        expect(plan.fallbackAt).toBe(2 * MS);
        // Nothing to wait for before the first chunk: it starts at 0, itself a boundary.
        expect(planDmaWindow([{ index: 0, bytes: 20_000 }, { index: 1, bytes: 1 }], 10_000, MS, 0)!.fallbackAt).toBe(MS);
    });

    it('takes the largest messages when the less urgent ones are too small, and gives up when nothing is left to hold', () => {
        // The three least urgent hold 300 B, so spending B that way takes every flow; the most urgent one's 50,000 B
        // spend it alone, so only that flow burns (released first, its chunk starting at the first boundary).
        const plan = planDmaWindow([{ index: 0, bytes: 100 }, { index: 1, bytes: 100 }, { index: 2, bytes: 100 }, { index: 3, bytes: 50_000 }], 10_000, MS, 0)!;
        expect([...plan.burnerShift]).toEqual([[3, 0]]);
        expect(plan.held).toEqual([0, 1, 2]);
        // Every flow would be needed: no plan. An unregulated DMA: no plan.
        expect(planDmaWindow([{ index: 0, bytes: 6000 }, { index: 1, bytes: 6000 }], 10_000, MS, 0)).toBeUndefined();
        expect(planDmaWindow([{ index: 0, bytes: 60_000 }, { index: 1, bytes: 6000 }], Number.POSITIVE_INFINITY, MS, 0)).toBeUndefined();
    });
});

describe('adversarial scenario against the floating broker with a regulated DMA', () => {
    // Floating broker, fixed priorities, default overheads (notify 1500, dispatch 2000, dmaSetup 800, ipi 1000, irqEntry
    // 500, guest section 6000 ns), gdma at 1.6 GB/s, P = 1 ms, B = 16,000 B per period, chunks of 4 KiB. L (65,536 B,
    // priority 1) goes from core 0 to core 1, H (4,096 B, priority 2) from core 2 to core 3.
    const model = system({
        cells: [
            cell('a', { root: true, cores: [0] }), cell('b', { cores: [1] }), cell('c', { cores: [2] }), cell('d', { cores: [3] }),
        ],
        flows: [
            flow('L', 'a', 'b', { size: 65_536, period: 20 * MS, priority: 1 }),
            flow('H', 'c', 'd', { size: 4096, period: 20 * MS, priority: 2 }),
        ],
        broker: broker({ mode: 'floating', core: undefined, dmaBudget: { bytesPerPeriod: 16_000, bytesPerSecond: 16_000_000 } }),
    });

    // Bound of H (docs/analysis.md §2): submit 3500 + J' (guest section 6000 + dmaSetup 800) = 10,300; blocking by L's
    // last unit (2561 + 6000 + 500 + 2000 + 800 + 1000 = 12,861) + the DMA setup of the section that picked it (800) =
    // 13,661; one stall σ = P − ⌈(B − 4)/1.6⌉ − 3·3300 = 1,000,000 − 9998 − 9900 = 980,102 (B takes at least four
    // chunks, with irqEntry + dispatch + dmaSetup between two of them); H's own unit 12,861. Total 1,016,924.
    it('the analysis charges one stall shortened by the chunk gaps', () => {
        const h = analyzeSystem(model).flows.find((f) => f.name === 'H')!;
        expect(h.wcrt).toBe(1_016_924);
        expect(h.terms.find((t) => t.id === 'dma-regulation')!.value).toBe(980_102);
        expect(h.terms.find((t) => t.id === 'blocking')!.value).toBe(13_661);
    });

    // Simulated: L is released at 1 ms − 10,300 (guest section, notify, dispatch, setup), so its first chunk starts at
    // 1 ms; its chunks follow every 5860 ns (2560 transfer + 3300 gap, no guest section while the budget is spent), and
    // its fourth, started at 1,017,580, spends the last 3712 B at 1,019,900: H is released there. The DMA stalls until
    // 2 ms (980,100 ns), finishes L's chunk (240 ns), a completion section after a guest section picks H (6000 + 2500 +
    // 800), H moves (2560) and its completion section ends with the IPI (6000 + 2500 + 800 + 1000): 1,002,500 ns.
    // The gap to the bound, 14,424 ns, is documented (docs/analysis.md §2.4): H's submit (10,300) runs while the DMA
    // is stalled; of the blocking, the part of L's chunk moved before the budget ran out (2320), the setup of the
    // section that picked it (800) and L's sender IPI (1000, this chunk is not L's last) were never ahead of H (4121
    // with the 1 ns rounding allowance); 3 ns of rounding.
    it('H meets the stall: 1,002,500 ns against the bound of 1,016,924 ns', () => {
        const sim = simulate(model, { durationNs: 40 * MS, scenario: 'adversarial' });
        const h = sim.flows.find((f) => f.name === 'H')!;
        expect(h.max).toBe(1_002_500);
        expect(1_016_924 - h.max).toBe(10_300 + 4121 + 3);
        // Without the window (every flow released together, the synchronous scenario) H never meets a stall.
        expect(simulate(model, { durationNs: 40 * MS, scenario: 'synchronous' }).flows.find((f) => f.name === 'H')!.max).toBeLessThan(50_000);
    });
});
