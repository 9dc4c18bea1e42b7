/**
 * Simulator figures (npm run bench:simulator): events per second, wall time to simulate 1 s of platform time for the
 * bundled dedicated-broker example and for a generated 8-cell, 50-flow, 100-task system, 10 s of platform time for the
 * latter (a steadier rate: a 1 s run lasts only a few tens of ms), and the process RSS before and after (the trace is
 * written in blocks, so memory should stay flat across repeated runs), and runs of 1, 10 and 30 s whose trace is
 * streamed to a file, with the peak RSS during each (flat: the trace is on disk, not in memory).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModelFromText } from '../language/load.js';
import { simulate, type Scenario, type TraceSink } from '../simulator/engine/index.js';
import { TraceFileSink } from '../cli/trace-file-sink.js';
import { defaultOverheads, zcu102Preset } from '../simulator/model/presets.js';
import type { Cell, Flow, SystemModel, Task } from '../simulator/model/types.js';
import { Prng } from '../simulator/engine/prng.js';
import { EXACT_SAMPLES } from '../simulator/engine/latency-recorder.js';

const MS = 1_000_000;
const SECOND = 1_000_000_000;

/** 8 cells on VCPUs of cores 0-2 (3+3+2), 100 tasks, 50 flows through the dedicated broker on core 3. */
export function largeSystem(): SystemModel {
    const rng = new Prng(2024);
    const cells: Cell[] = [];
    const layout = [0, 0, 0, 1, 1, 1, 2, 2];
    const periods = [1, 2, 5, 10, 20, 50].map((p) => p * MS);
    let taskCount = 0;
    layout.forEach((core, i) => {
        const shared = layout.filter((c) => c === core).length;
        const vcpuPeriod = 5 * MS;
        const budget = Math.floor((vcpuPeriod * 0.9) / shared);
        const tasksHere = i < 4 ? 13 : 12;
        const tasks: Task[] = [];
        for (let k = 0; k < tasksHere; k++) {
            const period = periods[rng.intBetween(0, periods.length - 1)];
            // About 50 % of the VCPU's bandwidth over the cell's tasks.
            const wcet = Math.max(1000, Math.floor((period * 0.5) / shared / tasksHere));
            tasks.push({
                name: `t${taskCount++}`, period, sporadic: k % 5 === 0, wcet, bcet: Math.floor(wcet / 2), deadline: period,
                priority: tasksHere - k, priorityDeclared: true, jitter: k % 3 === 0 ? 20_000 : 0,
                memoryRefills: k % 2 === 0 ? rng.intBetween(10, 400) : 0, placement: { core, vcpu: `v${i}` },
            });
        }
        cells.push({
            name: `cell${i}`, root: i === 0, cores: [], vcpus: [{ name: `v${i}`, core, budget, period: vcpuPeriod }],
            scheduler: i % 2 === 0 ? 'fixed-priority' : 'edf', colors: [], banks: [], memory: [], sharedWith: [],
            budget: { eventsPerPeriod: 4000, bytesPerSecond: 4000 * 64 * 1000 }, tasks,
            events: [{ name: `irq${i}`, irq: 40 + i, placement: { core, vcpu: `v${i}` } }],
        });
    });
    const flows: Flow[] = [];
    for (let f = 0; f < 50; f++) {
        const from = f % 8;
        const to = (from + 1 + (f % 7)) % 8;
        const period = [5, 10, 20, 50][f % 4] * MS;
        flows.push({
            name: `f${f}`, from: `cell${from}`, to: `cell${to}`, size: [1024, 4096, 16384, 65536][f % 4], period,
            sporadic: f % 3 === 0, deadline: period, priority: 1 + (f % 8), priorityDeclared: true, jitter: 10_000, chunkSize: 4096,
        });
    }
    return {
        name: 'bench-large',
        platform: zcu102Preset(),
        hypervisor: {
            kind: 'jailhouse', memguardPeriod: MS, overheads: defaultOverheads(),
            broker: { mode: 'dedicated', core: 3, policy: 'fixed-priority', chunkSize: 4096, dma: 'gdma', dmaBudget: { bytesPerSecond: 400_000_000, bytesPerPeriod: 400_000 } },
        },
        cells,
        flows,
    };
}

/** `model` with its broker made floating (no broker core: the submit and completion sections run on the cells' cores). */
function floatingBroker(model: SystemModel): SystemModel {
    const broker = model.hypervisor.broker!;
    return { ...model, hypervisor: { ...model.hypervisor, broker: { ...broker, mode: 'floating', core: undefined } } };
}

function rssMiB(): string {
    return (process.memoryUsage().rss / 2 ** 20).toFixed(1);
}

function measure(label: string, model: SystemModel, scenario: Scenario, trace: boolean, repeats: number, seconds = 1): void {
    for (let i = 0; i < 3; i++) simulate(model, { durationNs: SECOND, seed: 1000 + i, scenario, trace }); // warm-up (JIT)
    let best = Number.POSITIVE_INFINITY;
    let bestCpu = 0;
    let events = 0;
    let intervals = 0;
    for (let i = 0; i < repeats; i++) {
        const cpu0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        const r = simulate(model, { durationNs: seconds * SECOND, seed: i + 1, scenario, trace });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const cpu = process.cpuUsage(cpu0);
        if (ms < best) {
            // The rate of the fastest run uses that run's own event count (seeds differ in events).
            best = ms;
            bestCpu = (cpu.user + cpu.system) / 1000;
            events = r.eventsProcessed;
            intervals = r.trace?.intervals.start.length ?? 0;
        }
    }
    const rate = events / (best / 1000);
    console.log(`${label.padEnd(34)} ${scenario.padEnd(12)} trace=${trace ? 'on ' : 'off'} ${seconds.toString().padStart(2)} s platform time in ${best.toFixed(1).padStart(7)} ms wall (${bestCpu.toFixed(1).padStart(7)} ms cpu)` +
        `  ${events.toString().padStart(8)} events  ${(rate / 1e6).toFixed(2).padStart(6)} M events/s${trace ? `  ${intervals} intervals` : ''}  rss ${rssMiB()} MiB`);
}

/**
 * The trace streamed to a file (what `rtcell simulate --trace` does) over ever longer runs, with no cap: the peak RSS
 * sampled at every block should stay flat while the file grows with the run.
 */
function streamedRuns(model: SystemModel): void {
    const dir = mkdtempSync(join(tmpdir(), 'rtcell-bench-trace-'));
    try {
        for (const seconds of [1, 10, 30]) {
            const out = join(dir, `trace-${seconds}s.json`);
            const file = new TraceFileSink(out);
            const startRss = process.memoryUsage().rss;
            let peak = startRss;
            const sample = () => { peak = Math.max(peak, process.memoryUsage().rss); };
            const sink: TraceSink = {
                intervals: (block, count) => { sample(); file.intervals(block, count); },
                markers: (block, count) => file.markers(block, count),
                finish: (summary) => { sample(); file.finish(summary); sample(); },
            };
            const t0 = process.hrtime.bigint();
            const r = simulate(model, { durationNs: seconds * SECOND, seed: 7, scenario: 'random', traceSink: sink, maxTraceIntervals: Number.MAX_SAFE_INTEGER });
            const ms = Number(process.hrtime.bigint() - t0) / 1e6;
            if (file.failure) throw file.failure;
            // The statistics keep at most EXACT_SAMPLES 8-byte latencies per item, then a histogram (latency-recorder.ts):
            // this bound on their memory does not grow with the run.
            const kept = [...r.tasks, ...r.flows, ...r.events].reduce((sum, s) => sum + Math.min(s.count, EXACT_SAMPLES), 0);
            console.log(`8 cells, 50 flows, 100 tasks       random       trace to file ${seconds.toString().padStart(2)} s platform time in ${ms.toFixed(0).padStart(6)} ms wall` +
                `  ${(r.eventsProcessed / (ms / 1000) / 1e6).toFixed(2)} M events/s  ${file.summary!.intervalCount} intervals, ${(statSync(out).size / 2 ** 20).toFixed(0)} MiB file` +
                `  rss ${(startRss / 2 ** 20).toFixed(1)} MiB at the start, ${(peak / 2 ** 20).toFixed(1)} MiB at the peak` +
                `  (kept latency samples: at most ${(kept * 8 / 2 ** 20).toFixed(1)} MiB)`);
            rmSync(out);
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

async function main(): Promise<void> {
    const examplePath = fileURLToPath(new URL('../../examples/zcu102-broker.rtcell', import.meta.url));
    const loaded = await loadModelFromText(readFileSync(examplePath, 'utf8'));
    if (!loaded.model) throw new Error('the bundled example does not load');
    console.log(`rss before: ${rssMiB()} MiB`);
    // First, while the heap is still small: a streamed trace must not make it grow.
    streamedRuns(largeSystem());
    for (const scenario of ['synchronous', 'random', 'adversarial'] as const) {
        measure('examples/zcu102-broker.rtcell', loaded.model, scenario, false, 3);
    }
    measure('examples/zcu102-broker.rtcell', loaded.model, 'random', true, 3);
    const large = largeSystem();
    for (const scenario of ['synchronous', 'random', 'adversarial'] as const) measure('8 cells, 50 flows, 100 tasks', large, scenario, false, 5);
    measure('8 cells, 50 flows, 100 tasks', large, 'random', true, 3);
    for (const scenario of ['synchronous', 'random', 'adversarial'] as const) measure('8 cells, 50 flows, 100 tasks', large, scenario, false, 5, 10);
    // The same system through the floating broker (sections on the cores; the adversarial DMA budget window applies).
    const floating = floatingBroker(large);
    for (const scenario of ['synchronous', 'random', 'adversarial'] as const) measure('same, floating broker', floating, scenario, false, 5, 10);
    // Memory flatness: ten more 1 s runs with the trace on; RSS should not climb run after run.
    const rss: string[] = [];
    for (let i = 0; i < 10; i++) {
        simulate(large, { durationNs: SECOND, seed: 100 + i, scenario: 'random', trace: true });
        rss.push(rssMiB());
    }
    console.log(`rss over 10 more traced 1 s runs of the large system (MiB): ${rss.join(' ')}`);
    console.log(`rss after: ${rssMiB()} MiB`);
}

if (process.argv[1]?.endsWith("simulator.js")) await main();
