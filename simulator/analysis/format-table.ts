/**
 * The analysis as a readable table (item, latency, deadline, slack, verdict, dominant term) with the memory, VCPU and
 * summary lines: what `rtcell analyze` prints and what the editor's Analyze command shows.
 */
import { formatBandwidth, formatBound, formatDuration as formatTime } from '../model/format.js';
import type { AnalysisResult, ItemResult } from './types.js';

function row(i: ItemResult): string[] {
    const name = i.kind === 'flow' ? `flow ${i.name}` : `${i.kind} ${i.owner}.${i.name}`;
    return [
        name,
        formatBound(i.wcrt),
        i.deadline !== undefined ? formatTime(i.deadline) : '-',
        i.slack !== undefined ? formatTime(i.slack) : '-',
        i.verdict,
        i.dominant ?? (i.reason ? `(${i.reason})` : '-'),
    ];
}

export function formatTable(result: AnalysisResult): string {
    const header = ['item', 'latency', 'deadline', 'slack', 'verdict', 'dominant term'];
    const rows = [...result.flows, ...result.tasks, ...result.events].map(row);
    const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => (k === 5 ? 0 : r[k].length))));
    const line = (r: string[]) => r.map((c, k) => (k === r.length - 1 ? c : c.padEnd(widths[k]))).join('  ');
    const out = [line(header), ...rows.map(line)];
    out.push('');
    out.push(`memory: ${formatBandwidth(result.memory.total)} of ${formatBandwidth(result.memory.guaranteed)} guaranteed (${result.memory.verdict})`);
    for (const v of result.vcpus) {
        out.push(`vcpu ${v.cell}/${v.name} on core ${v.core}: ${v.admissible ? 'admissible' : 'NOT admissible'}`
            + (v.minimalBudget !== undefined ? `, minimal budget ${formatTime(v.minimalBudget)} per ${formatTime(v.period)}` : '')
            + (v.minimalBudgetStopped ? `, minimal budget search stopped (work budget spent): above ${formatTime(v.minimalBudgetStopped.above)}`
                + `${v.minimalBudgetStopped.atMost !== undefined ? `, at most ${formatTime(v.minimalBudgetStopped.atMost)}` : ''} per ${formatTime(v.period)}` : ''));
    }
    const stopped = [...result.flows, ...result.tasks, ...result.events].filter((i) => i.fixes?.stopped?.length).length;
    if (stopped > 0) out.push(`fix searches stopped (work budget spent) for ${stopped} item(s): see "fixes.stopped" in --json`);
    const s = result.summary;
    out.push(`${s.schedulable} schedulable, ${s.unschedulable} unschedulable, ${s.inconclusive} inconclusive`);
    for (const e of result.errors) out.push(`error: ${e}`);
    return out.join('\n') + '\n';
}
