/**
 * Sensitivity (in the spirit of MAST's slack analysis): how far one parameter can move before the analysis says a
 * deadline can be missed — a task's WCET up, a flow's size up, a cell's MemGuard budget down — everything else fixed.
 * Each limit is found by binary search over exact integers, re-running the analysis on a copy of the model: the
 * limit is the last value at which every item that was schedulable still is. It assumes the verdicts are monotone in
 * the parameter (more work or less budget never helps), which the fixed-point analyses satisfy. Runs in the background
 * worker after the simulation, within a time budget: items it had no time for get no figure.
 */
import { analyzeSystem } from '../simulator/analysis/index.js';
import type { AnalysisResult } from '../simulator/analysis/types.js';
import type { SystemModel } from '../simulator/model/types.js';
import { eventsToBandwidth } from '../simulator/model/units.js';
import type { SensitivityItem } from './protocol.js';

/** How much larger than now a WCET or size is searched (beyond that the limit is reported as "at least"). */
const GROWTH_RANGE = 64;

function schedulableKeys(result: AnalysisResult): Set<string> {
    const keys = new Set<string>();
    for (const i of [...result.flows, ...result.tasks, ...result.events]) if (i.verdict === 'schedulable') keys.add(`${i.kind}\u0000${i.owner ?? ''}\u0000${i.name}`);
    return keys;
}

/** Largest v in [lo, hi] with ok(v), given ok(lo); undefined when out of time. */
function largestHolding(lo: number, hi: number, ok: (v: number) => boolean, outOfTime: () => boolean): number | undefined {
    while (lo < hi) {
        if (outOfTime()) return undefined;
        const mid = lo + Math.ceil((hi - lo) / 2);
        if (ok(mid)) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

export function sensitivities(model: SystemModel, budgetMs: number): SensitivityItem[] {
    const began = performance.now();
    const outOfTime = () => performance.now() - began > budgetMs;
    const analyze = (m: SystemModel) => analyzeSystem(m, { fixes: false, interfaces: false });
    const base = analyze(model);
    const mustHold = schedulableKeys(base);
    if (mustHold.size === 0) return [];
    const holds = (m: SystemModel): boolean => {
        const now = schedulableKeys(analyze(m));
        for (const key of mustHold) if (!now.has(key)) return false;
        return true;
    };
    const out: SensitivityItem[] = [];

    for (let c = 0; c < model.cells.length && !outOfTime(); c++) {
        const cell = model.cells[c];
        for (let t = 0; t < cell.tasks.length && !outOfTime(); t++) {
            const task = cell.tasks[t];
            if (!mustHold.has(`task\u0000${cell.name}\u0000${task.name}`)) continue;
            const hi = Math.max(task.wcet, Math.min(task.wcet * GROWTH_RANGE, task.deadline ?? task.period));
            const limit = largestHolding(task.wcet, hi, (w) => {
                const copy = structuredClone(model);
                copy.cells[c].tasks[t].wcet = w;
                return holds(copy);
            }, outOfTime);
            if (limit !== undefined) out.push({ kind: 'task', name: task.name, cell: cell.name, what: 'wcet', current: task.wcet, limit, capped: limit === hi });
        }
    }
    for (let f = 0; f < model.flows.length && !outOfTime(); f++) {
        const flow = model.flows[f];
        if (!mustHold.has(`flow\u0000${base.flows.find((r) => r.name === flow.name)?.owner ?? ''}\u0000${flow.name}`)) continue;
        const hi = flow.size * GROWTH_RANGE;
        const limit = largestHolding(flow.size, hi, (size) => {
            const copy = structuredClone(model);
            copy.flows[f].size = size;
            return holds(copy);
        }, outOfTime);
        if (limit !== undefined) out.push({ kind: 'flow', name: flow.name, what: 'size', current: flow.size, limit, capped: limit === hi });
    }
    const line = model.platform.llc.lineSize;
    const period = model.hypervisor.memguardPeriod;
    for (let c = 0; c < model.cells.length && !outOfTime(); c++) {
        const budget = model.cells[c].budget;
        if (!budget || budget.eventsPerPeriod <= 0) continue;
        // Smallest budget that holds = current minus the largest cut that holds.
        const cut = largestHolding(0, budget.eventsPerPeriod - 1, (k) => {
            const copy = structuredClone(model);
            const events = budget.eventsPerPeriod - k;
            copy.cells[c].budget = { ...budget, eventsPerPeriod: events, bytesPerSecond: eventsToBandwidth(events, period, line) };
            return holds(copy);
        }, outOfTime);
        if (cut !== undefined) out.push({ kind: 'cell', name: model.cells[c].name, what: 'budget', current: budget.eventsPerPeriod, limit: budget.eventsPerPeriod - cut, capped: cut === budget.eventsPerPeriod - 1 });
    }
    return out;
}
