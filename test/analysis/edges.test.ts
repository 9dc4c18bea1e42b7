/** Edge cases the issue lists, and the dedicated/floating trade-off. Every expected number is derived in the comment. */
import { describe, expect, it } from 'vitest';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import { transferTime } from '../../simulator/model/units.js';
import { cell, flow, system, task, termsAddUp } from './builder.js';

const US = 1_000;
const MS = 1_000_000;
const O = { notify: 1500, dispatch: 2000, dmaSetup: 800, ipi: 1000, irqEntry: 500, nonPreemptible: 6000 };

describe('edge cases', () => {
    it('utilisation above 1: unschedulable, explicitly unbounded', () => {
        const m = system({ broker: null, cells: [cell('c', { cores: [0], tasks: [task('a', 6 * US, 10 * US, { priority: 2 }), task('b', 5 * US, 10 * US, { priority: 1 })] })] });
        const r = analyzeSystem(m);
        expect(r.tasks[0].verdict).toBe('schedulable'); // the higher priority alone fits
        expect(r.tasks[1].verdict).toBe('unschedulable');
        expect(r.tasks[1].wcrt).toBeUndefined();
        expect(r.tasks[1].reason).toMatch(/overloaded/);
    });

    // A single flow alone, zero jitter, unregulated DMA: notify + n·(dispatch + setup + ipi) + Σ transfer + NP + irq.
    // 10000 B in 4096-B chunks: 3 chunks (4096, 4096, 1808) at 1.6 GB/s: 2560 + 2560 + 1130 ns.
    it('a single flow alone: the bound is exactly the sum of its costs', () => {
        const m = system({ overheads: O, cells: [cell('s', { cores: [0] }), cell('r', { cores: [1] })], flows: [flow('f', 's', 'r', 10000, 10 * MS)] });
        const f = analyzeSystem(m).flows[0];
        const tt = 2 * transferTime(4096, 1_600_000_000) + transferTime(1808, 1_600_000_000);
        expect(tt).toBe(2560 + 2560 + 1130);
        expect(f.wcrt).toBe(1500 + 3 * (2000 + 800 + 1000) + tt + 6000 + 500);
        expect(termsAddUp(f)).toBe(true);
        expect(f.terms.find((t) => t.id === 'blocking')!.value).toBe(0);
        expect(f.terms.find((t) => t.id === 'release-jitter')!.value).toBe(0);
    });

    it('a chunk larger than the transfer is one non-preemptive unit', () => {
        const m = system({ overheads: O, cells: [cell('s', { cores: [0] }), cell('r', { cores: [1] })], flows: [flow('f', 's', 'r', 1000, 10 * MS, { chunkSize: 65536 })] });
        const f = analyzeSystem(m).flows[0];
        expect(f.wcrt).toBe(1500 + 2000 + 800 + 1000 + transferTime(1000, 1_600_000_000) + 6000 + 500);
    });

    it('jitter adds one to one on a lone flow', () => {
        const base = system({ overheads: O, cells: [cell('s', { cores: [0] }), cell('r', { cores: [1] })], flows: [flow('f', 's', 'r', 1000, 10 * MS)] });
        const jittered = system({ overheads: O, cells: [cell('s', { cores: [0] }), cell('r', { cores: [1] })], flows: [flow('f', 's', 'r', 1000, 10 * MS, { jitter: 77 * US })] });
        expect(analyzeSystem(jittered).flows[0].wcrt! - analyzeSystem(base).flows[0].wcrt!).toBe(77 * US);
    });

    // 64 KiB every 10 ms needs 6554 B per 1-ms period on average; a budget of 5000 B per period cannot carry it.
    it('a DMA budget slower than the flow\'s demand: unschedulable with the reason', () => {
        const m = system({ overheads: O, dmaBudget: 5_000_000, cells: [cell('s', { cores: [0] }), cell('r', { cores: [1] })], flows: [flow('f', 's', 'r', 65536, 10 * MS)] });
        const f = analyzeSystem(m).flows[0];
        expect(f.verdict).toBe('unschedulable');
        expect(f.wcrt).toBeUndefined();
        expect(f.reason).toMatch(/DMA bytes per MemGuard period/);
    });

    // A budget that binds but suffices: 65536 B at 20000 B per period; the first period can have been spent by earlier
    // traffic: 1 + ⌊65535/20000⌋ = 4 stalls, but this flow is alone and its messages end a period or more apart, so
    // its window starts with the whole budget: ⌊65535/20000⌋ = 3 stalls. Each ≤ P − ⌈(B − 5)·10⁹/1.6·10⁹⌉ −
    // 4·(ipi + dispatch + dmaSetup) = 1 ms − 12497 − 15200: B takes at least ⌈20000/4096⌉ = 5 chunks, with the
    // dedicated broker's gap between two (docs/analysis.md §2.4; before, 4 stalls of 1 ms − 12500 + 2).
    it('a binding DMA budget adds (1 + ⌊(X−1)/B⌋) stalls, one less for a flow alone', () => {
        const m = system({ overheads: O, dmaBudget: 20_000_000, cells: [cell('s', { cores: [0] }), cell('r', { cores: [1] })], flows: [flow('f', 's', 'r', 65536, 10 * MS)] });
        const f = analyzeSystem(m).flows[0];
        expect(f.terms.find((t) => t.id === 'dma-regulation')!.value).toBe(3 * (MS - 12_497 - 15_200));
        expect(f.dominant).toBe('dma-regulation');
        expect(f.throttledBy?.kind).toBe('dma');
        expect(termsAddUp(f)).toBe(true);
    });

    it('a task with memory demand under MemGuard gets a stall term; without refills it is exact', () => {
        const mk = (refills: number) => system({ broker: null, cells: [cell('c', { cores: [0], budgetEvents: 1000, tasks: [task('t', 500 * US, 10 * MS, { memoryRefills: refills })] })] });
        expect(analyzeSystem(mk(0)).tasks[0].wcrt).toBe(500 * US);
        const t = analyzeSystem(mk(2500)).tasks[0];
        // 2500 refills, Q = 1000: 1 + ⌊2500/1000⌋ = 3 stalls, each ≤ P − ⌊(1000−1)·500 us/2500⌋ + 1 = 1 ms − 199800 + 1.
        expect(t.terms.find((x) => x.id === 'memguard')!.value).toBe(3 * (MS - 199_800 + 1));
        expect(termsAddUp(t)).toBe(true);
    });
});

describe('dedicated vs floating broker on the same system', () => {
    const cells = () => [
        cell('s', { cores: [0], tasks: [task('work', 2 * MS, 10 * MS)], events: [{ name: 'irq', irq: 40, latencyBound: 10 * US, placement: { core: 0 } }] }),
        cell('r', { cores: [1], tasks: [task('sink', 2 * MS, 10 * MS, { placement: { core: 1 } })] }),
    ];
    const flows = () => [flow('hi', 's', 'r', 32768, 5 * MS, { priority: 2 }), flow('lo', 's', 'r', 16384, 10 * MS, { priority: 1 })];
    const dedicated = analyzeSystem(system({ overheads: O, cells: cells(), flows: flows() }));
    const floating = analyzeSystem(system({ overheads: O, cells: cells(), flows: flows(), broker: { mode: 'floating', core: undefined } }));

    it('frees the broker core', () => {
        expect(dedicated.cores[3].usage).toBe('broker');
        expect(floating.cores[3].usage).toBe('idle');
    });
    it('charges more hypervisor work to the communicating cores', () => {
        expect(floating.cores[0].hypervisorLoad).toBeGreaterThan(dedicated.cores[0].hypervisorLoad);
        expect(floating.cores[1].hypervisorLoad).toBeGreaterThan(dedicated.cores[1].hypervisorLoad);
        expect(floating.tasks[1].wcrt!).toBeGreaterThan(dedicated.tasks[1].wcrt!);
    });
    it('lengthens the longest non-preemptible section, so events there wait longer', () => {
        // With dispatch = 9 us the floating sections (submit: notify + dispatch + setup = 11.3 us on the sender core)
        // exceed the 6 us hypervisor section, so an event on the sender core waits for one: 11.3 us + 0.5 us entry.
        const big = { ...O, dispatch: 9000 };
        const d = analyzeSystem(system({ overheads: big, cells: cells(), flows: flows() }));
        const f = analyzeSystem(system({ overheads: big, cells: cells(), flows: flows(), broker: { mode: 'floating', core: undefined } }));
        expect(d.events[0].wcrt).toBe(6000 + 500);
        expect(f.events[0].wcrt).toBe(1500 + 9000 + 800 + 500);
        expect(f.events[0].wcrt).toBeGreaterThan(d.events[0].wcrt!);
    });
    it('every bound adds up in both modes', () => {
        for (const r of [dedicated, floating]) for (const i of [...r.flows, ...r.tasks, ...r.events]) expect(termsAddUp(i)).toBe(true);
    });
});
