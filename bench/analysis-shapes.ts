/**
 * The system shapes users write, generated deterministically for bench:analysis, bench:soak and the analysis
 * fingerprint: log-uniform periods (1 ms–1 s) on one fixed-priority core, cells running on VCPU reservations, many
 * cells with flows and VCPUs, overloaded cores, and flows through a floating EDF broker. Every generator takes a seed
 * so a run measures the same systems every time.
 */
import { defaultOverheads, zcu102Preset } from '../simulator/model/presets.js';
import type { Broker, Cell, Flow, SystemModel, Task } from '../simulator/model/types.js';

const MS = 1_000_000;
const US = 1_000;

/** Deterministic pseudo-random numbers in [0, 1) (linear congruential; enough for generating benchmarks). */
export function rng(seed: number): () => number {
    let s = seed >>> 0;
    return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** A period drawn log-uniformly from [1 ms, 1 s], rounded to whole microseconds (as users write them). */
function logUniformPeriod(rand: () => number): number {
    return Math.round(10 ** (6 + 3 * rand()) / US) * US;
}

function cellOf(name: string, parts: Partial<Cell>): Cell {
    return { name, root: false, cores: [], vcpus: [], scheduler: 'fixed-priority', colors: [], banks: [], memory: [], sharedWith: [], tasks: [], events: [], ...parts };
}

function system(name: string, cells: Cell[], flows: Flow[] = [], broker?: Broker): SystemModel {
    return { name, platform: zcu102Preset(), hypervisor: { kind: 'jailhouse', memguardPeriod: MS, overheads: defaultOverheads(), broker }, cells, flows };
}

/**
 * `n` tasks with log-uniform periods whose WCETs add up to `utilisation` of their core (UUniFast-like shares),
 * rate-monotonic priorities (shorter period more urgent, declaration order breaking ties).
 */
function periodicTasks(rand: () => number, n: number, utilisation: number, prefix: string, core: number, vcpu?: string, refills = 0): Task[] {
    const weights = Array.from({ length: n }, () => 0.2 + rand());
    const total = weights.reduce((s, w) => s + w, 0);
    const tasks: Task[] = [];
    for (let i = 0; i < n; i++) {
        const period = logUniformPeriod(rand);
        const wcet = Math.max(1, Math.floor((period * utilisation * weights[i]) / total));
        tasks.push({
            name: `${prefix}${i}`, period, sporadic: false, wcet, bcet: wcet, deadline: period, priority: 0, priorityDeclared: false,
            jitter: 0, memoryRefills: refills > 0 ? Math.floor(rand() * refills) : 0, placement: vcpu ? { core, vcpu } : { core },
        });
    }
    // Rate-monotonic priorities, as the language's deadline-monotonic default gives them.
    const order = tasks.map((t, i) => ({ t, i })).sort((a, b) => b.t.period - a.t.period || b.i - a.i);
    order.forEach(({ t }, rank) => { t.priority = rank + 1; });
    return tasks;
}

/** `n` fixed-priority tasks with log-uniform periods on one whole core (utilisation 0.7, or above 1 when overloaded). */
export function logUniformCore(n: number, seed = 1, utilisation = 0.7): SystemModel {
    const rand = rng(seed);
    const c = cellOf('app', { cores: [1], tasks: periodicTasks(rand, n, utilisation, 't', 1) });
    return system(`log-uniform-${n}${utilisation > 1 ? '-overloaded' : ''}`, [cellOf('host', { root: true, cores: [0] }), c]);
}

/**
 * `cells` cells, each on one VCPU, spread over cores 0–2 (rate-monotonic reservations using 0.75 of each core), each
 * with `tasksPerCell` log-uniform tasks using 0.5 of their VCPU's bandwidth. A dedicated broker on core 3 carries one
 * flow per four cells, so the VCPU cores also see hypervisor work.
 */
export function vcpuCells(cells: number, tasksPerCell: number, seed = 1): SystemModel {
    const rand = rng(seed);
    const out: Cell[] = [];
    const perCore = [0, 0, 0];
    for (let k = 0; k < cells; k++) perCore[k % 3]++;
    for (let k = 0; k < cells; k++) {
        const core = k % 3;
        const name = `v${k}`;
        // Tasks first (at a nominal share), then the reservation: its period a quarter of the cell's shortest task
        // period (in 100 µs steps), as a designer sizes a server for its tasks; the WCETs are then scaled to half
        // of the VCPU's bandwidth.
        const tasks = periodicTasks(rand, tasksPerCell, 1, `c${k}t`, core, name);
        const shortest = Math.min(...tasks.map((t) => t.period));
        const period = Math.max(100 * US, Math.floor(shortest / 4 / (100 * US)) * 100 * US);
        const budget = Math.max(1, Math.floor((period * 0.75) / perCore[core]));
        for (const t of tasks) t.wcet = t.bcet = Math.max(1, Math.floor((t.wcet * 0.5 * budget) / period));
        out.push(cellOf(`cell${k}`, { vcpus: [{ name, core, budget, period }], scheduler: k % 4 === 3 ? 'edf' : 'fixed-priority', tasks }));
    }
    const flows: Flow[] = [];
    for (let k = 0; k + 1 < cells; k += 4) {
        const period = [10, 20, 50][k % 3] * MS;
        flows.push({ name: `f${k}`, from: `cell${k}`, to: `cell${k + 1}`, size: 4096 + k * 64, period, sporadic: false, deadline: period, priority: 1 + k, priorityDeclared: true, jitter: 0, chunkSize: 4096 });
    }
    return system(`vcpu-cells-${cells}x${tasksPerCell}`, out, flows, { mode: 'dedicated', core: 3, policy: 'fixed-priority', chunkSize: 4096, dma: 'gdma' });
}

/**
 * The "many cells" system of issue 17: 8 cells, 500 flows, 2,000 log-uniform tasks, 7 VCPUs. Cell 0 owns core 0
 * (MemGuard-regulated); cells 1–7 each run on one fixed-priority guest on a VCPU on cores 1 and 2; a dedicated broker
 * owns core 3. Loads are high enough that some tasks miss their deadlines (so fixes are searched).
 */
export function manyCells(seed = 1, overloaded = false): SystemModel {
    const rand = rng(seed);
    const tasksPerCell = 250;
    const cells: Cell[] = [cellOf('cell0', {
        root: true, cores: [0], budget: { bytesPerSecond: 300_000_000, eventsPerPeriod: 4687 },
        tasks: periodicTasks(rand, tasksPerCell, overloaded ? 1.05 : 0.8, 'c0t', 0, undefined, 40),
    })];
    for (let k = 1; k < 8; k++) {
        const core = 1 + (k % 2);
        const onCore = core === 1 ? 3 : 4;
        const name = `v${k}`;
        // As in vcpuCells: the reservation's period a quarter of the cell's shortest task period (at least 1 ms), the
        // tasks using 0.6 of the VCPU's bandwidth.
        const tasks = periodicTasks(rand, tasksPerCell, 1, `c${k}t`, core, name);
        const shortest = Math.min(...tasks.map((t) => t.period));
        const period = Math.max(MS, Math.floor(shortest / 4 / (100 * US)) * 100 * US);
        const budget = Math.floor((period * 0.6) / onCore);
        for (const t of tasks) t.wcet = t.bcet = Math.max(1, Math.floor((t.wcet * 0.6 * budget) / period));
        cells.push(cellOf(`cell${k}`, { vcpus: [{ name, core, budget, period }], scheduler: 'fixed-priority', tasks }));
    }
    const flows: Flow[] = [];
    for (let i = 0; i < 500; i++) {
        const period = logUniformPeriod(rand) * 4;
        const from = Math.floor(rand() * 8);
        const to = (from + 1 + Math.floor(rand() * 7)) % 8;
        flows.push({
            name: `f${i}`, from: `cell${from}`, to: `cell${to}`, size: 64 + Math.floor(rand() * 8192), period, sporadic: false,
            deadline: period, priority: 0, priorityDeclared: false, jitter: Math.floor(rand() * 20) * US, chunkSize: 4096,
        });
    }
    const byPeriod = flows.map((f, i) => ({ f, i })).sort((a, b) => b.f.period - a.f.period || b.i - a.i);
    byPeriod.forEach(({ f }, rank) => { f.priority = rank + 1; });
    return system(`many-cells${overloaded ? '-overloaded' : ''}`, cells, flows, {
        mode: 'dedicated', core: 3, policy: 'fixed-priority', chunkSize: 4096, dma: 'gdma', dmaBudget: { bytesPerSecond: 400_000_000, bytesPerPeriod: 400_000 },
    });
}

/**
 * Eight flows between four whole-core cells through a floating EDF broker with a regulated DMA: the byte budget
 * covers the flows' bytes, but with the regulation stalls the broker's long-run demand is above 1, so no busy period
 * ends and the DMA-budget searches probe near that edge (issue 17's "floating EDF broker" case).
 */
export function floatingEdfBroker(seed = 1): SystemModel {
    const rand = rng(seed);
    const cells = [0, 1, 2, 3].map((core) => cellOf(`cell${core}`, {
        root: core === 0, cores: [core], tasks: periodicTasks(rand, 5, 0.4, `c${core}t`, core),
    }));
    const flows: Flow[] = [];
    for (let i = 0; i < 8; i++) {
        const period = [1, 2, 5, 10][i % 4] * MS;
        flows.push({
            name: `f${i}`, from: `cell${i % 4}`, to: `cell${(i + 1) % 4}`, size: 2048 + Math.floor(rand() * 40_000), period, sporadic: false,
            deadline: period, priority: 1 + i, priorityDeclared: true, jitter: 0, chunkSize: 4096,
        });
    }
    return system('floating-edf-broker', cells, flows, {
        mode: 'floating', policy: 'edf', chunkSize: 4096, dma: 'gdma', dmaBudget: { bytesPerSecond: 150_000_000, bytesPerPeriod: 150_000 },
    });
}
