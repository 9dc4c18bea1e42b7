/**
 * Issue 16, contract seed 101 (test/regressions/contract-vmpcp-overrun-stall.rtcell): with `vmpcp overrun` a VCPU
 * whose job holds a global resource stays current while its MemGuard-regulated core is throttled (docs/semantics.md
 * §3, §9), so its overrun lasts as long as the stalls met inside the section, not just the section's 41 ns. The job's
 * refills are spread over the execution time it actually has (semantics §2), as short as its BCET (50 ns here), so
 * the 41 ns section of t0 can make 1,230 of its 1,500 refills and meet two stalls of up to 1 ms: v1_0 may then run
 * through a whole period of v1_1, whose blackout is not bounded by 2(Π − Θ). docs/analysis.md §10.3.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../language/load.js';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import { simulate, SCENARIOS } from '../../simulator/engine/index.js';
import type { SystemModel } from '../../simulator/model/types.js';

const MS = 1_000_000;
const TEXT = readFileSync(new URL('../regressions/contract-vmpcp-overrun-stall.rtcell', import.meta.url), 'utf8');

async function load(text: string): Promise<SystemModel> {
    const { model, diagnostics } = await loadModelFromText(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return model!;
}

describe('vMPCP overrun through MemGuard stalls', () => {
    it('the simulator lets v1_0 overrun a whole period of v1_1, so the analysis no longer admits v1_1', async () => {
        const model = await load(TEXT);
        const sim = simulate(model, { durationNs: 100 * MS, seed: 7, scenario: 'random', trace: true });
        const trace = sim.trace!;
        const lane = (name: string) => trace.lanes.findIndex((l) => l.name === name);
        const [v0, v1] = [lane('c0/v1_0'), lane('c1/v1_1')];
        const busy = (l: number, from: number, to: number) => {
            let covered = 0;
            for (let i = 0; i < trace.intervals.lane.length; i++) {
                if (trace.intervals.lane[i] !== l) continue;
                covered += Math.max(0, Math.min(to, trace.intervals.end[i]) - Math.max(from, trace.intervals.start[i]));
            }
            return covered;
        };
        // Some 2 ms period in which v1_1 is never scheduled while v1_0 (budget 200 us) holds the core throughout.
        const starved = [];
        for (let k = 0; k < 50; k++) {
            if (busy(v1, k * 2 * MS, (k + 1) * 2 * MS) === 0 && busy(v0, k * 2 * MS, (k + 1) * 2 * MS) === 2 * MS) starved.push(k);
        }
        expect(starved.length).toBeGreaterThan(0);
        const e1 = sim.events.find((e) => e.qualifiedName === 'c1.e1')!;
        // Above non-preemptible 6 us + 2(Π − Θ) 3.26 ms + IRQ entry 500 ns, the bound of an admitted v1_1.
        expect(Math.max(e1.max, e1.maxUnfinishedAge)).toBeGreaterThan(3_266_500);

        const analysis = analyzeSystem(model);
        expect(analysis.vcpus.find((v) => v.name === 'v1_1')!.admissible).toBe(false);
        expect(analysis.events.find((e) => e.name === 'e1')!.verdict).toBe('inconclusive');
    });

    it('with BCET = WCET the section makes at most 127 refills, one stall: v1_1 is admitted at R = 1,570,041 ns and bounds hold', async () => {
        const model = await load(TEXT.replace('bcet 50 ns', 'bcet 500 ns'));
        const analysis = analyzeSystem(model);
        // Overrun of v1_0: ⌊(41 + 1)·1500/500⌋ + 1 = 127 refills in the section, 1 + ⌊127/500⌋ = 1 stall of at most
        // P = 1 ms, no VCPU before v1_0: 41 ns + 1 ms. v1_1: R = 370 us + (200 us + 1,000,041 ns) ≤ 2 ms.
        const v1 = analysis.vcpus.find((v) => v.name === 'v1_1')!;
        expect(v1.admissible).toBe(true);
        expect(v1.responseTime).toBe(370_000 + 200_000 + 1_000_041);
        const bound = analysis.events.find((e) => e.name === 'e1')!;
        expect(bound.wcrt).toBe(3_266_500);
        for (const scenario of SCENARIOS) {
            const e1 = simulate(model, { durationNs: 100 * MS, seed: 7, scenario }).events.find((e) => e.qualifiedName === 'c1.e1')!;
            expect(Math.max(e1.max, e1.maxUnfinishedAge), scenario).toBeLessThanOrEqual(bound.wcrt!);
        }
    });

    /**
     * v (1 ms every 10 ms) runs ta and tb, each waiting for a global resource held on another core when the budget
     * runs out (h1 holds g1 until 12 ms, h2 holds g2 until 15 ms in the period from 10 ms): ta is handed g1 and overruns
     * 2 ms, then tb is handed g2 and overruns 2 ms more. Two overruns in one period, not one: v takes 5 ms.
     */
    const TWO_HOLDERS = `system "two-holders" on zcu102

platform {
  cores 4 at 1199999988 Hz
}

hypervisor jailhouse {
  memguard period 1000000 ns
  vmpcp overrun
  overheads { notify 1500 ns dispatch 2000 ns dma-setup 800 ns ipi 1000 ns irq-entry 500 ns nonpreemptible 6000 ns }
}

resource g1 shared with a, b, c
resource g2 shared with a, b, c

cell a root {
  vcpu v on core 0 budget 1000000 ns period 10000000 ns
  scheduler fixed-priority
  task ta period 10000000 ns wcet 2000000 ns bcet 2000000 ns deadline 10000000 ns priority 2 uses g1 for 2000000 ns on v
  task tb period 10000000 ns wcet 2000000 ns bcet 2000000 ns deadline 10000000 ns priority 1 uses g2 for 2000000 ns on v
}

cell w {
  vcpu vw on core 0 budget 6500000 ns period 10000000 ns
  scheduler fixed-priority
  event ew irq 34 on vw
  task tw period 10000000 ns wcet 6500000 ns bcet 6500000 ns deadline 10000000 ns priority 1 on vw
}

cell b {
  cores 1
  scheduler fixed-priority
  task h1 period 7000000 ns wcet 5000000 ns bcet 5000000 ns deadline 7000000 ns priority 1 uses g1 for 5000000 ns
}

cell c {
  cores 2
  scheduler fixed-priority
  task h2 period 9000000 ns wcet 6000000 ns bcet 6000000 ns deadline 9000000 ns priority 1 uses g2 for 6000000 ns
}
`;

    it('counts one overrun per task of the VCPU, not one per VCPU', async () => {
        const model = await load(TWO_HOLDERS);
        const trace = simulate(model, { durationNs: 100 * MS, scenario: 'synchronous', trace: true }).trace!;
        const perPeriod = (laneName: string) => {
            const lane = trace.lanes.findIndex((l) => l.name === laneName);
            const use = new Array<number>(10).fill(0);
            for (let i = 0; i < trace.intervals.lane.length; i++) {
                if (trace.intervals.lane[i] === lane) use[Math.floor(trace.intervals.start[i] / (10 * MS))] += trace.intervals.end[i] - trace.intervals.start[i];
            }
            return use;
        };
        expect(Math.max(...perPeriod('a/v'))).toBe(1 * MS + 2 * MS + 2 * MS);
        // So vw may get 5 ms in a period: a budget of 6.5 ms is not admissible (R = 6.5 + 1 + 2 + 2 ms), 5 ms is, at R = Π.
        expect(Math.min(...perPeriod('w/vw'))).toBe(5 * MS);
        expect(analyzeSystem(model).vcpus.find((v) => v.name === 'vw')!.admissible).toBe(false);
        const fits = analyzeSystem(await load(TWO_HOLDERS.replace('budget 6500000 ns', 'budget 5000000 ns'))).vcpus.find((v) => v.name === 'vw')!;
        expect(fits.admissible).toBe(true);
        expect(fits.responseTime).toBe(10 * MS);
    });
});
