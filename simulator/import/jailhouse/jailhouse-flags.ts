/** Flag bits of Jailhouse configurations (include/jailhouse/cell-config.h, identical in the three trees where present). */
import type { RegionFlag } from '../../model/types.js';

export const MEM = {
    READ: 0x1n, WRITE: 0x2n, EXECUTE: 0x4n, DMA: 0x8n, IO: 0x10n, COMM_REGION: 0x20n, LOADABLE: 0x40n,
    ROOTSHARED: 0x80n, NO_HUGEPAGES: 0x100n, COLORED: 0x200n, COLORED_NO_COPY: 0x400n, TMP_ROOT_REMAP: 0x800n,
    IO_UNALIGNED: 0x8000n, IO_WIDTH_MASK: 0xf0000n,
} as const;

/** Region flags the language has, with their bits. */
export const LANGUAGE_FLAGS: ReadonlyArray<[RegionFlag, bigint]> = [
    ['read', MEM.READ], ['write', MEM.WRITE], ['execute', MEM.EXECUTE], ['dma', MEM.DMA], ['io', MEM.IO],
    ['loadable', MEM.LOADABLE], ['root-shared', MEM.ROOTSHARED],
];

/** Names of the bits the language has no word for (COLORED is handled as `colored`, COMM_REGION separately). */
export const OTHER_MEMORY_BITS: ReadonlyArray<[string, bigint]> = [
    ['JAILHOUSE_MEM_NO_HUGEPAGES', MEM.NO_HUGEPAGES], ['JAILHOUSE_MEM_COLORED_NO_COPY', MEM.COLORED_NO_COPY],
    ['JAILHOUSE_MEM_TMP_ROOT_REMAP', MEM.TMP_ROOT_REMAP], ['JAILHOUSE_MEM_IO_UNALIGNED', MEM.IO_UNALIGNED],
];

export const CELL_FLAGS: ReadonlyArray<[string, number]> = [
    ['JAILHOUSE_CELL_PASSIVE_COMMREG', 0x1], ['JAILHOUSE_CELL_TEST_DEVICE', 0x2], ['JAILHOUSE_CELL_AARCH32', 0x4],
    ['JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED', 0x40000000], ['JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE', 0x80000000],
];

export const CONSOLE_TYPES: Readonly<Record<number, string>> = {
    0: 'none', 1: 'efifb', 2: '8250', 3: 'pl011', 4: 'xuartps', 5: 'mvebu', 6: 'hscif', 7: 'scifa', 8: 'imx',
    9: 'imx-lpuart', 10: 'scif', 11: 'linflex',
};

/** Names the set bits of `value` with `table`; bits the table does not know are shown in hex. */
export function flagNames(value: number, table: ReadonlyArray<[string, number]>): string {
    const names = table.filter(([, bit]) => (value & bit) !== 0).map(([name]) => name);
    const known = table.reduce((acc, [, bit]) => acc | bit, 0);
    const rest = (value & ~known) >>> 0;
    if (rest !== 0) names.push(`0x${rest.toString(16)}`);
    return names.length > 0 ? names.join(' | ') : '0';
}
