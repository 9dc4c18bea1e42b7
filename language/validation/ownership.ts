/** Who runs where: exclusive cores, the dedicated broker's core, and VCPU reservations that must fit their core. */
import { isCoresMember, type Cell as CellNode } from '../generated/ast.js';
import type { Cell } from '../../simulator/model/types.js';
import { formatTime } from '../../simulator/model/units.js';
import { reportAt, type Rule, type RuleContext } from './rule-context.js';

function coresNode(ctx: RuleContext, cell: Cell) {
    return (ctx.index.nodeOf(cell) as CellNode | undefined)?.members.find(isCoresMember);
}

export const coreOwnership: Rule = (ctx) => {
    const owner = new Map<number, Cell>();
    const broker = ctx.model.hypervisor.broker;
    const brokerCore = broker?.mode === 'dedicated' ? broker.core : undefined;
    const brokerNode = broker ? ctx.index.nodeOf(broker) : undefined;
    for (const cell of ctx.model.cells) {
        const node = coresNode(ctx, cell);
        for (const core of cell.cores) {
            const first = owner.get(core);
            if (first && first !== cell) {
                const firstNode = coresNode(ctx, first);
                reportAt(ctx, cell, 'error', 'core-conflict', `Core ${core} is owned by cells '${first.name}' and '${cell.name}': Jailhouse gives each core to one cell`, {
                    node, ...(firstNode ? { related: [{ node: firstNode, message: `core ${core} owned by '${first.name}' here` }] } : {}),
                });
            } else {
                owner.set(core, cell);
            }
            if (core === brokerCore) {
                reportAt(ctx, cell, 'error', 'core-broker-conflict', `Core ${core} of cell '${cell.name}' is the dedicated broker's core`, {
                    node, ...(brokerNode ? { related: [{ node: brokerNode, message: `broker runs on core ${core}` }] } : {}),
                });
            }
        }
    }
    for (const cell of ctx.model.cells) {
        for (const vcpu of cell.vcpus) {
            const exclusive = owner.get(vcpu.core);
            if (exclusive) {
                reportAt(ctx, vcpu, 'error', 'core-conflict', `VCPU '${vcpu.name}' is on core ${vcpu.core}, which cell '${exclusive.name}' owns exclusively`, { property: 'core' });
            }
            if (vcpu.core === brokerCore) {
                reportAt(ctx, vcpu, 'error', 'core-broker-conflict', `VCPU '${vcpu.name}' is on the dedicated broker's core ${vcpu.core}`, { property: 'core' });
            }
        }
    }
};

function gcd(a: bigint, b: bigint): bigint {
    while (b !== 0n) [a, b] = [b, a % b];
    return a === 0n ? 1n : a;
}

/** Sum of budget/period over the VCPUs of each core, compared with 1 exactly (BigInt fractions). */
export const vcpuCapacity: Rule = (ctx) => {
    const byCore = new Map<number, Array<{ cell: Cell; vcpu: Cell['vcpus'][number] }>>();
    for (const cell of ctx.model.cells) {
        for (const vcpu of cell.vcpus) {
            if (vcpu.period <= 0) continue;
            const list = byCore.get(vcpu.core) ?? [];
            list.push({ cell, vcpu });
            byCore.set(vcpu.core, list);
        }
    }
    for (const [core, list] of byCore) {
        let num = 0n;
        let den = 1n;
        for (const { vcpu } of list) {
            num = num * BigInt(vcpu.period) + BigInt(vcpu.budget) * den;
            den *= BigInt(vcpu.period);
            // Kept in lowest terms: unreduced, the denominator is the product of every period on the core, and 3,000
            // VCPUs of one core made numbers of thousands of digits (check of 10,000 cells, issue 17).
            const divisor = gcd(num, den);
            num /= divisor;
            den /= divisor;
        }
        if (num > den) {
            const percent = Number((num * 1000n) / den) / 10;
            const last = list[list.length - 1];
            reportAt(ctx, last.vcpu, 'error', 'vcpu-overload', `The VCPU reservations on core ${core} need ${percent} % of it: more than the core has`, {
                property: 'budget',
                related: list.slice(0, -1).flatMap(({ vcpu }) => {
                    const node = ctx.index.nodeOf(vcpu);
                    return node ? [{ node, message: `VCPU '${vcpu.name}' reserves ${formatTime(vcpu.budget)} every ${formatTime(vcpu.period)}` }] : [];
                }),
            });
        }
    }
};
