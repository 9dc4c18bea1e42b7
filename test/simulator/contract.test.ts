/**
 * THE CONTRACT between the simulator and the analysis (docs/semantics.md): every latency the simulator observes, in
 * every scenario, is at most the analysis bound for that item. fast-check generates random valid systems; a failing
 * system is shrunk and saved under test/regressions/ as an .rtcell document, and the test fails.
 *
 * Runs: 300 systems by default (CI); RTCELL_CONTRACT_RUNS=N for more, RTCELL_CONTRACT_SEED=S to replay a seed.
 * Items the analysis explicitly calls 'inconclusive' have no bound to check: they are counted and reported.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../language/load.js';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import type { AnalysisResult, ItemResult } from '../../simulator/analysis/types.js';
import { simulate, SCENARIOS, type LatencyStatistics } from '../../simulator/engine/index.js';
import { printRtcell } from '../../simulator/engine/rtcell-printer.js';
import type { SystemModel } from '../../simulator/model/types.js';
import { buildSystem, systemPlan, type SystemPlan } from './system-arbitrary.js';

const RUNS = Number(process.env.RTCELL_CONTRACT_RUNS ?? 300);
const SEED = process.env.RTCELL_CONTRACT_SEED !== undefined ? Number(process.env.RTCELL_CONTRACT_SEED) : undefined;
const DURATION = 100_000_000; // 100 ms: five periods of the longest generated period
const REGRESSIONS = new URL('../regressions/', import.meta.url);

interface Violation {
    scenario: string;
    item: string;
    observed: number;
    bound: number;
}

/** The analysis result for a simulated item: tasks and events by (name, cell), flows by name. */
export function boundFor(analysis: AnalysisResult, s: LatencyStatistics): ItemResult | undefined {
    const list = s.kind === 'task' ? analysis.tasks : s.kind === 'flow' ? analysis.flows : analysis.events;
    return list.find((r) => r.name === s.name && (s.kind === 'flow' || r.owner === s.cell));
}

/** The largest latency the run proves: a finished job's, or the age of a job still unfinished at the end. */
function observed(s: LatencyStatistics): number {
    return Math.max(s.max, s.maxUnfinishedAge);
}

const counters = { systems: 0, items: 0, checked: 0, inconclusive: 0, unbounded: 0 };

/**
 * Tightness (issue 16, item 4): observed ÷ bound per item (the largest observation over the scenarios), by kind. The
 * floors below are the medians measured when they were set, less a small margin for the random seed fast-check picks
 * (RTCELL_CONTRACT_SEED fixes it): a change that makes the bounds looser or the scenarios weaker fails here, so the
 * tightness can only go up. Raise a floor when a change raises its median for good.
 */
type TightnessKind = 'task on a core' | 'task on a VCPU' | 'event on a core' | 'event on a VCPU' | 'flow, dedicated broker' | 'flow, floating broker';
export const TIGHTNESS_FLOORS: Record<TightnessKind, number> = {
    // Measured medians (issue 16, three runs of 300 and one of 1000 systems): tasks on cores 0.98-1.00, on VCPUs
    // 0.92-0.96; events 1.00 on both. Flows, after the DMA budget window of the adversarial scenario
    // (engine/dma-window.ts) and the tighter regulation stall and floating blocking (docs/analysis.md §2): dedicated
    // broker 0.976-0.989 (before: 0.77-0.92), floating broker 0.81-0.88 (before: 0.69-0.76; seeds 202, 303 and
    // 404 × 1000: 0.701, 0.719, 0.712 → 0.810, 0.882, 0.850; seed 505: 0.861). Five more seeds after all merges
    // (11, 22, 33, 44, 55 × 300): floating 0.754-0.851, dedicated 0.957-0.989, tasks on VCPUs 0.886-0.955, on cores
    // 0.982-0.997. The fast-check seed is random in CI, so each floor sits below the lowest median seen.
    'task on a core': 0.95,
    'task on a VCPU': 0.83,
    'event on a core': 0.97,
    'event on a VCPU': 0.97,
    'flow, dedicated broker': 0.9,
    'flow, floating broker': 0.7,
};
const tightness = new Map<TightnessKind, number[]>();

function tightnessKind(model: SystemModel, s: LatencyStatistics): TightnessKind {
    if (s.kind === 'flow') return model.hypervisor.broker?.mode === 'floating' ? 'flow, floating broker' : 'flow, dedicated broker';
    const cell = model.cells.find((c) => c.name === s.cell);
    const item = s.kind === 'task' ? cell?.tasks.find((t) => t.name === s.name) : cell?.events.find((e) => e.name === s.name);
    const onVcpu = item?.placement.vcpu !== undefined;
    return `${s.kind} on ${onVcpu ? 'a VCPU' : 'a core'}` as TightnessKind;
}

function quantile(sorted: readonly number[], q: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function violations(model: SystemModel): Violation[] {
    const analysis = analyzeSystem(model);
    if (analysis.errors.length > 0) throw new Error(`analysis refused a valid generated system: ${analysis.errors.join('; ')}\n${printRtcell(model)}`);
    const found: Violation[] = [];
    counters.systems++;
    const worst = new Map<string, { kind: TightnessKind; observed: number; bound: number }>();
    for (const scenario of SCENARIOS) {
        const result = simulate(model, { durationNs: DURATION, seed: 7, scenario });
        for (const s of [...result.tasks, ...result.flows, ...result.events]) {
            counters.items++;
            const bound = boundFor(analysis, s);
            if (!bound) throw new Error(`the analysis has no result for ${s.kind} ${s.qualifiedName}`);
            if (bound.verdict === 'inconclusive') {
                counters.inconclusive++;
                continue;
            }
            if (bound.wcrt === undefined) {
                // 'unschedulable' without a bound: the analysis says the latency is unbounded; nothing can exceed it.
                counters.unbounded++;
                continue;
            }
            counters.checked++;
            if (observed(s) > bound.wcrt) found.push({ scenario, item: `${s.kind} ${s.qualifiedName}`, observed: observed(s), bound: bound.wcrt });
            const key = `${s.kind} ${s.qualifiedName}`;
            const seen = worst.get(key);
            if (!seen) worst.set(key, { kind: tightnessKind(model, s), observed: observed(s), bound: bound.wcrt });
            else seen.observed = Math.max(seen.observed, observed(s));
        }
    }
    for (const w of worst.values()) {
        if (w.bound <= 0) continue;
        let list = tightness.get(w.kind);
        if (!list) tightness.set(w.kind, (list = []));
        list.push(w.observed / w.bound);
    }
    return found;
}

function saveRegression(plan: SystemPlan, found: Violation[], seed: number | undefined): string {
    mkdirSync(REGRESSIONS, { recursive: true });
    const model = buildSystem(plan);
    const summary = found.map((v) => `${v.scenario}: ${v.item} observed ${v.observed} ns > bound ${v.bound} ns`).join('\n');
    const text = printRtcell(model, `Contract violation found by test/simulator/contract.test.ts (fast-check seed ${seed}), shrunk.\n` +
        `Simulated ${DURATION} ns, simulator seed 7.\n${summary}`);
    const name = `contract-${Date.now().toString(36)}.rtcell`;
    writeFileSync(new URL(name, REGRESSIONS), text);
    return `test/regressions/${name}\n${summary}`;
}

describe('contract: simulated latency <= analysis bound', () => {
    it(`holds for ${RUNS} random systems in every scenario`, () => {
        const out = fc.check(fc.property(systemPlan, (plan) => violations(buildSystem(plan)).length === 0), { numRuns: RUNS, seed: SEED });
        if (out.failed) {
            const plan = out.counterexample?.[0];
            if (!plan) throw out.errorInstance ?? new Error('contract property failed without a counterexample');
            let report: string;
            try {
                report = saveRegression(plan, violations(buildSystem(plan)), out.seed);
            } catch (error) {
                report = `(the shrunk system throws: ${String(error)})\n${printRtcell(buildSystem(plan))}`;
            }
            expect.fail(`contract violated after ${out.numRuns} systems (seed ${out.seed}, path ${out.counterexamplePath}); saved ${report}`);
        }
        console.log(`contract: ${counters.systems} systems, ${counters.items} item-runs, ${counters.checked} checked, ` +
            `${counters.inconclusive} skipped as inconclusive by the analysis, ${counters.unbounded} unbounded`);
        expect(counters.checked).toBeGreaterThan(0);
        const lines: string[] = [];
        const low: string[] = [];
        for (const kind of Object.keys(TIGHTNESS_FLOORS) as TightnessKind[]) {
            const sorted = [...(tightness.get(kind) ?? [])].sort((a, b) => a - b);
            if (sorted.length === 0) { lines.push(`${kind}: no bounded item`); continue; }
            const median = quantile(sorted, 0.5);
            lines.push(`${kind}: ${sorted.length} items, median ${median.toFixed(3)}, p90 ${quantile(sorted, 0.9).toFixed(3)} (floor ${TIGHTNESS_FLOORS[kind]})`);
            // Too few items make a median that says nothing: the floor applies from 30 items on.
            if (sorted.length >= 30 && median < TIGHTNESS_FLOORS[kind]) low.push(`${kind}: median ${median.toFixed(3)} < floor ${TIGHTNESS_FLOORS[kind]}`);
        }
        console.log(`contract tightness (observed ÷ bound, the largest observation over the scenarios per item):\n  ${lines.join('\n  ')}`);
        expect(low, 'tightness fell below its floor').toEqual([]);
    }, Math.max(600_000, RUNS * 3_000));
});

/**
 * Where the analysis is exact, the synchronous scenario must reach the bound: the simulator's worst case is then the
 * analysis's worst case, so neither side is loose.
 */
describe('contract: exactness where the analysis is exact', () => {
    // Both broker modes. Floating: the synchronous scenario starts a full guest section just as the sender notifies
    // (the submit wait the analysis charges), and the analysis takes off the DMA setup of the last completion section
    // when the flow is alone and its bound is shorter than its period (nothing else can be pending then).
    it('one flow alone, through the dedicated or the floating broker, reaches its bound in the synchronous scenario', () => {
        const plan = fc.record({
            floating: fc.boolean(),
            size: fc.integer({ min: 1, max: 100_000 }),
            chunk: fc.constantFrom(512, 1024, 4096, 8192),
            jitter: fc.constantFrom(0, 10_000),
        });
        fc.assert(fc.property(plan, (p) => {
            const model = buildSystem({
                floating: p.floating, edfBroker: false, chunk: p.chunk, dmaBudgetPerPeriod: undefined,
                cores: [
                    { kind: 'whole', cell: { edf: false, budget: undefined, tasks: [], event: undefined } },
                    { kind: 'whole', cell: { edf: false, budget: undefined, tasks: [], event: undefined } },
                    { kind: 'unused' }, { kind: 'unused' },
                ],
                flows: [{ from: 0, to: 1, size: p.size, period: 20_000_000, deadlinePercent: 100, jitter: p.jitter, priority: 1, chunk: undefined, sporadic: false }],
                senders: 'any',
            });
            const bound = analyzeSystem(model).flows[0];
            const sim = simulate(model, { durationNs: 20_000_000, scenario: 'synchronous' }).flows[0];
            expect(bound.wcrt, printRtcell(model)).toBe(sim.max);
        }), { numRuns: 100 });
    });

    it('a synchronous fixed-priority task set on a whole core without memory demand reaches its bounds', () => {
        const taskArb = fc.record({
            period: fc.constantFrom(1_000_000, 2_000_000, 5_000_000, 10_000_000),
            load: fc.integer({ min: 10, max: 300 }),
            priority: fc.integer({ min: 1, max: 6 }),
        });
        // Distinct priorities: with equal ones the FIFO tie-break is not what a response-time analysis models.
        fc.assert(fc.property(fc.uniqueArray(taskArb, { minLength: 1, maxLength: 5, selector: (t) => t.priority }), (tasks) => {
            const model = buildSystem({
                floating: true, edfBroker: false, chunk: 4096, dmaBudgetPerPeriod: undefined,
                cores: [
                    { kind: 'whole', cell: { edf: false, budget: undefined, event: undefined, tasks: tasks.map((t) => ({
                        period: t.period, load: t.load, bcetPercent: 100, deadlinePercent: 100, jitter: 0, jitterOfDeadline: undefined, priority: t.priority, refills: 0, sporadic: false,
                    })) } },
                    { kind: 'unused' }, { kind: 'unused' }, { kind: 'unused' },
                ],
                flows: [],
                senders: 'any',
            });
            const analysis = analyzeSystem(model);
            const sim = simulate(model, { durationNs: 40_000_000, scenario: 'synchronous' });
            for (const s of sim.tasks) {
                const bound = boundFor(analysis, s)!;
                if (bound.verdict !== 'schedulable') continue;
                expect(s.max, `${s.qualifiedName}\n${printRtcell(model)}`).toBe(bound.wcrt);
            }
        }), { numRuns: 100 });
    });
});

/** Every saved regression still holds: the language loads it, and every scenario stays within the analysis bounds. */
describe('contract: saved regressions', () => {
    const dir = fileURLToPath(REGRESSIONS);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('contract-') && f.endsWith('.rtcell')) : [];
    it.each(files.length > 0 ? files : ['(none saved)'])('%s', async (file) => {
        if (files.length === 0) {
            // Nothing saved yet: make sure this is because the folder has no regression, not because it is unreadable.
            expect(existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('contract-')) : []).toEqual([]);
            return;
        }
        const { model, diagnostics } = await loadModelFromText(readFileSync(join(dir, file), 'utf8'));
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(violations(model!)).toEqual([]);
    });
});
