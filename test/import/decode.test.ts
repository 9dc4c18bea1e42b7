/** Decoding the trees' own `.cell` images: tree detection, fields, colors by convention, and each kind of bad input. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeJailhouseConfig, ImportError, JAILHOUSE_TREES, type JailhouseTree } from '../../simulator/import/jailhouse/index.js';
import { decodeColorMask } from '../../simulator/import/jailhouse/color-convention.js';
import { buildCSource } from '../../simulator/import/jailhouse/load-inputs.js';
import { builtConfigs, TREES_ROOT, type BuiltConfig } from './fixtures.js';
import { hasCrossCompiler } from './round-trip.js';

function image(configs: BuiltConfig[], name: string): Uint8Array {
    const c = configs.find((x) => x.name === name);
    if (!c) throw new Error(`no ${name}`);
    return new Uint8Array(readFileSync(c.image));
}

function failure(run: () => unknown): ImportError {
    try {
        run();
    } catch (error) {
        if (error instanceof ImportError) return error;
        throw error;
    }
    throw new Error('expected an ImportError');
}

describe('color masks by convention', () => {
    it('minerva: bit c is color c; bu: bit 15-c is color c (16 colors)', () => {
        expect(decodeColorMask(0x000fn, 'minerva', 16)).toEqual({ colors: [0, 1, 2, 3], stray: 0n });
        expect(decodeColorMask(0xf000n, 'minerva', 16).colors).toEqual([12, 13, 14, 15]);
        expect(decodeColorMask(0xff00n, 'bu', 16).colors).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
        expect(decodeColorMask(0x0001n, 'bu', 16).colors).toEqual([15]);
        expect(decodeColorMask(0x1_0001n, 'minerva', 16)).toEqual({ colors: [0], stray: 0x1_0000n });
    });
});

describe('decoding the trees\' ZCU102 images', () => {
    const all = new Map<JailhouseTree, BuiltConfig[]>();
    beforeAll(async () => {
        for (const tree of JAILHOUSE_TREES) all.set(tree, await builtConfigs(tree));
    }, 120_000);

    it('detects the tree and the kind of every image, and --tree agrees', () => {
        let count = 0;
        for (const tree of JAILHOUSE_TREES) {
            for (const c of all.get(tree)!) {
                const bytes = new Uint8Array(readFileSync(c.image));
                const given = decodeJailhouseConfig(bytes, c.name, tree);
                expect([given.tree, given.kind], c.name).toEqual([tree, c.kind]);
                if (given.trailing === 0) expect(decodeJailhouseConfig(bytes, c.name).tree, c.name).toBe(tree);
                count++;
            }
        }
        expect(count).toBe(16 + 13 + 4);
    });

    it('the host compiler builds the same bytes as the trees\' own rule (aarch64-linux-gnu-gcc)', async () => {
        expect(hasCrossCompiler(), 'aarch64-linux-gnu-gcc/objcopy are needed (Debian: apt-get install gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu)').toBe(true);
        for (const tree of JAILHOUSE_TREES) {
            for (const c of all.get(tree)!) {
                const cross = await buildCSource(c.source, join(TREES_ROOT, tree), { cc: 'aarch64-linux-gnu-gcc', objcopy: 'aarch64-linux-gnu-objcopy' });
                expect(Buffer.from(cross).equals(readFileSync(c.image)), `${tree} ${c.name}`).toBe(true);
            }
        }
    }, 120_000);

    it('reads the fields of the minerva root and colored inmate as the sources write them', () => {
        const m = all.get('minerva')!;
        const root = decodeJailhouseConfig(image(m, 'zynqmp-zcu102'), 'root');
        expect(root.system!.hypervisorMemory.phys).toBe(0x7f00_0000n);
        expect(root.system!.hypervisorMemory.size).toBe(0x0100_0000n);
        expect(root.system!.platform.memguard!.pmuCpuIrq.slice(0, 4)).toEqual([175, 176, 177, 178]);
        expect(root.system!.platform.arm.gicd).toBe(0xf901_0000n);
        expect(root.cell.name).toBe('ZynqMP-ZCU102');
        expect(root.cell.cpus).toEqual([0, 1, 2, 3]);
        expect(root.cell.memory).toHaveLength(24);
        expect(root.cell.streamIds).toEqual([0x860, 0x861, 0xf0870]);
        expect(root.cell.qosDevices).toHaveLength(35);
        expect(root.cell.qosDevices[0]).toEqual({ name: 'rpu0', flags: 2, base: 0xa42100 });
        const inmate = decodeJailhouseConfig(image(m, 'zynqmp-zcu102-inmate-demo-col'), 'inmate');
        expect(inmate.cell.cpus).toEqual([3]);
        expect(inmate.cell.memory[1]).toMatchObject({ phys: 0x8_0110_0000n, virt: 0n, size: 0x10000n, colors: 0xfn });
        expect(inmate.cell.memory[1].flags & 0x200n).toBe(0x200n);
    });

    it('reads the bu col_mem array', () => {
        const inmate = decodeJailhouseConfig(image(all.get('bu')!, 'zynqmp-zcu102-inmate-col-demo'), 'bu');
        const colored = inmate.cell.memory.filter((r) => r.fromColoredArray);
        expect(colored).toHaveLength(1);
        expect(colored[0]).toMatchObject({ phys: 0x8_0120_0000n, size: 0x10000n, colors: 0xff00n });
    });

    it('accepts bytes after the configuration (the driver ignores them) once the tree is known', () => {
        // The minerva FreeRTOS cell declares a PCI device it does not count: 56 bytes the header does not cover.
        const bytes = image(all.get('minerva')!, 'zynqmp-zcu102-freertos-c1');
        const c = decodeJailhouseConfig(bytes, 'freertos', 'minerva');
        expect([c.tree, c.trailing]).toEqual(['minerva', 56]);
        // Without the tree they cannot be told from a truncated file of a longer layout: the user is asked.
        const e = failure(() => decodeJailhouseConfig(bytes, 'freertos'));
        expect(e.code).toBe('size-mismatch');
        expect(e.message).toContain('minerva: 56 bytes after the configuration');
        expect(e.message).toContain('--tree');
    });

    it('every truncation of an image is one clear error', () => {
        for (const name of ['zynqmp-zcu102', 'zynqmp-zcu102-linux-demo']) {
            const bytes = image(all.get('minerva')!, name);
            for (let n = 0; n < bytes.length; n += 1) {
                const e = failure(() => decodeJailhouseConfig(bytes.subarray(0, n), 'cut.cell'));
                expect(['truncated', 'bad-signature', 'bad-value', 'size-mismatch'], `${name} cut at ${n}: ${e.message}`).toContain(e.code);
                expect(e.message).toMatch(/^cut\.cell: /);
            }
        }
    });

    it('a wrong revision, a wrong signature, a wrong --tree are each named', () => {
        const bytes = image(all.get('mainline')!, 'zynqmp-zcu102-inmate-demo').slice();
        const revision = bytes.slice();
        revision[6] = 12;
        expect(failure(() => decodeJailhouseConfig(revision, 'r.cell'))).toMatchObject({ code: 'wrong-revision' });
        expect(failure(() => decodeJailhouseConfig(revision, 'r.cell')).message).toContain('revision 12');
        const signature = bytes.slice();
        signature[0] = 0x58;
        expect(failure(() => decodeJailhouseConfig(signature, 's.cell'))).toMatchObject({ code: 'bad-signature' });
        const arch = bytes.slice();
        arch[5] = 1;
        expect(failure(() => decodeJailhouseConfig(arch, 'a.cell'))).toMatchObject({ code: 'wrong-architecture', message: 'a.cell: not an arm64 configuration: architecture 1 (arm64 is 2)' });
        const e = failure(() => decodeJailhouseConfig(bytes, 'm.cell', 'bu'));
        expect(e.code).toBe('tree-mismatch');
        expect(e.message).toContain('mainline');
        // mainline bytes read with the minerva layout: same revision, other sizes.
        expect(failure(() => decodeJailhouseConfig(bytes, 'm.cell', 'minerva')).code).toBe('tree-mismatch');
    });
});
