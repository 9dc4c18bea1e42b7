/**
 * What rtcell's Jailhouse export writes for the ZCU102 whatever the model says (docs/export.md, board facts): the
 * inmates' UART1 console (page and console block), the debug console on UART0, the root cell's device windows and the
 * virtual PCI host bridge. The same thing in an imported configuration is said by the export already (a region
 * written again would be mapped twice): each is a note, not a loss.
 */
import { ZCU102_PCI, ZCU102_ROOT_MMIO, ZCU102_UART1, ZCU102_UART_SIZE } from '../../export/jailhouse/zcu102-board.js';
import type { ImportedRegion, ImportNote } from './imported-system.js';
import type { RawConsole } from './raw-config.js';
import { hex, sizeText } from './text-values.js';

/**
 * rtcell's export maps UART1 into every inmate as its console (docs/export.md, board facts). The same mapping in the
 * configuration is therefore said by the export already; written again it would be mapped twice.
 */
export function isExportedConsolePage(r: ImportedRegion, consoleAddress: bigint, notes: ImportNote[]): boolean {
    const uart1 = BigInt(ZCU102_UART1);
    const same = r.phys === uart1 && r.virt === uart1 && r.size === BigInt(ZCU102_UART_SIZE) && consoleAddress === uart1
        && r.flags.join(' ') === 'read write io root-shared';
    if (same) notes.push({ kind: 'info', field: r.origin, value: `UART1 ${hex(uart1)}, 4 KiB, read write io root-shared`, reason: "the inmate's console: rtcell's export maps UART1 into every inmate" });
    return same;
}

/**
 * rtcell's export gives the root cell the ZCU102's device windows and the virtual PCI host bridge (docs/export.md);
 * the same window in the configuration is said by the export already.
 */
export function isExportedRootWindow(r: ImportedRegion, notes: ImportNote[]): boolean {
    const windows = [...ZCU102_ROOT_MMIO.map((w) => ({ start: w.start, size: w.size, name: w.name })), { ...ZCU102_PCI.bridge, name: 'PCI host bridge (virtual, ivshmem)' }];
    const same = windows.find((w) => r.phys === BigInt(w.start) && r.virt === r.phys && r.size === BigInt(w.size) && r.flags.join(' ') === 'read write io');
    if (same) notes.push({ kind: 'info', field: r.origin, value: `${hex(r.phys)}, ${sizeText(r.size)}, read write io`, reason: `rtcell's export gives the root cell this window (${same.name})` });
    return same !== undefined;
}

const CON_TYPE_XUARTPS = 4;
/** JAILHOUSE_CON_ACCESS_MMIO | JAILHOUSE_CON_REGDIST_4, as the export writes it. */
const CON_FLAGS_MMIO_REGDIST_4 = 0x3;

/** The Cadence UART console the export writes: at `address`, MMIO, register distance 4, with `size` (0 in inmates). */
export function isExportedConsole(c: RawConsole, address: number, size: number): boolean {
    return c.address === BigInt(address) && c.size === size && c.type === CON_TYPE_XUARTPS && c.flags === CON_FLAGS_MMIO_REGDIST_4
        && c.divider === 0 && c.gateNr === 0 && c.clockReg === 0n;
}
