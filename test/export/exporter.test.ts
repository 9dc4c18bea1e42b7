/** Targeted behaviour of the Jailhouse exporter on hand-built models (independent of the language). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { COLORING_OPTIONS, exportJailhouse } from '../../simulator/export/jailhouse/index.js';
import { buildModel, decodeConfig, GOLDEN, REPO, sensorFusionModel } from './helpers.js';

const MiB = 1024 * 1024;
const codes = (r: ReturnType<typeof exportJailhouse>) => r.diagnostics.map((d) => d.code);

describe('exportJailhouse', () => {
    test('the hand-built sensor-fusion model exports exactly the golden files of examples/zcu102-broker.rtcell', () => {
        for (const coloring of COLORING_OPTIONS) {
            const dir = join(GOLDEN, 'zcu102-broker', coloring);
            const files = exportJailhouse(sensorFusionModel(), { coloring }).files;
            expect(files.map((f) => f.path).sort()).toEqual(readdirSync(dir).filter((f) => f !== 'diagnostics.txt').sort());
            for (const f of files) expect(f.content, `${coloring}/${f.path}`).toBe(readFileSync(join(dir, f.path), 'utf8'));
        }
    });

    test('events are routed to their cell; a PMU line, an out-of-range IRQ and a doubly routed IRQ are errors', () => {
        const base = (events: { name: string; irq: number }[], other: { name: string; irq: number }[] = []) =>
            buildModel([
                { name: 'linux', root: true, cores: [0], memory: [{ name: 'ram', phys: 0, size: 64 * MiB }] },
                { name: 'a', cores: [1], memory: [{ name: 'ram', phys: 0x8_1000_0000, virt: 0, size: MiB }], events },
                { name: 'b', cores: [2], memory: [{ name: 'ram', phys: 0x8_2000_0000, virt: 0, size: MiB }], events: other },
            ]);
        const ok = exportJailhouse(base([{ name: 'x', irq: 54 }, { name: 'y', irq: 170 }]), { coloring: 'none' });
        const a = decodeConfig(ok.files.find((f) => f.path.endsWith('-a.c'))!.content);
        expect(a.irqs).toEqual([54, 170]);
        expect(a.declaredCounts.irqchips).toBe(2);
        const root = decodeConfig(ok.files.find((f) => f.path.endsWith('-system.c'))!.content);
        expect(root.irqs).not.toContain(175);
        expect(root.irqs).toContain(54);
        expect(codes(exportJailhouse(base([{ name: 'x', irq: 176 }]), { coloring: 'none' }))).toContain('export-irq-reserved');
        expect(codes(exportJailhouse(base([{ name: 'x', irq: 188 }]), { coloring: 'none' }))).toContain('export-irq-out-of-range');
        const clash = exportJailhouse(base([{ name: 'x', irq: 60 }], [{ name: 'z', irq: 60 }]), { coloring: 'none' });
        expect(clash.files).toEqual([]);
        expect(codes(clash)).toContain('export-irq-conflict');
    });

    test('memory Jailhouse would reject is an error: hypervisor overlap, outside DRAM, unaligned', () => {
        const withGuestRam = (phys: number, size: number, colored = false) =>
            buildModel([
                { name: 'linux', root: true, cores: [0], memory: [{ name: 'ram', phys: 0, size: 64 * MiB }] },
                { name: 'a', cores: [1], colors: [4], memory: [{ name: 'ram', phys, virt: 0, size, colored }] },
            ]);
        expect(codes(exportJailhouse(withGuestRam(0x8_7f00_0000, MiB), { coloring: 'minerva' }))).toContain('export-overlaps-hypervisor');
        // Colored, 1 color of 16: the region's pages reach into the hypervisor's memory although its start lies below.
        expect(codes(exportJailhouse(withGuestRam(0x8_7e80_0000, MiB, true), { coloring: 'minerva' }))).toContain('export-overlaps-hypervisor');
        expect(codes(exportJailhouse(withGuestRam(0x9000_0000, MiB), { coloring: 'minerva' }))).toContain('export-outside-dram');
        expect(codes(exportJailhouse(withGuestRam(0x8_1000_0800, MiB), { coloring: 'minerva' }))).toContain('export-unaligned-region');
        expect(codes(exportJailhouse(withGuestRam(0x8_1000_1000, MiB, true), { coloring: 'minerva' }))).toContain('export-unaligned-colored-region');
        // One color of 16: 128 MiB needs 2 GiB of address space, more than the high bank has left.
        expect(codes(exportJailhouse(withGuestRam(0x8_1000_0000, 128 * MiB, true), { coloring: 'minerva' }))).toContain('export-outside-dram');
        expect(codes(exportJailhouse(withGuestRam(0x8_1000_0000, 128 * MiB, true), { coloring: 'none' }))).not.toContain('export-outside-dram');
    });

    test('a region shared with the root cell is ROOTSHARED in the owner and listed in the root cell', () => {
        const model = buildModel([
            { name: 'linux', root: true, cores: [0], memory: [{ name: 'ram', phys: 0, size: 64 * MiB }] },
            { name: 'a', cores: [1], memory: [{ name: 'ram', phys: 0x8_1000_0000, virt: 0, size: MiB }, { name: 'shm', phys: 0x8_2000_0000, virt: 0x1000_0000, size: MiB, flags: ['read', 'write'], sharedWith: ['linux'] }] },
        ]);
        const r = exportJailhouse(model, { coloring: 'none' });
        const a = decodeConfig(r.files.find((f) => f.path.endsWith('-a.c'))!.content);
        const root = decodeConfig(r.files.find((f) => f.path.endsWith('-system.c'))!.content);
        expect(a.regions.find((x) => x.phys === 0x8_2000_0000)!.flags).toEqual(['READ', 'WRITE', 'ROOTSHARED']);
        expect(a.regions.find((x) => x.phys === 0x8_1000_0000)!.flags).not.toContain('ROOTSHARED');
        expect(root.regions.map((x) => x.phys)).toEqual(expect.arrayContaining([0x8_1000_0000, 0x8_2000_0000]));
    });

    test('bad input never crashes: an impossible coloring option or a broken model is a diagnostic', () => {
        expect(codes(exportJailhouse(sensorFusionModel(), { coloring: 'rainbow' as never }))).toEqual(['export-bad-option']);
        const broken = sensorFusionModel();
        (broken.cells[1] as { memory: unknown }).memory = undefined;
        const r = exportJailhouse(broken, { coloring: 'minerva' });
        expect(r.files).toEqual([]);
        expect(codes(r)).toEqual(['export-invalid-model']);
    });

    test('docs/export.md documents every diagnostic code the exporter can emit', () => {
        const dir = join(REPO, 'simulator', 'export', 'jailhouse');
        const source = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
        const all = [...new Set([...source.matchAll(/'(export-[a-z-]+)'/g)].map((m) => m[1]))];
        expect(all.length).toBeGreaterThan(30);
        const doc = readFileSync(join(REPO, 'docs', 'export.md'), 'utf8');
        expect(all.filter((c) => !doc.includes(c))).toEqual([]);
    });
});
