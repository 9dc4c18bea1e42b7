/**
 * fast-check generator of random valid systems for the contract test: 1-4 cores used by whole-core cells or by
 * time-shared VCPUs (admissible rate-monotonic reservations), fixed-priority and EDF guests, tasks with jitter, BCET,
 * memory demand and MemGuard budgets, IRQ events, and flows through a dedicated or floating broker with either policy
 * and an optional DMA regulation budget, shared resources (local ones per cell, global ones between cells) with
 * critical sections. Models are built from a plain "plan" so fast-check can shrink them.
 */
import fc from 'fast-check';
import { defaultOverheads, zcu102Preset } from '../../simulator/model/presets.js';
import type { Cell, CriticalSection, Flow, SystemModel, Task } from '../../simulator/model/types.js';

const MS = 1_000_000;
const US = 1_000;

/** A critical section: which of the cell's (or the global) resources, and its share of the WCET in per-mille. */
const sectionPlan = fc.record({
    resource: fc.nat(3),
    global: fc.boolean(),
    permille: fc.integer({ min: 1, max: 700 }),
});

const taskPlan = fc.record({
    period: fc.constantFrom(1 * MS, 2 * MS, 5 * MS, 10 * MS, 20 * MS),
    /** Per-mille of the period used by the WCET, scaled by the share of the core the cell has (VCPU bandwidth). */
    load: fc.integer({ min: 5, max: 280 }),
    bcetPercent: fc.constantFrom(100, 100, 50, 10),
    deadlinePercent: fc.constantFrom(100, 100, 80, 50),
    jitter: fc.constantFrom(0, 0, 10 * US, 100 * US),
    /**
     * When set, the jitter is this per-mille of the deadline instead: around and above it (issue 16, item 1: EDF with
     * J ≥ D was unsound and no generated system reached it).
     */
    jitterOfDeadline: fc.option(fc.constantFrom(900, 1000, 1100, 2000), { nil: undefined, freq: 6 }),
    priority: fc.integer({ min: 1, max: 5 }),
    refills: fc.constantFrom(0, 0, 50, 300, 1500),
    sporadic: fc.boolean(),
    sections: fc.array(sectionPlan, { maxLength: 3 }),
}, { requiredKeys: ['period', 'load', 'bcetPercent', 'deadlinePercent', 'jitter', 'priority', 'refills', 'sporadic'] });

const cellPlan = fc.record({
    edf: fc.boolean(),
    budget: fc.option(fc.constantFrom(500, 2000, 5000), { nil: undefined }),
    tasks: fc.array(taskPlan, { maxLength: 3 }),
    event: fc.option(fc.record({ bound: fc.option(fc.constantFrom(50 * US, 5 * MS), { nil: undefined }) }), { nil: undefined }),
    /** Local resources r0.. of the cell (sections name one modulo this count). */
    resources: fc.integer({ min: 0, max: 2 }),
}, { requiredKeys: ['edf', 'budget', 'tasks', 'event'] });

const vcpuPlan = fc.record({
    period: fc.constantFrom(2 * MS, 4 * MS, 5 * MS, 10 * MS),
    /** Per-mille utilisation; the VCPUs of one core stay below the two-task RM bound. */
    util: fc.integer({ min: 100, max: 400 }),
    cell: cellPlan,
});

const corePlan = fc.oneof(
    fc.record({ kind: fc.constant('whole' as const), cell: cellPlan }),
    fc.record({ kind: fc.constant('vcpus' as const), vcpus: fc.array(vcpuPlan, { minLength: 1, maxLength: 2 }) }),
    fc.record({ kind: fc.constant('unused' as const) }),
);

const flowPlan = fc.record({
    from: fc.nat(),
    to: fc.nat(),
    /** 256 KiB every 1 ms is ~40 % of the broker: a few such flows put a level near or over the overload line. */
    size: fc.constantFrom<number>(256, 1000, 4096, 10_000, 65_536, 256, 1000, 4096, 10_000, 65_536, 262_144),
    period: fc.constantFrom(2 * MS, 5 * MS, 10 * MS, 20 * MS, 2 * MS, 5 * MS, 10 * MS, 20 * MS, 1 * MS),
    deadlinePercent: fc.constantFrom(100, 50),
    jitter: fc.constantFrom(0, 0, 50 * US),
    priority: fc.integer({ min: 1, max: 4 }),
    chunk: fc.constantFrom(undefined, 1024, 2048),
    sporadic: fc.boolean(),
});

export const systemPlan = fc.record({
    floating: fc.boolean(),
    edfBroker: fc.boolean(),
    chunk: fc.constantFrom<number>(1024, 2048, 4096),
    dmaBudgetPerPeriod: fc.option(fc.constantFrom(20_000, 100_000, 400_000), { nil: undefined }),
    cores: fc.array(corePlan, { minLength: 4, maxLength: 4 }),
    flows: fc.array(flowPlan, { maxLength: 8 }),
    /**
     * Who sends (issue 16, item 2): `any` as the plan says; `one` every flow from the first cell (many flows per sender
     * core); `ring` cell k sends to cell k+1 (every core both sends and receives).
     */
    senders: fc.constantFrom<'any' | 'one' | 'ring'>('any', 'any', 'one', 'ring'),
    /** Global resources g0.., shared by every fixed-priority cell (sections name one modulo this count). */
    globalResources: fc.integer({ min: 0, max: 2 }),
    /** vMPCP: a VCPU holding a global resource runs past its budget until the section ends. */
    vmpcpOverrun: fc.boolean(),
    /** vMPCP: a VCPU holding a global resource is scheduled before the other VCPUs of its core. */
    vmpcpBoost: fc.boolean(),
}, { requiredKeys: ['floating', 'edfBroker', 'chunk', 'dmaBudgetPerPeriod', 'cores', 'flows', 'senders'] });

export type SystemPlan = typeof systemPlan extends fc.Arbitrary<infer T> ? T : never;
type CellPlan = SystemPlan['cores'][number] extends infer C ? (C extends { cell: infer P } ? P : never) : never;

export function buildSystem(plan: SystemPlan): SystemModel {
    const overheads = defaultOverheads();
    const brokerCore = plan.floating ? undefined : 3;
    // Global resources only when some cell schedules by fixed priority (their users).
    const globalCount = plan.cores.some((cp) => cp.kind === 'whole' ? !cp.cell.edf : cp.kind === 'vcpus' && cp.vcpus.some((v) => !v.cell.edf)) ? plan.globalResources ?? 0 : 0;
    const cells: Cell[] = [];
    let taskCounter = 0;
    let eventCounter = 0;
    const addCell = (cp: CellPlan, place: { core: number; vcpu?: string }, owned: number[], vcpus: Cell['vcpus'], sharePermille: number): void => {
        const name = `c${cells.length}`;
        const localCount = cp.resources ?? 0;
        const tasks: Task[] = cp.tasks.map((tp) => {
            const wcet = Math.max(1, Math.floor((tp.period * tp.load * sharePermille) / 1_000_000));
            const deadline = Math.max(wcet, Math.floor((tp.period * tp.deadlinePercent) / 100));
            const sections: CriticalSection[] = [];
            let used = 0;
            for (const sp of tp.sections ?? []) {
                // Global only in fixed-priority cells (MPCP); else a local one if the cell has any.
                const global = sp.global && !cp.edf && globalCount > 0;
                if (!global && localCount === 0) continue;
                const length = Math.max(1, Math.floor((wcet * sp.permille) / 1000));
                if (used + length > wcet) break;
                used += length;
                sections.push({ resource: global ? `g${sp.resource % globalCount}` : `r${sp.resource % localCount}`, scope: global ? 'global' : 'local', length });
            }
            return {
                name: `t${taskCounter++}`,
                period: tp.period,
                sporadic: tp.sporadic,
                wcet,
                bcet: Math.floor((wcet * tp.bcetPercent) / 100),
                deadline,
                priority: tp.priority,
                priorityDeclared: true,
                jitter: tp.jitterOfDeadline === undefined ? tp.jitter : Math.floor((deadline * tp.jitterOfDeadline) / 1000),
                memoryRefills: tp.refills,
                placement: { ...place },
                sections,
            };
        });
        cells.push({
            name,
            root: false,
            cores: owned,
            vcpus,
            scheduler: cp.edf ? 'edf' : 'fixed-priority',
            colors: [],
            banks: [],
            memory: [],
            budget: cp.budget === undefined ? undefined : { eventsPerPeriod: cp.budget, bytesPerSecond: cp.budget * 64 * 1000 },
            sharedWith: [],
            tasks,
            resources: Array.from({ length: localCount }, (_, k) => ({ name: `r${k}`, scope: 'local' as const, cells: [name] })),
            events: cp.event ? [{ name: `e${eventCounter++}`, irq: 32 + eventCounter, latencyBound: cp.event.bound, placement: { ...place } }] : [],
        });
    };
    plan.cores.forEach((cp, core) => {
        if (core === brokerCore) return;
        if (cp.kind === 'whole') addCell(cp.cell, { core }, [core], [], 1000);
        else if (cp.kind === 'vcpus') {
            cp.vcpus.forEach((vp, i) => {
                const vname = `v${core}_${i}`;
                const budget = Math.floor((vp.period * vp.util) / 1000);
                addCell(vp.cell, { core, vcpu: vname }, [], [{ name: vname, core, budget, period: vp.period }], vp.util);
            });
        }
    });
    const flows: Flow[] = [];
    if (cells.length >= 2) {
        plan.flows.forEach((fp, i) => {
            const from = plan.senders === 'one' ? 0 : plan.senders === 'ring' ? i % cells.length : fp.from % cells.length;
            let to = plan.senders === 'ring' ? (from + 1) % cells.length : fp.to % cells.length;
            if (to === from) to = (to + 1) % cells.length;
            flows.push({
                name: `f${i}`,
                from: cells[from].name,
                to: cells[to].name,
                size: fp.size,
                period: fp.period,
                sporadic: fp.sporadic,
                deadline: Math.floor((fp.period * fp.deadlinePercent) / 100),
                priority: fp.priority,
                priorityDeclared: true,
                jitter: fp.jitter,
                chunkSize: fp.chunk ?? plan.chunk,
            });
        });
    }
    if (cells.length > 0) cells[0].root = true;
    const users = cells.filter((c) => c.scheduler === 'fixed-priority').map((c) => c.name);
    const bpp = plan.dmaBudgetPerPeriod;
    return {
        name: 'generated',
        platform: zcu102Preset(),
        hypervisor: {
            kind: 'jailhouse',
            memguardPeriod: MS,
            broker: {
                mode: plan.floating ? 'floating' : 'dedicated',
                core: brokerCore,
                policy: plan.edfBroker ? 'edf' : 'fixed-priority',
                chunkSize: plan.chunk,
                dma: 'gdma',
                dmaBudget: bpp === undefined ? undefined : { bytesPerPeriod: bpp, bytesPerSecond: bpp * 1000 },
            },
            overheads,
            ...(plan.vmpcpOverrun ? { vcpuOverrun: true } : {}),
            ...(plan.vmpcpBoost ? { vcpuBoost: true } : {}),
        },
        cells,
        flows,
        resources: users.length === 0 ? [] : Array.from({ length: globalCount }, (_, k) => ({ name: `g${k}`, scope: 'global' as const, cells: users })),
    };
}

export const systemArbitrary: fc.Arbitrary<SystemModel> = systemPlan.map(buildSystem);
