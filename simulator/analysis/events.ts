/**
 * Event (interrupt) latency: the longest non-preemptible section on the core (hypervisor sections or floating-broker
 * work), the worst reservation blackout when the core is time-shared, then the IRQ entry (docs/semantics.md §4,
 * docs/analysis.md §6).
 */
import { formatTime } from '../model/units.js';
import { longestSection, type SystemContext, type TaskGroup } from './context.js';
import { blackout, type Supply } from './supply.js';
import { groupSupply } from './tasks.js';
import { finish, term } from './terms.js';
import type { ItemResult } from './types.js';

export function analyzeEvents(ctx: SystemContext, group: TaskGroup, admissible: boolean, supplyOverride?: Supply): ItemResult[] {
    const o = ctx.model.hypervisor.overheads;
    const section = longestSection(ctx, group.core);
    const floatingPart = ctx.cores.get(group.core)?.floatingSection ?? 0;
    const supply = supplyOverride ?? groupSupply(ctx, group);
    return group.events.map((ev) => {
        const item: ItemResult = {
            kind: 'event', name: ev.name, owner: group.cell.name, source: ev.source, deadline: ev.latencyBound,
            verdict: 'inconclusive', terms: [], interferers: [],
        };
        if (!admissible) {
            item.reason = `VCPU ${group.vcpu?.name} is not admissible on core ${group.core}: its blackout is not bounded`;
            return item;
        }
        const gap = blackout(supply);
        item.terms = [
            term('non-preemptible', 'non-preemptible section', section, floatingPart > o.nonPreemptible
                ? `a floating-broker section on core ${group.core} (${formatTime(floatingPart)}) may be in progress`
                : `a hypervisor section of up to ${formatTime(o.nonPreemptible)} may be in progress`),
            term('blackout', 'reservation blackout', gap, gap > 0
                ? `the VCPU may wait ${supply.kind === 'periodic' && supply.front ? 'Π − Θ' : '2(Π − Θ)'} = ${formatTime(gap)} for its next budget${supply.kind === 'periodic' && supply.front ? ' (the most urgent VCPU of its core gets its budget at the start of each period)' : ''}`
                : 'the core is owned whole'),
            term('irq-entry', 'IRQ entry', o.irqEntry, 'entering the guest\'s handler through the hypervisor'),
        ];
        item.wcrt = section + gap + o.irqEntry;
        if (floatingPart > o.nonPreemptible) {
            item.interferers = ctx.flows.filter((f) => f.senderCore === group.core || f.receiverCore === group.core)
                .map((f) => ({ kind: 'broker-work' as const, name: f.flow.name, source: f.flow.source, relation: 'floating-broker' }));
        }
        return finish(item);
    });
}
