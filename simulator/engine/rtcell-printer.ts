/**
 * Writes a SystemModel back as an .rtcell document (the syntax of examples/), so that a system found by a property
 * test can be saved as a readable regression file and loaded again by the language. Every quantity is written in its
 * base unit (ns, B, B/s, events, refills), which is exact; priorities, deadlines and chunk sizes are always explicit so
 * that lowering defaults cannot change the system.
 */
import type { Cell, Flow, IrqEvent, SystemModel, Task } from '../model/types.js';

const ns = (v: number): string => `${v} ns`;

function intSet(values: number[]): string {
    return values.length === 1 ? `${values[0]}` : `{${values.join(', ')}}`;
}

function placement(p: { core: number; vcpu?: string }): string {
    return p.vcpu !== undefined ? `on ${p.vcpu}` : `on core ${p.core}`;
}

function printTask(t: Task): string {
    const parts = [`task ${t.name}`, t.sporadic ? `sporadic ${ns(t.period)}` : `period ${ns(t.period)}`, `wcet ${ns(t.wcet)}`, `bcet ${ns(t.bcet)}`,
        `deadline ${ns(t.deadline)}`, `priority ${t.priority}`, `jitter ${ns(t.jitter)}`];
    if (t.memoryRefills > 0) parts.push(`memory ${t.memoryRefills} refills`);
    for (const s of t.sections ?? []) parts.push(`uses ${s.resource} for ${ns(s.length)}`);
    parts.push(placement(t.placement));
    return parts.join(' ');
}

function printEvent(e: IrqEvent): string {
    const parts = [`event ${e.name}`, `irq ${e.irq}`];
    if (e.latencyBound !== undefined) parts.push(`latency <= ${ns(e.latencyBound)}`);
    parts.push(placement(e.placement));
    return parts.join(' ');
}

function printCell(c: Cell): string[] {
    const lines = [`cell ${c.name}${c.root ? ' root' : ''}${c.os ? ` os ${c.os}` : ''} {`];
    if (c.cores.length > 0) lines.push(`  cores ${intSet(c.cores)}`);
    for (const v of c.vcpus) lines.push(`  vcpu ${v.name} on core ${v.core} budget ${ns(v.budget)} period ${ns(v.period)}`);
    lines.push(`  scheduler ${c.scheduler}`);
    if (c.colors.length > 0) lines.push(`  colors ${intSet(c.colors)}`);
    if (c.banks.length > 0) lines.push(`  banks ${intSet(c.banks)}`);
    for (const m of c.memory) {
        const virt = m.virt !== m.phys ? ` guest 0x${m.virt.toString(16)}` : '';
        lines.push(`  memory ${m.name} at 0x${m.phys.toString(16)}${virt} size ${m.size} B${m.flags.map((f) => ` ${f}`).join('')}${m.colored ? ' colored' : ''}`);
    }
    if (c.budget) lines.push(`  budget ${c.budget.eventsPerPeriod} events`);
    if (c.sharedWith.length > 0) lines.push(`  shared with ${c.sharedWith.join(', ')}`);
    for (const r of c.resources ?? []) lines.push(`  resource ${r.name}`);
    for (const t of c.tasks) lines.push(`  ${printTask(t)}`);
    for (const e of c.events) lines.push(`  ${printEvent(e)}`);
    lines.push('}');
    return lines;
}

function printFlow(f: Flow): string[] {
    return [
        `flow ${f.name} from ${f.from} to ${f.to} {`,
        `  size ${f.size} B ${f.sporadic ? 'sporadic' : 'period'} ${ns(f.period)} deadline ${ns(f.deadline)} priority ${f.priority} jitter ${ns(f.jitter)} chunk ${f.chunkSize} B`,
        '}',
    ];
}

export function printRtcell(model: SystemModel, comment?: string): string {
    const p = model.platform;
    const h = model.hypervisor;
    const o = h.overheads;
    const lines: string[] = [];
    if (comment) for (const line of comment.split('\n')) lines.push(`// ${line}`);
    lines.push(`system "${model.name.replace(/["\\]/g, '')}" on ${p.preset === 'custom' ? 'zcu102' : p.preset}`, '');
    lines.push('platform {');
    lines.push(`  cores ${p.cores} at ${p.clockHz} Hz`);
    lines.push(`  llc ${p.llc.size} B ways ${p.llc.ways} line ${p.llc.lineSize} B`);
    lines.push(`  page ${p.pageSize} B`);
    lines.push(`  dram ${p.dram.size} B banks ${p.dram.banks} guaranteed ${p.dram.guaranteedBandwidth} B/s`);
    for (const d of p.dmaEngines) lines.push(`  dma ${d.name} channels ${d.channels} rate ${d.rate} B/s`);
    lines.push('}', '');
    lines.push('hypervisor jailhouse {');
    lines.push(`  memguard period ${ns(h.memguardPeriod)}`);
    const b = h.broker;
    if (b) {
        const where = b.mode === 'dedicated' ? `dedicated on core ${b.core}` : 'floating';
        const budget = b.dmaBudget ? ` budget ${b.dmaBudget.bytesPerSecond} B/s` : '';
        lines.push(`  broker ${where} policy ${b.policy} chunk ${b.chunkSize} B dma ${b.dma}${budget}`);
    }
    if (h.vcpuOverrun || h.vcpuBoost) lines.push(`  vmpcp ${h.vcpuOverrun ? 'overrun' : 'enforced'}${h.vcpuBoost ? ' boost' : ''}`);
    lines.push(`  overheads { notify ${ns(o.notify)} dispatch ${ns(o.dispatch)} dma-setup ${ns(o.dmaSetup)} ipi ${ns(o.ipi)} irq-entry ${ns(o.irqEntry)} nonpreemptible ${ns(o.nonPreemptible)} }`);
    lines.push('}', '');
    for (const r of model.resources ?? []) lines.push(`resource ${r.name} shared with ${r.cells.join(', ')}`, '');
    for (const c of model.cells) lines.push(...printCell(c), '');
    for (const f of model.flows) lines.push(...printFlow(f), '');
    return lines.join('\n');
}
