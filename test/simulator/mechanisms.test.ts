/**
 * Hand-checked cases, one per mechanism of docs/semantics.md. Each expected number is derived in the comment above it
 * from the default overheads (notify 1500, dispatch 2000, dmaSetup 800, ipi 1000, irqEntry 500, nonPreemptible 6000 ns)
 * and the ZCU102 preset (gdma 1.6 GB/s).
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../simulator/engine/index.js';
import type { LatencyStatistics, SimulationResult } from '../../simulator/engine/index.js';
import { broker, cell, event, flow, MS, system, task, US, vcpu } from './model-builder.js';

function item(result: SimulationResult, qualifiedName: string): LatencyStatistics {
    const found = [...result.tasks, ...result.flows, ...result.events].find((s) => s.qualifiedName === qualifiedName);
    if (!found) throw new Error(`no statistics for ${qualifiedName}`);
    return found;
}

describe('dedicated broker', () => {
    it('one flow alone: notify + chunks (dispatch+setup+transfer+ipi) + receiver NP section + IRQ entry', () => {
        // Pending at 1500 (notify). 16 chunks of 4 KiB, each 2000+800 + ceil(4096e9/1.6e9)=2560 + 1000 (ipi) = 6360.
        // Last IPI reaches the receiver at 1500 + 16*6360 = 103260; a full NP section (6000) then IRQ entry (500).
        // Latency = 109760. Every job is alone (period 10 ms), so every job sees the same.
        const model = system({
            cells: [cell('a', { cores: [1] }), cell('b', { cores: [2] })],
            broker: broker(),
            flows: [flow('f', 'a', 'b', { size: 65536, period: 10 * MS })],
        });
        const r = simulate(model, { durationNs: 100 * MS, scenario: 'synchronous' });
        const f = item(r, 'f');
        expect(f.count).toBe(10);
        expect(f.max).toBe(109_760);
        expect(f.min).toBe(109_760);
        expect(f.misses).toBe(0);
    });

    it('DMA regulation stalls a chunk until the next MemGuard period', () => {
        // rate 1e9 B/s (1 byte/ns), budget 10000 B per 1 ms period, 4 chunks of 4096 B, pending at 1500.
        // chunk 1: setup to 4300, transfer to 8396 (used 4096), ipi to 9396.
        // chunk 2: setup to 12196, transfer to 16292 (used 8192), ipi to 17292.
        // chunk 3: setup to 20092, 1808 B left in the budget: stall at 21900 until 1 000 000, the other 2288 B end
        //          at 1 002 288, ipi to 1 003 288.
        // chunk 4: setup to 1 006 088, transfer to 1 010 184, ipi to 1 011 184; receiver NP 6000 + IRQ 500.
        // Latency = 1 017 684.
        const model = system({
            cells: [cell('a', { cores: [1] }), cell('b', { cores: [2] })],
            broker: broker({ dmaBudget: { bytesPerPeriod: 10_000, bytesPerSecond: 10_000_000 } }),
            flows: [flow('f', 'a', 'b', { size: 16384, period: 10 * MS })],
        });
        model.platform.dmaEngines[0].rate = 1_000_000_000;
        const r = simulate(model, { durationNs: 10 * MS, scenario: 'synchronous', trace: true });
        expect(item(r, 'f').max).toBe(1_017_684);
        // The stall shows on the DMA lane as a throttled interval from 21900 to 1 000 000.
        const trace = r.trace!;
        const dmaLane = trace.lanes.findIndex((l) => l.kind === 'dma');
        const throttled = trace.intervals.kind.map((k, i) => i).filter((i) => trace.intervals.lane[i] === dmaLane && trace.intervals.kind[i] === 3);
        expect(throttled.map((i) => [trace.intervals.start[i], trace.intervals.end[i]])).toEqual([[21_900, 1_000_000]]);
    });

    it('a more urgent flow waits for one less urgent chunk at most (adversarial arrival just after it starts)', () => {
        // Adversarial: lo (rank 0) pending at 1500 and picked at once; hi (rank 1) pending at 1501.
        // lo's chunk: 2800 + 2560 + 1000 = 6360 -> broker free at 7860. hi: 4 chunks of 6360 -> last IPI at
        // 7860 + 25440 = 33300, + NP 6000 + IRQ 500 = 39800; nominal release of hi is 1 (shift) -> latency 39799.
        const model = system({
            cells: [cell('a', { cores: [1] }), cell('b', { cores: [2] })],
            broker: broker(),
            flows: [
                flow('hi', 'a', 'b', { size: 16384, period: 10 * MS, priority: 2 }),
                flow('lo', 'a', 'b', { size: 65536, period: 10 * MS, priority: 1 }),
            ],
        });
        const r = simulate(model, { durationNs: 10 * MS, scenario: 'adversarial' });
        expect(item(r, 'hi').max).toBe(39_799);
    });
});

describe('tasks', () => {
    it('MemGuard throttles a task whose refills exceed the core budget', () => {
        // Q = 100 refills per 1 ms; C = 1 ms, m = 250: refill i at i*4000 ns of execution.
        // Refill 101 (at 404 000) stalls the core until 1 000 000; refills 101..200 then fit the second period and
        // refill 201 (at 804 000 of execution, i.e. t = 1 400 000) stalls until 2 000 000; the rest (196 000 ns) ends
        // at 2 196 000.
        const model = system({
            cells: [cell('c', { cores: [1], budget: { eventsPerPeriod: 100, bytesPerSecond: 6_400_000 }, tasks: [task('t', { period: 10 * MS, wcet: 1 * MS, memoryRefills: 250, core: 1 })] })],
        });
        const r = simulate(model, { durationNs: 10 * MS, scenario: 'synchronous', trace: true });
        expect(item(r, 'c.t').max).toBe(2_196_000);
        const trace = r.trace!;
        const throttled = trace.intervals.kind.map((k, i) => i).filter((i) => trace.intervals.lane[i] === 1 && trace.intervals.kind[i] === 3);
        expect(throttled.map((i) => [trace.intervals.start[i], trace.intervals.end[i]])).toEqual([[404_000, 1_000_000], [1_400_000, 2_000_000]]);
    });

    it('fixed-priority preemption', () => {
        // hi: T 3 ms, C 1 ms; lo: T 10 ms, C 4 ms. lo runs 1-3, is preempted 3-4, runs 4-6: R_lo = 6 ms
        // (= 4 + ceil(6/3)*1). hi always runs at its release: R_hi = 1 ms.
        const model = system({
            cells: [cell('c', { cores: [1], tasks: [task('hi', { period: 3 * MS, wcet: 1 * MS, priority: 2, core: 1 }), task('lo', { period: 10 * MS, wcet: 4 * MS, priority: 1, core: 1 })] })],
        });
        const r = simulate(model, { durationNs: 30 * MS, scenario: 'synchronous' });
        expect(item(r, 'c.hi').max).toBe(1 * MS);
        expect(item(r, 'c.lo').max).toBe(6 * MS);
        expect(item(r, 'c.lo').maxJob).toBe(0);
    });

    it('EDF: earlier absolute deadline first, ties FIFO by release', () => {
        // A: T=D=4 ms C 2 ms; B: T=D=6 ms C 3 ms (U = 1). A0 0-2, B0 2-5 (A1, deadline 8, waits), A1 5-7 (R 3),
        // B1 (released 6, deadline 12) 7-10, A2 (released 8, deadline 12: tie, B1 released first) 10-12 (R 4).
        // Max: A 4 ms at job 2, B 5 ms at job 0; no miss (fixed priority would miss: R_B = 7 ms > 6 ms).
        const model = system({
            cells: [cell('c', { cores: [1], scheduler: 'edf', tasks: [task('A', { period: 4 * MS, wcet: 2 * MS, core: 1 }), task('B', { period: 6 * MS, wcet: 3 * MS, core: 1 })] })],
        });
        const r = simulate(model, { durationNs: 24 * MS, scenario: 'synchronous' });
        expect(item(r, 'c.A').max).toBe(4 * MS);
        expect(item(r, 'c.A').maxJob).toBe(2);
        expect(item(r, 'c.B').max).toBe(5 * MS);
        expect(item(r, 'c.B').maxJob).toBe(0);
        expect(r.deadlineMisses).toBe(0);
    });

    it('VCPU servers: rate-monotonic polling servers supply their budget every period', () => {
        // Core 2: v0 (1 ms / 4 ms, no work, higher RM priority) and v1 (2 ms / 5 ms) running t (C 3 ms).
        // 0-1 v0 (polling: budget consumed though idle), 1-3 v1 (t runs 2 ms), 3-4 nothing has budget, 4-5 v0,
        // 5-6 v1 (t's last 1 ms): R = 6 ms.
        const model = system({
            cells: [
                cell('x', { vcpus: [vcpu('v0', 2, 1 * MS, 4 * MS)] }),
                cell('y', { vcpus: [vcpu('v1', 2, 2 * MS, 5 * MS)], tasks: [task('t', { period: 20 * MS, wcet: 3 * MS, core: 2, vcpu: 'v1' })] }),
            ],
        });
        const r = simulate(model, { durationNs: 20 * MS, scenario: 'synchronous' });
        expect(item(r, 'y.t').max).toBe(6 * MS);
    });
});

describe('floating broker and interrupts', () => {
    const model = () =>
        system({
            cells: [
                cell('a', { cores: [1], tasks: [task('s', { period: 10 * MS, wcet: 50 * US, core: 1 })] }),
                cell('b', { cores: [2], tasks: [task('r', { period: 10 * MS, wcet: 100 * US, core: 2 })], events: [event('irq', 2)] }),
            ],
            broker: broker({ mode: 'floating', core: undefined }),
            flows: [flow('f', 'a', 'b', { size: 4096, period: 10 * MS })],
        });

    it('floating-broker sections delay the tasks of the sender and receiver cores', () => {
        // The sender notifies at 0 just as its guest enters a full NP section (6000, part of s's own time): the submit
        // on core 1 runs 6000-10 300 (notify+dispatch 3500, DMA idle so +dmaSetup 800), the DMA moves 4096 B in
        // 2560 ns (ends 12 860). Sender task s: 50 us + 4300 = 54 300.
        // Completion IRQ on core 2 at 12 860: a full NP section (6000, part of r's own time) ends at 18 860; section
        // irqEntry+dispatch 2500 (nothing pending) + ipi 1000: 18 860-22 360 = flow latency 22 360.
        // Receiver task r: 100 us + 3500 = 103 500.
        const r = simulate(model(), { durationNs: 10 * MS, scenario: 'synchronous' });
        expect(item(r, 'a.s').max).toBe(54_300);
        expect(item(r, 'f').max).toBe(22_360);
        expect(item(r, 'b.r').max).toBe(103_500);
    });

    it('an event is blocked by a non-preemptible section', () => {
        // Synchronous: the event arrives at 0 just as a full NP section starts: 6000 + IRQ entry 500 = 6500.
        const sync = simulate(model(), { durationNs: 10 * MS, scenario: 'synchronous' });
        expect(item(sync, 'b.irq').max).toBe(6_500);
        // Adversarial: armed at 0, it arrives as the completion section starts on core 2 (18 860), waits for its
        // end (22 360), then IRQ entry: 4000.
        const adv = simulate(model(), { durationNs: 1 * MS, scenario: 'adversarial' });
        expect(item(adv, 'b.irq').count).toBe(1);
        expect(item(adv, 'b.irq').max).toBe(4_000);
    });

    it('an event on a VCPU waits for the blackout after its budget runs out (adversarial)', () => {
        // v: 2 ms / 5 ms alone on core 2. Arrival at 2 ms - 6000 with a full NP section that ends as the budget runs
        // out; the VCPU is back at 5 ms; + IRQ entry: 6000 + 3 ms + 500 = 3 006 500.
        const m = system({ cells: [cell('c', { vcpus: [vcpu('v', 2, 2 * MS, 5 * MS)], events: [event('e', 2, 'v')] })] });
        const r = simulate(m, { durationNs: 20 * MS, scenario: 'adversarial' });
        expect(item(r, 'c.e').max).toBe(3_006_500);
    });
});
