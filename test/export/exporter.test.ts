/** Targeted behaviour of the Jailhouse exporter on hand-built models (independent of the language). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

describe('the regulation script', () => {
    /** Runs a generated script with a stub `jailhouse` on PATH and a fake sysfs; returns the calls and the exit code. */
    function runScript(script: string, offline: number[]): { status: number | null; calls: string[]; stderr: string } {
        const dir = mkdtempSync(join(tmpdir(), 'rtcell-regulation-'));
        const bin = join(dir, 'bin');
        mkdirSync(bin);
        writeFileSync(join(bin, 'jailhouse'), `#!/bin/sh\necho "$*" >> "${join(dir, 'calls')}"\n`, { mode: 0o755 });
        for (let cpu = 0; cpu < 4; cpu++) {
            mkdirSync(join(dir, 'sys', 'devices', 'system', 'cpu', `cpu${cpu}`), { recursive: true });
            writeFileSync(join(dir, 'sys', 'devices', 'system', 'cpu', `cpu${cpu}`, 'online'), offline.includes(cpu) ? '0\n' : '1\n');
        }
        writeFileSync(join(dir, 'regulation.sh'), script);
        const r = spawnSync('sh', [join(dir, 'regulation.sh')], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, SYSFS: join(dir, 'sys') } });
        const calls = existsSync(join(dir, 'calls')) ? readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n') : [];
        rmSync(dir, { recursive: true, force: true });
        return { status: r.status, calls, stderr: r.stderr };
    }

    const script = () => exportJailhouse(sensorFusionModel(), { coloring: 'minerva' }).files.find((f) => f.path.endsWith('-regulation.sh'))!.content;

    test('its header says to run it before cell create, and why', () => {
        expect(script()).toMatch(/BEFORE the first `jailhouse cell create`/);
        expect(script()).toMatch(/silently ignored/);
        expect(script()).not.toMatch(/before `jailhouse cell start`/);
    });

    test('with every core online it sets each budget, then the DMA QoS', () => {
        const r = runScript(script(), []);
        expect(r.status).toBe(0);
        expect(r.calls).toEqual(['memguard 0 1000 12500 0x17', 'memguard 1 1000 3125 0x17', 'memguard 2 1000 2343 0x17', 'qos gdma:ar_r=12,aw_r=12,ar_b=1562,aw_b=1562']);
    });

    test('after cell create took a regulated core from Linux it refuses, and sets nothing', () => {
        const r = runScript(script(), [1]);
        expect(r.status).toBe(1);
        expect(r.calls).toEqual([]);
        expect(r.stderr).toMatch(/core 1 is offline .* before jailhouse cell create/);
    });
});

describe('flow channels and the broker cell', () => {
    test('each flow has a channel sized from its messages, in both cells and the broker\'s, clear of every other region', () => {
        const r = exportJailhouse(sensorFusionModel(), { coloring: 'minerva' });
        const cfg = (suffix: string) => decodeConfig(r.files.find((f) => f.path.endsWith(suffix))!.content);
        const [sensor, control, root, broker] = ['-sensor.c', '-control.c', '-system.c', '-broker.c'].map(cfg);
        const camera = sensor.regions.find((x) => x.size === 4096 + 2 * 64 * 1024)!;
        const telemetry = root.regions.find((x) => x.size === 4096 + 2 * 8 * 1024)!;
        expect(camera).toBeDefined();
        expect(telemetry).toBeDefined();
        expect(camera.flags).toEqual(['READ', 'WRITE']);
        expect(control.regions.find((x) => x.phys === camera.phys)).toMatchObject({ size: camera.size, virt: camera.phys, flags: ['READ', 'WRITE'] });
        expect(control.regions.find((x) => x.phys === telemetry.phys)!.flags).toEqual(['READ', 'WRITE', 'ROOTSHARED']);
        expect(broker.regions.filter((x) => x.phys === camera.phys || x.phys === telemetry.phys)).toHaveLength(2);
        expect(root.regions.some((x) => x.phys === camera.phys)).toBe(false);
        // Nothing else of any cell lies on a channel's pages (colored windows counted whole).
        const plan = JSON.parse(r.files.find((f) => f.path.endsWith('-export.json'))!.content) as { channels: { phys: number; size: number }[] };
        expect(plan.channels).toHaveLength(2);
        for (const ch of plan.channels) {
            for (const cell of sensorFusionModel().cells) {
                for (const region of cell.memory) {
                    const span = region.colored ? (region.size / 4096 / cell.colors.length) * 16 * 4096 : region.size;
                    expect(region.phys + span <= ch.phys || ch.phys + ch.size <= region.phys, `${cell.name}.${region.name}`).toBe(true);
                }
            }
            expect(ch.phys + ch.size).toBeLessThanOrEqual(0x8_7f00_0000);
        }
    });

    test('the dedicated broker\'s cell: its core, loadable RAM covered by the root, the DMA engine\'s registers, interrupts and stream IDs', () => {
        const r = exportJailhouse(sensorFusionModel(), { coloring: 'minerva' });
        const file = r.files.find((f) => f.path.endsWith('-broker.c'))!;
        const broker = decodeConfig(file.content);
        const root = decodeConfig(r.files.find((f) => f.path.endsWith('-system.c'))!.content);
        expect(broker.cpus).toEqual([3]);
        const ram = broker.regions.find((x) => x.flags.includes('LOADABLE'))!;
        expect(ram).toMatchObject({ virt: 0, size: 16 * MiB });
        expect(root.regions.some((x) => x.phys! <= ram.phys! && x.phys! + x.size >= ram.phys! + ram.size)).toBe(true);
        expect(broker.regions.find((x) => x.phys === 0xfd50_0000)).toMatchObject({ size: 0x8_0000, flags: ['READ', 'WRITE', 'IO'] });
        expect(broker.irqs).toEqual([124, 125, 126, 127, 128, 129, 130, 131]);
        expect(file.content).toMatch(/\.mmu500\.id = 0x14e8,\n\t\t\t\.mmu500\.mask_out = 0x7,/);
        expect(r.diagnostics.find((d) => d.code === 'export-dedicated-broker')!.message).toMatch(/broker image is not/);
        const floating = exportJailhouse({ ...sensorFusionModel(), hypervisor: { ...sensorFusionModel().hypervisor, broker: { ...sensorFusionModel().hypervisor.broker!, mode: 'floating', core: undefined } } }, { coloring: 'minerva' });
        expect(floating.files.some((f) => f.path.endsWith('-broker.c'))).toBe(false);
        expect(floating.files.find((f) => f.path.endsWith('-sensor.c'))!.content).toMatch(/channel of flow camera/);
    });
});

describe('reserved memory for the root cell\'s device tree', () => {
    test('the system config lists the hypervisor, every inmate window (colored spans whole), the channels and the broker RAM', () => {
        const r = exportJailhouse(sensorFusionModel(), { coloring: 'minerva' });
        const system = r.files.find((f) => f.path.endsWith('-system.c'))!.content;
        const ranges = [...system.matchAll(/reg = <0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+)>;/g)].map((m) => {
            const start = parseInt(m[1], 16) * 2 ** 32 + parseInt(m[2], 16);
            return { start, end: start + parseInt(m[3], 16) * 2 ** 32 + parseInt(m[4], 16) };
        });
        const covered = (start: number, end: number) => ranges.some((x) => x.start <= start && end <= x.end);
        expect(covered(0x8_7f00_0000, 0x8_8000_0000)).toBe(true);
        // sensor: 256 MiB with 4 of 16 colors spans 1 GiB; control: 128 MiB -> 512 MiB.
        expect(covered(0x8_1000_0000, 0x8_5000_0000)).toBe(true);
        expect(covered(0x8_2000_0000, 0x8_4000_0000)).toBe(true);
        const plan = JSON.parse(r.files.find((f) => f.path.endsWith('-export.json'))!.content) as { channels: { phys: number; size: number }[] };
        for (const ch of plan.channels) expect(covered(ch.phys, ch.phys + ch.size)).toBe(true);
        // The root's own RAM (guest-physical 0..1 GiB) is Linux's: not reserved.
        expect(ranges.some((x) => x.start < 0x4000_0000)).toBe(false);
    });
});

describe('the broker cell\'s name', () => {
    test('a cell of the file named like the broker (or with its file name) makes the broker cell take another name', () => {
        for (const taken of ['broker', 'Broker']) {
            const model = sensorFusionModel();
            model.cells[1] = { ...model.cells[1], name: taken };
            model.flows = model.flows.map((f) => ({ ...f, from: f.from === 'sensor' ? taken : f.from, to: f.to === 'sensor' ? taken : f.to }));
            const r = exportJailhouse(model, { coloring: 'minerva' });
            expect(r.diagnostics.filter((d) => d.severity === 'error'), taken).toEqual([]);
            expect(r.files.map((f) => f.path)).toContain('sensor-fusion-inter-vm-broker.c');
        }
    });
});
