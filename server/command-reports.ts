/**
 * The text a code lens command shows, narrowed to the lens's own item: Analyze on a flow reports that flow, on a cell
 * its tasks, events and VCPUs; Simulate likewise for what the run observed. Pure functions of the analysis and the
 * simulation statistics (no Langium), shared by the server's `workspace/executeCommand` and the VS Code extension.
 */
import { formatTable } from '../simulator/analysis/format-table.js';
import type { AnalysisResult, ItemResult } from '../simulator/analysis/types.js';
import type { LatencyStatistics } from '../simulator/engine/types.js';
import { formatBound, formatDuration, formatPercent } from '../simulator/model/format.js';
import type { SummaryRow } from '../simulator/report/protocol.js';
import { summaryRows } from '../simulator/report/summary-rows.js';
import type { ItemBound, LensCommandArguments, SimulateResponse } from './protocol.js';

export interface LensTarget {
    kind: LensCommandArguments[2];
    /** Flow or cell name; null for the whole document. */
    item: string | null;
}

/** Reads the lens arguments leniently: anything but a named cell or flow means the whole document. */
export function lensTarget(args: readonly unknown[]): LensTarget {
    const [, item, kind] = args;
    if ((kind === 'flow' || kind === 'cell') && typeof item === 'string' && item.length > 0) return { kind, item };
    return { kind: 'document', item: null };
}

export function describeTarget(target: LensTarget, system: string): string {
    return target.item === null ? `system ${system}` : `${target.kind} ${target.item}`;
}

function belongs(target: LensTarget, kind: 'flow' | 'task' | 'event', name: string, owner: string | undefined): boolean {
    if (target.item === null) return true;
    return target.kind === 'flow' ? kind === 'flow' && name === target.item : kind !== 'flow' && owner === target.item;
}

/** The analysis narrowed to the target (its items, and for a cell its VCPUs); the summary counts those items. */
export function narrowAnalysis(analysis: AnalysisResult, target: LensTarget): AnalysisResult {
    if (target.item === null) return analysis;
    const keep = (i: ItemResult) => belongs(target, i.kind, i.name, i.owner);
    const flows = analysis.flows.filter(keep);
    const tasks = analysis.tasks.filter(keep);
    const events = analysis.events.filter(keep);
    const all = [...flows, ...tasks, ...events];
    return {
        ...analysis, flows, tasks, events,
        vcpus: target.kind === 'cell' ? analysis.vcpus.filter((v) => v.cell === target.item) : [],
        summary: {
            schedulable: all.filter((i) => i.verdict === 'schedulable').length,
            unschedulable: all.filter((i) => i.verdict === 'unschedulable').length,
            inconclusive: all.filter((i) => i.verdict === 'inconclusive').length,
        },
    };
}

/** `on time`, `2 late`, `1 inconclusive`, or `nothing to analyse`. */
export function verdictWords(summary: AnalysisResult['summary']): string {
    if (summary.unschedulable > 0) return `${summary.unschedulable} late`;
    if (summary.inconclusive > 0) return `${summary.inconclusive} inconclusive`;
    return summary.schedulable > 0 ? 'on time' : 'nothing to analyse';
}

export function analysisReport(analysis: AnalysisResult, target: LensTarget): { title: string; text: string } {
    const narrowed = narrowAnalysis(analysis, target);
    const title = `Analysis of ${describeTarget(target, analysis.system)}: ${verdictWords(narrowed.summary)}`;
    const empty = narrowed.flows.length + narrowed.tasks.length + narrowed.events.length === 0;
    if (empty && target.item !== null) return { title, text: `${title}\nno ${target.kind === 'flow' ? 'flow' : 'task or event of cell'} '${target.item}' in the analysed version\n` };
    return { title, text: `${title}\n${formatTable(narrowed)}` };
}

/** Observed beside bound, one line per item of the target. */
export function simulationReport(response: Pick<SimulateResponse, 'system' | 'scenario' | 'seed' | 'durationNs' | 'statistics' | 'bounds' | 'stale'>, target: LensTarget): { title: string; text: string } {
    const { flows, tasks, events } = response.statistics;
    const stats = [...flows, ...tasks, ...events].filter((s) => belongs(target, s.kind as 'flow' | 'task' | 'event', s.name, s.cell));
    const boundOf = boundsByItem(response.bounds);
    const misses = stats.reduce((sum, s) => sum + s.misses, 0);
    const title = `Simulation of ${describeTarget(target, response.system)}: ${misses === 0 ? 'no deadline missed' : `${misses} deadline miss${misses === 1 ? '' : 'es'}`}`;
    const header = ['item', 'jobs', 'observed max', 'bound', 'observed/bound', 'deadline', 'misses'];
    const rows = stats.map((s) => {
        const bound = boundOf(s);
        const wcrt = bound?.wcrt ?? null;
        return [
            `${s.kind} ${s.qualifiedName}`,
            String(s.count),
            s.count > 0 ? `${formatDuration(s.max)} (job ${s.maxJob})` : '-',
            bound ? formatBound(wcrt) : '-',
            s.count > 0 && wcrt !== null && wcrt > 0 ? formatPercent(s.max, wcrt) : '-',
            s.deadline !== undefined ? formatDuration(s.deadline) : '-',
            String(s.misses),
        ];
    });
    const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
    const line = (r: string[]) => r.map((c, k) => c.padEnd(widths[k])).join('  ').trimEnd();
    const run = `${response.scenario} scenario, seed ${response.seed}, ${formatDuration(response.durationNs)} simulated${response.stale ? ' (last valid version)' : ''}`;
    const body = rows.length > 0 ? [line(header), ...rows.map(line)] : [`nothing of ${describeTarget(target, response.system)} ran in the simulated version`];
    return { title, text: [title, run, ...body].join('\n') + '\n' };
}

/** The analysed bound of each simulated item, by kind, cell and name. */
function boundsByItem(bounds: readonly ItemBound[]): (s: LatencyStatistics) => ItemBound | undefined {
    const key = (kind: string, cell: string | undefined, name: string) => `${kind}:${cell ?? ''}:${name}`;
    const byKey = new Map(bounds.map((b) => [key(b.kind, b.cell, b.name), b]));
    return (s) => byKey.get(key(s.kind, s.cell, s.name));
}

/** The timeline's summary rows of a simulation: each item's analysed bound beside what the run observed. */
export function summaryRowsOf(response: Pick<SimulateResponse, 'statistics' | 'bounds'>): SummaryRow[] {
    const { flows, tasks, events } = response.statistics;
    return summaryRows([...flows, ...tasks, ...events], boundsByItem(response.bounds));
}
