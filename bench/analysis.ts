/**
 * Benchmark of the schedulability analysis: generated systems of 10, 100, 1,000 and 5,000 items (a third flows, two
 * thirds tasks, spread over three cores and a dedicated broker), plus the 100-flow/200-task figure the issue asks for.
 * Prints the time per analysis and the growth ratio between sizes. Then the shapes users write (analysis-shapes.ts):
 * log-uniform periods on one core (1,000 and 10,000 tasks, and overloaded), VCPU cells (12 × 10 tasks, 100 and 300
 * cells), the 8-cell/500-flow/2,000-task system, and a floating EDF broker; each without searches, with the VCPU
 * interface searches, and with the fix searches, against the goals of issue 17.
 * Run: npm run bench:analysis (all), or with `shapes` / `sizes` for one part.
 */
import { analyzeSystem } from '../simulator/analysis/index.js';
import { defaultOverheads, zcu102Preset } from '../simulator/model/presets.js';
import type { Cell, Flow, SystemModel, Task } from '../simulator/model/types.js';
import { floatingEdfBroker, logUniformCore, manyCells, rng, vcpuCells } from './analysis-shapes.js';

const MS = 1_000_000;
const PERIODS = [5, 10, 20, 40, 50, 100, 200].map((p) => p * MS);

export function generate(flows: number, tasks: number, seed = 1): SystemModel {
    const rand = rng(seed);
    const cells: Cell[] = [0, 1, 2].map((core) => ({
        name: `c${core}`, root: core === 0, cores: [core], vcpus: [], scheduler: core === 2 ? 'edf' : 'fixed-priority',
        colors: [], banks: [], memory: [], sharedWith: [], tasks: [], events: [],
        budget: { bytesPerSecond: 400_000_000, eventsPerPeriod: 6250 },
    }));
    for (let i = 0; i < tasks; i++) {
        const c = cells[i % 3];
        const period = PERIODS[Math.floor(rand() * PERIODS.length)];
        // Keep each core's utilisation around 0.6 whatever the task count.
        const share = 0.6 / Math.ceil(tasks / 3);
        const wcet = Math.max(1000, Math.floor(period * share * (0.5 + rand())));
        const t: Task = {
            name: `t${i}`, period, sporadic: false, wcet, bcet: wcet, deadline: period, priority: 1_000_000 - period / 1000 - i,
            // Refills scale like the WCET, so each core's refill rate (and its MemGuard load) stays the same at every size.
            priorityDeclared: true, jitter: 0, memoryRefills: Math.floor((rand() * 200 * 67) / Math.max(67, Math.ceil(tasks / 3))), placement: { core: c.cores[0] },
        };
        c.tasks.push(t);
    }
    const fl: Flow[] = [];
    for (let i = 0; i < flows; i++) {
        const period = PERIODS[Math.floor(rand() * PERIODS.length)] * 2;
        fl.push({
            name: `f${i}`, from: `c${i % 3}`, to: `c${(i + 1) % 3}`, size: 256 + Math.floor(rand() * (2_000_000 / Math.max(1, flows))),
            period, sporadic: false, deadline: period, priority: 1_000_000 - i, priorityDeclared: true, jitter: Math.floor(rand() * 100_000), chunkSize: 4096,
        });
    }
    return {
        name: `bench-${flows}-${tasks}`, platform: zcu102Preset(),
        hypervisor: {
            kind: 'jailhouse', memguardPeriod: MS, overheads: defaultOverheads(),
            broker: { mode: 'dedicated', core: 3, policy: 'fixed-priority', chunkSize: 4096, dma: 'gdma', dmaBudget: { bytesPerSecond: 800_000_000, bytesPerPeriod: 800_000 } },
        },
        cells, flows: fl,
    };
}

/**
 * Best time of several runs after warm-up runs (the machine is shared: the best run is the least disturbed one).
 * Large systems: one warm-up and the best of two (a run takes seconds).
 */
function time(model: SystemModel, items: number): { ms: number; unschedulable: number } {
    const [warmups, runs] = items <= 1000 ? [3, 10] : [1, 2];
    for (let k = 0; k < warmups; k++) analyzeSystem(model);
    let best = Infinity;
    let unschedulable = 0;
    for (let k = 0; k < runs; k++) {
        const t0 = performance.now();
        const r = analyzeSystem(model);
        best = Math.min(best, performance.now() - t0);
        unschedulable = r.summary.unschedulable + r.summary.inconclusive;
    }
    return { ms: best, unschedulable };
}

interface Shape {
    name: string;
    model: () => SystemModel;
    /** Goal of issue 17 for the full analysis (fixes and interfaces), ms. */
    goalMs?: number;
    /** Goal for the analysis without searches, ms. */
    plainGoalMs?: number;
}

const SHAPES: Shape[] = [
    { name: '1,000 FP tasks, log-uniform periods', model: () => logUniformCore(1000), plainGoalMs: 15 },
    { name: '10,000 FP tasks, log-uniform periods', model: () => logUniformCore(10_000), plainGoalMs: 1000 },
    { name: '1,000 FP tasks, overloaded core (U = 1.05)', model: () => logUniformCore(1000, 1, 1.05) },
    { name: '12 VCPU cells × 10 tasks', model: () => vcpuCells(12, 10), goalMs: 50 },
    { name: '100 VCPU cells × 2 tasks', model: () => vcpuCells(100, 2) },
    { name: '300 VCPU cells × 2 tasks', model: () => vcpuCells(300, 2), goalMs: 1000 },
    { name: '8 cells, 500 flows, 2,000 tasks, 7 VCPUs', model: () => manyCells(), goalMs: 2000 },
    { name: '8 cells, 500 flows, 2,000 tasks, overloaded core 0', model: () => manyCells(1, true) },
    { name: '8 flows, floating EDF broker', model: () => floatingEdfBroker() },
];

/** One timed run (the shapes take up to seconds each; the machine is shared, so figures are indicative). */
function once(model: SystemModel, options: Parameters<typeof analyzeSystem>[1]): { ms: number; cpuMs: number; result: ReturnType<typeof analyzeSystem> } {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const result = analyzeSystem(model, options);
    const cpu = process.cpuUsage(c0);
    return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, result };
}

function shapes(): void {
    console.log('\nshapes (ms: no searches / + VCPU interfaces / + fixes = the default analysis; goals from issue 17)');
    const only = process.argv[3]; // a part of a shape's name: measure only those
    for (const shape of SHAPES) {
        if (only && !shape.name.includes(only)) continue;
        const model = shape.model();
        const rss0 = process.memoryUsage().rss;
        const plain = once(model, { fixes: false, interfaces: false });
        const heavy = plain.ms > 3000; // one run of each kind is enough to see where such a system stands
        // Warm-up, then the best of three (wall and CPU time: the machine may be shared).
        let best = heavy ? plain : undefined;
        for (let k = 0; k < (heavy ? 0 : 4); k++) {
            const run = once(model, { fixes: false, interfaces: false });
            if (k > 0 && (!best || run.ms < best.ms)) best = run;
        }
        const plainMs = best!.ms;
        // The searches too: one warm-up, then the best of three (a system whose plain analysis takes seconds: one run).
        if (!heavy) analyzeSystem(model, {});
        const bestOf = (options: Parameters<typeof analyzeSystem>[1]) => {
            const runs = heavy ? [once(model, options)] : [once(model, options), once(model, options), once(model, options)];
            return { ms: Math.min(...runs.map((x) => x.ms)), cpuMs: Math.min(...runs.map((x) => x.cpuMs)), result: runs[0].result };
        };
        const iface = bestOf({ fixes: false });
        const full = bestOf({});
        const rssMb = Math.max(0, process.memoryUsage().rss - rss0) / 1e6;
        const r = full.result;
        const items = [...r.flows, ...r.tasks, ...r.events];
        const stopped = items.filter((i) => i.fixes?.stopped?.length).length + r.vcpus.filter((v) => v.minimalBudgetStopped).length;
        const goal = (ms: number, g?: number) => (g === undefined ? '' : ` (goal < ${g} ms: ${ms < g ? 'met' : 'NOT met'})`);
        console.log(`${shape.name}: ${plainMs.toFixed(1)} (CPU ${best!.cpuMs.toFixed(1)})${goal(plainMs, shape.plainGoalMs)} / ${iface.ms.toFixed(1)} (CPU ${iface.cpuMs.toFixed(1)}) / ${full.ms.toFixed(1)} (CPU ${full.cpuMs.toFixed(1)}) ms${goal(full.ms, shape.goalMs)}`
            + `  [${r.summary.unschedulable} unschedulable, ${r.summary.inconclusive} inconclusive, ${stopped} search(es) stopped; `
            + `the default analysis ×${(full.ms / Math.max(0.01, plainMs)).toFixed(1)} the one without searches; RSS +${rssMb.toFixed(0)} MB]`);
    }
}

function main(): void {
    const part = process.argv[2];
    if (part !== 'shapes') sizes();
    if (part !== 'sizes') shapes();
}

function sizes(): void {
    const headline = time(generate(100, 200), 300);
    console.log(`100 flows + 200 tasks: ${headline.ms.toFixed(2)} ms (goal < 20 ms), ${headline.unschedulable} unschedulable or inconclusive`);
    let previous: { n: number; ms: number } | undefined;
    let from100: { n: number; ms: number } | undefined;
    for (const n of [10, 100, 1000, 5000]) {
        const flows = Math.round(n / 3);
        const r = time(generate(flows, n - flows), n);
        const growth = previous ? `time ×${(r.ms / previous.ms).toFixed(1)} for items ×${(n / previous.n).toFixed(0)} (quadratic would be ×${((n / previous.n) ** 2).toFixed(0)})` : '';
        console.log(`${String(n).padStart(5)} items (${flows} flows): ${r.ms.toFixed(2).padStart(10)} ms  ${growth}${r.unschedulable > 0 ? `  (${r.unschedulable} not schedulable)` : ''}`);
        previous = { n, ms: r.ms };
        if (n === 100) from100 = previous;
    }
    if (from100 && previous && previous.n > from100.n) {
        // Fitted exponent k in time ∝ items^k between 100 and 5,000 items (quadratic: 2).
        const k = Math.log(previous.ms / from100.ms) / Math.log(previous.n / from100.n);
        console.log(`growth exponent ${from100.n} → ${previous.n} items: ${k.toFixed(2)} (quadratic = 2)`);
    }
}

main();
