/**
 * Regions the board gives every configuration beyond what the file declares: the root cell's device windows (the
 * peripherals without the SMMU, the virtual PCI host bridge) and stream IDs, an inmate's console UART; and the merging
 * of the root cell's plain identity regions.
 */
import type { PlannedRegion, PlannedStreamId } from './plan-types.js';
import { sortFlags } from './plan-memory.js';
import { ZCU102_PCI, ZCU102_ROOT_MMIO, ZCU102_ROOT_STREAM_IDS, ZCU102_UART1, ZCU102_UART_SIZE } from './zcu102-board.js';

function identityMergeable(r: PlannedRegion): boolean {
    return r.colors === undefined && r.virt === r.phys && r.origin !== 'comm';
}

/**
 * The root cell's plain identity-mapped regions with the same flags that touch or overlap become one region (its own
 * RAM and the handovers between them read like the trees' "RAM" entries). Same pages, same access: `cell create`
 * still unmaps exactly each inmate's region from it.
 */
export function mergeRootRegions(regions: readonly PlannedRegion[]): PlannedRegion[] {
    const result: PlannedRegion[] = [];
    // What each merged region is made of, in address order, for its comment.
    const parts = new Map<PlannedRegion, { phys: number; comment: string }[]>();
    for (const region of regions) {
        const r = { ...region, flags: [...region.flags] };
        let made = [{ phys: r.phys, comment: r.comment }];
        if (identityMergeable(r)) {
            for (;;) {
                const i = result.findIndex((m) => identityMergeable(m) && m.flags.join() === r.flags.join() && m.phys <= r.phys + r.size && r.phys <= m.phys + m.size);
                if (i < 0) break;
                const m = result.splice(i, 1)[0];
                made = [...(parts.get(m) ?? [{ phys: m.phys, comment: m.comment }]), ...made].sort((a, b) => a.phys - b.phys);
                const start = Math.min(m.phys, r.phys);
                const end = Math.max(m.phys + m.size, r.phys + r.size);
                Object.assign(r, { origin: m.origin === r.origin ? r.origin : 'source', phys: start, virt: start, size: end - start });
                if (m.sourceCell !== r.sourceCell) delete r.sourceCell;
                if (m.sourceRegion !== r.sourceRegion) delete r.sourceRegion;
            }
            if (made.length > 1) r.comment = `RAM, merged: ${made.map((p) => p.comment).join('; ')}`;
        }
        parts.set(r, made);
        result.push(r);
    }
    return result;
}

export function inmateConsole(): PlannedRegion {
    return { comment: 'UART1: console of the inmate, shared with the root cell', origin: 'board', phys: ZCU102_UART1, virt: ZCU102_UART1, size: ZCU102_UART_SIZE, flags: sortFlags(['READ', 'WRITE', 'IO', 'ROOTSHARED']) };
}

/** The root cell's devices: the on-chip peripherals without the SMMU, and the virtual PCI host bridge (ivshmem). */
export function rootBoardRegions(): PlannedRegion[] {
    return [
        ...ZCU102_ROOT_MMIO.map((w): PlannedRegion => ({ comment: w.name, origin: 'board', phys: w.start, virt: w.start, size: w.size, flags: ['READ', 'WRITE', 'IO'] })),
        { comment: 'PCI host bridge (virtual, ivshmem)', origin: 'board', phys: ZCU102_PCI.bridge.start, virt: ZCU102_PCI.bridge.start, size: ZCU102_PCI.bridge.size, flags: ['READ', 'WRITE', 'IO'] },
    ];
}

export function rootStreamIds(): PlannedStreamId[] {
    return ZCU102_ROOT_STREAM_IDS.map((s) => ({ id: s.id, maskOut: s.maskOut, comment: s.comment }));
}
