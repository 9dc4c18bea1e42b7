/**
 * examples/zcu102-minerva-freertos.rtcell mirrors the Minerva tree's own ZCU102 root config (zynqmp-zcu102-root-col16.c,
 * with zynqmp-zcu102.c for the MMIO split) and its FreeRTOS inmate (zynqmp-zcu102-freertos-c1.c). Both are built with
 * the tree's rule and read back with the tree's layout, then compared field by field. Every difference is listed
 * here and in docs/export.md ("Compared with the Minerva tree's own configurations") with its reason; a new one fails.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadModelFromFile } from '../../language/load.js';
import { exportJailhouse } from '../../simulator/export/jailhouse/index.js';
import type { SystemModel } from '../../simulator/model/types.js';
import { loadabilityProblems, parseCell, parseSystem, type CellRegion } from './cell-loadability.js';
import { EXAMPLES } from './helpers.js';
import { buildCell, buildTreeConfig, removeScratch, treeLayout } from './jailhouse-trees.js';

afterAll(removeScratch);

let model: SystemModel;
let exported: { system: Buffer; inmate: Buffer };

beforeAll(async () => {
    const loaded = await loadModelFromFile(join(EXAMPLES, 'zcu102-minerva-freertos.rtcell'));
    model = loaded.model!;
    const files = exportJailhouse(model, { coloring: 'minerva' }).files;
    const build = (suffix: string) => {
        const f = files.find((x) => x.path.endsWith(suffix))!;
        const r = buildCell('minerva', f.content, f.path.replace(/\.c$/, ''));
        if (!r.ok) throw new Error(r.stderr);
        return r.cell!;
    };
    exported = { system: build('-system.c'), inmate: build('-freertos-core1.c') };
});

const hex = (n: number) => `0x${n.toString(16)}`;
const describeRegion = (r: CellRegion) => `${hex(r.phys)}+${hex(r.size)}@${hex(r.virt)} flags ${hex(r.flags)}${r.mask !== undefined ? ` colors 0x${r.mask.toString(16)}` : ''}`;

function regionDiff(tree: CellRegion[], ours: CellRegion[]): { treeOnly: string[]; exportOnly: string[] } {
    const a = tree.map(describeRegion);
    const b = ours.map(describeRegion);
    return { treeOnly: a.filter((x) => !b.includes(x)), exportOnly: b.filter((x) => !a.includes(x)) };
}

function block(buf: Buffer, start: number, size: number): string {
    return buf.subarray(start, start + size).toString('hex');
}

describe('the Minerva mirror example against the tree\'s own configurations', () => {
    test('it is loadable (the tree\'s own root-col16.c is not: its high RAM runs over the hypervisor)', () => {
        const system = parseSystem(exported.system, 'minerva');
        expect(loadabilityProblems({ tree: 'minerva', system, cells: [parseCell(exported.inmate, 'minerva')] })).toEqual([]);
    });

    test('system config: same header, console, PCI, SMMU, memguard, qos and GIC blocks; the listed differences only', () => {
        const L = treeLayout('minerva');
        const treeBuf = buildTreeConfig('minerva', 'zynqmp-zcu102-root-col16.c');
        const tree = parseSystem(treeBuf, 'minerva');
        const ours = parseSystem(exported.system, 'minerva');
        const same = (key: string, size: number) => expect(block(exported.system, L[key], size), key).toBe(block(treeBuf, L[key], size));
        expect({ sig: ours.signature, arch: ours.architecture, rev: ours.revision }).toEqual({ sig: tree.signature, arch: tree.architecture, rev: tree.revision });
        expect(ours.hypervisor).toEqual(tree.hypervisor);
        same('sys.flags', 4);
        same('sys.console', L['console.size']);
        same('sys.pci', L['sys.pci.end'] - L['sys.pci']);
        same('sys.iommu0.type', L['sys.iommu.size']);
        same('sys.memguard', L['sys.memguard.size']);
        same('sys.qos', L['sys.qos.size']);
        same('sys.arm', L['sys.arm.size']);
        expect(ours.rootMapOffset).toBe(tree.rootMapOffset);
        expect(ours.root.cpus).toEqual(tree.root.cpus);
        expect(ours.root.streamIdValues).toEqual(tree.root.streamIdValues);
        // Listed differences (docs/export.md):
        expect({ tree: tree.wayBytes, ours: ours.wayBytes }).toEqual({ tree: 0, ours: 0x1_0000 });
        expect({ tree: tree.root.name, ours: ours.root.name }).toEqual({ tree: 'ZynqMP-ZCU102 Col16', ours: 'ZynqMP-ZCU102' });
        expect({ tree: tree.root.qosDevices, ours: ours.root.qosDevices }).toEqual({ tree: 35, ours: 18 });
        expect({ tree: tree.root.vpciIrqBase, ours: ours.root.vpciIrqBase }).toEqual({ tree: 104, ours: 0 });
        expect({ tree: tree.root.irqs.length, ours: ours.root.irqs.length }).toEqual({ tree: 128, ours: 152 });
        expect(ours.root.irqs.filter((i) => !tree.root.irqs.includes(i))).toEqual([...Array.from({ length: 15 }, (_, i) => 160 + i), 179, 180, 181, 182, 183, 184, 185, 186, 187]);
        const diff = regionDiff(tree.root.regions, ours.root.regions);
        expect(diff.treeOnly).toEqual([
            // ivshmem-net (VETH) links to a Linux inmate this system does not have (JAILHOUSE_SHMEM_NET_REGIONS x2).
            '0x87d000000+0x1000@0x87d000000 flags 0x81', '0x0+0x0@0x0 flags 0x0', '0x87d001000+0x7f000@0x87d001000 flags 0x83', '0x87d080000+0x7f000@0x87d080000 flags 0x81',
            '0x87e000000+0x1000@0x87e000000 flags 0x81', '0x0+0x0@0x0 flags 0x0', '0x87e001000+0x7f000@0x87e001000 flags 0x83', '0x87e080000+0x7f000@0x87e080000 flags 0x81',
            // root-col16.c's one MMIO window includes the SMMU registers; the export splits it as zynqmp-zcu102.c does.
            '0xfd000000+0x3000000@0xfd000000 flags 0x13',
            // "Bombs Mem" runs 0x87c00000 bytes from 0x800000000, over the hypervisor at 0x87f000000; with "Bombs Comm".
            '0x800000000+0x87c00000@0x800000000 flags 0x7', '0x87c000000+0x1000000@0x87c000000 flags 0x7',
            // Omnivisor's R5 (remote core) regions: TCM, R5 DDR, R5 control (sub-page); rtcell does not model the R5s.
            '0xffe00000+0xc0000@0xffe00000 flags 0x7', '0x3ed00000+0x100000@0x3ed00000 flags 0x7', '0x3ed40000+0x100000@0x3ed40000 flags 0x7',
            '0xff9a0100+0x100@0xff9a0100 flags 0x7', '0xff9a0200+0x100@0xff9a0200 flags 0x7',
            // Unused entries of mem_regions[23].
            '0x0+0x0@0x0 flags 0x0', '0x0+0x0@0x0 flags 0x0', '0x0+0x0@0x0 flags 0x0', '0x0+0x0@0x0 flags 0x0', '0x0+0x0@0x0 flags 0x0',
        ]);
        expect(diff.exportOnly).toEqual([
            // The high bank up to the ivshmem area, FreeRTOS's RAM included (taken at cell create), clear of the hypervisor.
            '0x800000000+0x7d000000@0x800000000 flags 0x7',
            // The channel of the added flow 'status' (4 KiB messages: 12 KiB), where the tree has its ivshmem areas.
            '0x87eff0000+0x3000@0x87eff0000 flags 0x3',
            // zynqmp-zcu102.c's MMIO low / high around the SMMU's registers.
            '0xfd000000+0x800000@0xfd000000 flags 0x13', '0xfd820000+0x27e0000@0xfd820000 flags 0x13',
        ]);
    });

    test('the FreeRTOS cell: identical but for the added flow\'s channel and the tree\'s unused trailing pci_devices array', () => {
        const treeBuf = buildTreeConfig('minerva', 'zynqmp-zcu102-freertos-c1.c');
        const tree = parseCell(treeBuf, 'minerva');
        const ours = parseCell(exported.inmate, 'minerva');
        // The added flow's channel, shared with the root cell (ROOTSHARED), at guest-physical = physical.
        const channel = ours.regions.filter((r) => r.phys === 0x8_7eff_0000);
        expect(channel.map(describeRegion)).toEqual(['0x87eff0000+0x3000@0x87eff0000 flags 0x83']);
        // Region order is not a field: the tree lists the communication region first.
        const normal = (c: typeof tree) => ({
            ...c,
            console: c.console.toString('hex'),
            regions: c.regions.filter((r) => !channel.includes(r)).map(({ index: _index, ...r }) => r).sort((a, b) => a.phys - b.phys || a.virt - b.virt),
            configSize: 0,
            fileBytes: 0,
        });
        expect(normal(ours)).toEqual(normal(tree));
        expect(exported.inmate.length).toBe(ours.configSize);
        expect(ours.configSize - tree.configSize).toBe(treeLayout('minerva')['mem.size']);
        expect(treeBuf.length - tree.configSize).toBe(treeLayout('minerva')['pci.size']);
    });
});
