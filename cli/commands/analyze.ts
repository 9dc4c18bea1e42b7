/**
 * `rtcell analyze FILE [--json]`: worst-case latencies of every flow, task and event. Exit 0 when all are
 * schedulable, 1 when any is unschedulable (or the document has errors), 2 on unreadable input or bad usage.
 * The JSON form is documented in docs/analysis-json.md.
 */
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand } from '../command.js';
import { loadOrReport } from '../load-or-report.js';
import { analyzeSystem, type AnalysisResult, type ItemResult } from '../../simulator/analysis/index.js';
import { formatTime } from '../../simulator/model/units.js';

function row(i: ItemResult): string[] {
    const name = i.kind === 'flow' ? `flow ${i.name}` : `${i.kind} ${i.owner}.${i.name}`;
    return [
        name,
        i.wcrt !== undefined ? formatTime(i.wcrt) : '-',
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
    out.push(`memory: ${result.memory.total} B/s of ${result.memory.guaranteed} B/s guaranteed (${result.memory.verdict})`);
    for (const v of result.vcpus) {
        out.push(`vcpu ${v.cell}/${v.name} on core ${v.core}: ${v.admissible ? 'admissible' : 'NOT admissible'}`
            + (v.minimalBudget !== undefined ? `, minimal budget ${formatTime(v.minimalBudget)} per ${formatTime(v.period)}` : ''));
    }
    const s = result.summary;
    out.push(`${s.schedulable} schedulable, ${s.unschedulable} unschedulable, ${s.inconclusive} inconclusive`);
    for (const e of result.errors) out.push(`error: ${e}`);
    return out.join('\n') + '\n';
}

export const run: CliCommand = async (args, io) => {
    const json = args.includes('--json');
    const files = args.filter((a) => a !== '--json');
    if (files.length !== 1 || files[0].startsWith('-')) {
        io.err('usage: rtcell analyze FILE [--json]\n');
        return EXIT_USAGE;
    }
    const file = files[0];
    const loaded = await loadOrReport(file, io, 'analyze', EXIT_USAGE);
    if (!loaded.ok) return loaded.exitCode;
    const result = analyzeSystem(loaded.model);
    io.out(json ? JSON.stringify(result, null, 2) + '\n' : formatTable(result));
    return result.summary.unschedulable > 0 ? EXIT_FINDINGS : EXIT_OK;
};
