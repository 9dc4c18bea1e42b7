/**
 * What only the exporter used to catch is a diagnostic while typing (`rtcell check`, the language server): a region
 * over the hypervisor's memory and an inmate region the root cell cannot cover. Same rules as the exporter
 * (simulator/export/jailhouse/root-coverage.ts), reported at the region.
 */
import { describe, expect, test } from 'vitest';
import { loadModelFromText } from '../../language/load.js';
import { exportJailhouse } from '../../simulator/export/jailhouse/index.js';
import { BASE, lineOf, mutate } from '../language/helpers.js';
import { buildModel } from './helpers.js';

async function errors(text: string) {
    return (await loadModelFromText(text)).diagnostics.filter((d) => d.severity === 'error');
}

describe('Jailhouse memory rules while typing', () => {
    test('the base system is clean and exports without memory errors', async () => {
        const loaded = await loadModelFromText(BASE);
        expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const codes = exportJailhouse(loaded.model!, { coloring: 'minerva' }).diagnostics.map((d) => d.code);
        expect(codes).not.toContain('export-overlaps-hypervisor');
        expect(codes).not.toContain('export-root-cannot-cover');
    });

    test('a region over the hypervisor\'s memory: overlaps-hypervisor at the region, naming where the hypervisor is', async () => {
        const text = mutate('memory ram at 0x8_2000_0000 size 128 MiB colored', 'memory ram at 0x8_7f00_0000 size 1 MiB');
        const found = await errors(text);
        expect(found.map((d) => d.code)).toEqual(['overlaps-hypervisor']);
        expect(found[0].range.start.line).toBe(lineOf(text, 'memory ram at 0x8_7f00_0000'));
        expect(found[0].message).toMatch(/0x87f000000\.\.0x880000000/);
    });

    test('a colored region whose pages reach the hypervisor\'s memory although it starts below it', async () => {
        // 16 MiB with 4 of 16 colors spans 64 MiB: 0x87d000000..0x881000000.
        const text = mutate('memory ram at 0x8_2000_0000 size 128 MiB colored', 'memory ram at 0x8_7d00_0000 size 16 MiB colored');
        expect((await errors(text)).map((d) => d.code)).toEqual(['overlaps-hypervisor']);
    });

    test('an inmate region at the guest-physical addresses of the root\'s RAM: root-cannot-cover', async () => {
        // The root's colored 1 GiB is guest-physical 0..0x40000000; the control cell's colored window in the low bank
        // does not share a page with it (disjoint colors), but its handover would need guest-physical 0x20000000.
        const text = mutate('memory ram at 0x8_2000_0000 size 128 MiB colored', 'memory ram at 0x2000_0000 size 128 MiB colored');
        const found = await errors(text);
        expect(found.map((d) => d.code)).toEqual(['root-cannot-cover']);
        expect(found[0].range.start.line).toBe(lineOf(text, 'memory ram at 0x2000_0000'));
        // With the root's RAM shrunk to 256 MiB (guest-physical 0..0x10000000) the same window is fine.
        const shrunk = mutate('memory ram at 0x0 size 1 GiB colored', 'memory ram at 0x0 size 256 MiB colored').replace('memory ram at 0x8_2000_0000 size 128 MiB colored', 'memory ram at 0x2000_0000 size 128 MiB colored');
        expect(await errors(shrunk)).toEqual([]);
    });

    test('the exporter reports the same two findings with its own codes (same rules, one source)', () => {
        const MiB = 1024 * 1024;
        const shape = (phys: number, colored: boolean) =>
            buildModel([
                { name: 'linux', root: true, cores: [0], colors: [0, 1, 2, 3, 4, 5, 6, 7], memory: [{ name: 'ram', phys: 0, size: 1024 * MiB, colored: true }] },
                { name: 'control', cores: [2], colors: [12, 13, 14, 15], memory: [{ name: 'ram', phys, virt: 0, size: colored ? 128 * MiB : MiB, colored }] },
            ], { broker: 'none' });
        const codes = (phys: number, colored: boolean) => exportJailhouse(shape(phys, colored), { coloring: 'minerva' }).diagnostics.map((d) => d.code);
        expect(codes(0x2000_0000, true)).toContain('export-root-cannot-cover');
        expect(codes(0x8_7f00_0000, false)).toContain('export-overlaps-hypervisor');
        expect(codes(0x8_2000_0000, true)).not.toContain('export-root-cannot-cover');
    });
});
