/**
 * The exported configurations against the real Jailhouse trees they target (../shared/jailhouse): every exported .c
 * of every valid example, in every coloring convention, is built into a .cell exactly as the tree's configs/Makefile
 * does (aarch64 cross gcc, -Werror -Wall -Wextra, objcopy), against that tree's headers; mainline's
 * jailhouse-config-check must accept the `none` exports; and the loadability model (cell-loadability.ts) must find
 * nothing that `jailhouse enable`, `cell create` or `cell load` of the tree would refuse or get wrong.
 * The cross toolchain and python3 are required: without them these tests fail, they never skip.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadModelFromFile } from '../../language/load.js';
import { COLORING_OPTIONS, exportJailhouse, type ColoringOption, type JailhousePlan } from '../../simulator/export/jailhouse/index.js';
import type { SystemModel } from '../../simulator/model/types.js';
import { loadabilityProblems, parseCell, parseSystem, type ParsedCell } from './cell-loadability.js';
import fc from 'fast-check';
import { buildModel, EXAMPLES, exampleFiles, type CellSpec } from './helpers.js';
import { buildCell, buildTreeConfig, crossToolchainVersion, removeScratch, TREE_OF, treeDir, treeLayout } from './jailhouse-trees.js';

afterAll(removeScratch);

const valid: { file: string; model: SystemModel }[] = [];

beforeAll(async () => {
    for (const file of exampleFiles()) {
        const loaded = await loadModelFromFile(join(EXAMPLES, file));
        if (loaded.model) valid.push({ file, model: loaded.model });
    }
});

interface BuiltExport {
    plan: JailhousePlan;
    cells: Map<string, Buffer>;
    failures: string[];
}

function buildExport(model: SystemModel, coloring: ColoringOption): BuiltExport | undefined {
    const result = exportJailhouse(model, { coloring });
    if (result.files.length === 0) return undefined;
    const plan = JSON.parse(result.files.find((f) => f.path.endsWith('-export.json'))!.content) as JailhousePlan;
    const cells = new Map<string, Buffer>();
    const failures: string[] = [];
    for (const f of result.files.filter((x) => x.path.endsWith('.c'))) {
        const built = buildCell(TREE_OF[coloring], f.content, f.path.replace(/\.c$/, ''));
        if (built.ok && built.cell) cells.set(f.path, built.cell);
        else failures.push(`${f.path}:\n${built.stderr}`);
    }
    return { plan, cells, failures };
}

function problemsOf(built: BuiltExport, coloring: ColoringOption): string[] {
    const tree = TREE_OF[coloring];
    const rootPlan = built.plan.cells.find((c) => c.root)!;
    const system = parseSystem(built.cells.get(rootPlan.file)!, tree);
    const inmates: ParsedCell[] = built.plan.cells.filter((c) => !c.root).map((c) => parseCell(built.cells.get(c.file)!, tree));
    return loadabilityProblems({ tree, system, cells: inmates });
}

describe('the target trees and their toolchain', () => {
    test('the aarch64 cross toolchain is installed', () => {
        expect(crossToolchainVersion()).toMatch(/aarch64/);
    });

    test('the layout probe reads the trees: Minerva memory regions carry colors (40 bytes), BU has col_mem, revisions 14/13/14', () => {
        expect(treeLayout('minerva')['mem.size']).toBe(40);
        expect(treeLayout('mainline')['mem.size']).toBe(32);
        expect(treeLayout('bu')['colmem.size']).toBe(40);
        expect([treeLayout('minerva').REVISION, treeLayout('bu').REVISION, treeLayout('mainline').REVISION]).toEqual([14, 13, 14]);
    });

    test('the parser reads the trees\' own ZCU102 root configurations as they are written', () => {
        const mainline = parseSystem(buildTreeConfig('mainline', 'zynqmp-zcu102.c'), 'mainline');
        expect(mainline.signature).toBe('JHSYS');
        expect(mainline.hypervisor).toEqual({ phys: 0x8_0000_0000, size: 0x40_0000 });
        expect(mainline.root.regions.length).toBe(12);
        expect(mainline.root.regions[9]).toMatchObject({ phys: 0x0, size: 0x8000_0000 });
        expect(mainline.root.streamIds).toBe(3);
        const col16 = parseSystem(buildTreeConfig('minerva', 'zynqmp-zcu102-root-col16.c'), 'minerva');
        expect(col16.hypervisor).toEqual({ phys: 0x8_7f00_0000, size: 0x100_0000 });
        expect(col16.rootMapOffset).toBe(0xc0_0000_0000);
        const sysmem = col16.root.regions.find((r) => r.colors)!;
        expect(sysmem).toMatchObject({ phys: 0, size: 0x1000_0000, colors: [0, 1] });
        expect(col16.root.qosDevices).toBe(35);
        const bu = parseSystem(buildTreeConfig('bu', 'zynqmp-zcu102-rootcol.c'), 'bu');
        expect(bu.signature).toBe('JHSYST');
        expect(bu.root.regions.filter((r) => r.colors).map((r) => r.size)).toEqual([0x2000_0000]);
    });

    test('the loadability model finds what the trees\' own colored root config gets wrong (its high RAM runs over the hypervisor)', () => {
        const col16 = parseSystem(buildTreeConfig('minerva', 'zynqmp-zcu102-root-col16.c'), 'minerva');
        const demo = parseCell(buildTreeConfig('minerva', 'zynqmp-zcu102-inmate-demo-col.c'), 'minerva');
        // root-col16.c leaves way_size to autodetection; the model needs it to lay the colors out.
        const problems = loadabilityProblems({ tree: 'minerva', system: { ...col16, wayBytes: 0x1_0000 }, cells: [demo] });
        expect(problems.some((p) => /inside the hypervisor's memory/.test(p))).toBe(true);
    });
});

describe('every export builds with its tree and is loadable', () => {
    for (const coloring of COLORING_OPTIONS) {
        test(`--coloring ${coloring}: builds against ../shared/jailhouse/${TREE_OF[coloring]} and passes the loadability model`, () => {
            treeDir(TREE_OF[coloring]);
            let built = 0;
            const failures: string[] = [];
            for (const { file, model } of valid) {
                const exported = buildExport(model, coloring);
                if (!exported) continue;
                failures.push(...exported.failures.map((f) => `${file}: ${f}`));
                built += exported.cells.size;
                if (exported.failures.length === 0) failures.push(...problemsOf(exported, coloring).map((p) => `${file}: ${p}`));
            }
            expect(failures).toEqual([]);
            expect(built).toBeGreaterThanOrEqual(7);
        });
    }

    test('mainline\'s jailhouse-config-check accepts every --coloring none export', () => {
        const checker = join(treeDir('mainline'), 'tools', 'jailhouse-config-check');
        let checked = 0;
        for (const { file, model } of valid) {
            const exported = buildExport(model, 'none');
            if (!exported) continue;
            const dir = mkdtempSync(join(tmpdir(), 'rtcell-config-check-'));
            const ordered = [...exported.plan.cells].sort((a, b) => Number(b.root) - Number(a.root));
            const paths = ordered.map((c) => {
                const path = join(dir, c.file.replace(/\.c$/, '.cell'));
                writeFileSync(path, exported.cells.get(c.file)!);
                return path;
            });
            const r = spawnSync('python3', [checker, ...paths], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
            if (r.error) throw r.error;
            expect(`${r.stdout}${r.stderr}`, file).toMatch(/Architecture:\s+arm64/);
            rmSync(dir, { recursive: true, force: true });
            expect(r.status, `${file}:\n${r.stdout}${r.stderr}`).toBe(0);
            checked++;
        }
        expect(checked).toBeGreaterThanOrEqual(2);
    });
});

describe('the loadability model catches what the issue found by hand', () => {
    function sensorFusion(): SystemModel {
        return valid.find((v) => v.file === 'zcu102-broker.rtcell')!.model;
    }

    /** Exports, lets `edit` change the C of one file, builds everything with the tree and runs the model. */
    function problemsAfterEdit(coloring: ColoringOption, file: RegExp, edit: (c: string) => string): string[] {
        const result = exportJailhouse(sensorFusion(), { coloring });
        const plan = JSON.parse(result.files.find((f) => f.path.endsWith('-export.json'))!.content) as JailhousePlan;
        const cells = new Map<string, Buffer>();
        for (const f of result.files.filter((x) => x.path.endsWith('.c'))) {
            const built = buildCell(TREE_OF[coloring], file.test(f.path) ? edit(f.content) : f.content, f.path.replace(/\.c$/, ''));
            expect(built.stderr).toBe('');
            cells.set(f.path, built.cell!);
        }
        return problemsOf({ plan, cells, failures: [] }, coloring);
    }

    /** Drops the root's handover regions (what the exporter wrote before issue 13): the inmates' RAM is not covered. */
    const withoutHandovers = (c: string) => {
        const count = (c.match(/\/\* handover: /g) ?? []).length;
        return c.replace(/\t\t\/\* handover: [^\n]*\{\n(\t\t\t[^\n]*\n)*?\t\t\},\n/g, '').replace(/mem_regions\[(\d+)\]/, (_, n: string) => `mem_regions[${Number(n) - count}]`);
    };

    test('a root cell without handovers: cell load of the colored inmates is not covered', () => {
        const problems = problemsAfterEdit('minerva', /-system\.c$/, withoutHandovers);
        expect(problems.filter((p) => /no root region holds it whole/.test(p)).length).toBe(2);
        const plain = problemsAfterEdit('none', /-system\.c$/, withoutHandovers);
        expect(plain.some((p) => /the root cell does not cover/.test(p))).toBe(true);
    });

    test('a plain handover over a colored inmate window: the root keeps the inmate\'s pages after cell create', () => {
        const linear = (c: string) => c.replace(/(handover: ram of cell sensor[^\n]*\n(?:\t\t\t[^\n]*\n)*?)\t\t\t\t(JAILHOUSE_MEM_COLORED \| JAILHOUSE_MEM_COLORED_NO_COPY),\n\t\t\t\.colors = [^\n]*\n/, (_m, head: string) => head.replace(/ \|\n$/, ',\n').replace(/JAILHOUSE_MEM_EXECUTE \|\n$/, 'JAILHOUSE_MEM_EXECUTE,\n'))
            .replace(/(handover: ram of cell sensor[^\n]*\n\t\t\t\.phys_start = 0x810000000,\n\t\t\t\.virt_start = 0x810000000,\n\t\t\t\.size = )0x10000000/, '$10x40000000');
        const problems = problemsAfterEdit('minerva', /-system\.c$/, linear);
        expect(problems.some((p) => /held by 'linux' .* and 'sensor'|held by 'sensor' .* and 'linux'/.test(p)), problems.join('\n')).toBe(true);
    });

    test('no architecture in a mainline system config (what --coloring none used to write): refused', () => {
        const problems = problemsAfterEdit('none', /-system\.c$/, (c) => c.replace('\t\t.architecture = JAILHOUSE_ARM64,\n', ''));
        expect(problems.some((p) => /architecture 0, not JAILHOUSE_ARM64/.test(p))).toBe(true);
    });

    test('a region over the hypervisor\'s memory is found in the built bytes', () => {
        const problems = problemsAfterEdit('none', /-sensor\.c$/, (c) => c.replace('.phys_start = 0x810000000', '.phys_start = 0x87f000000'));
        expect(problems.some((p) => /inside the hypervisor's memory/.test(p))).toBe(true);
    });
});

describe('generated systems: every export builds and is loadable', () => {
    const PAGE = 4096;
    const systemArb = fc
        .record({
            inmates: fc.integer({ min: 1, max: 3 }),
            rootPages: fc.integer({ min: 1, max: 4096 }),
            rootColored: fc.boolean(),
            regions: fc.array(fc.record({ pages: fc.integer({ min: 1, max: 1024 }), colored: fc.boolean(), shareWithRoot: fc.boolean(), shareWithNext: fc.boolean() }), { minLength: 3, maxLength: 3 }),
            flows: fc.array(fc.record({ from: fc.nat(), to: fc.nat(), bytes: fc.integer({ min: 1, max: 256 * 1024 }) }), { maxLength: 4 }),
        })
        .map((g) => {
            const names = ['linux', ...Array.from({ length: g.inmates }, (_, i) => `guest${i}`)];
            const cells: CellSpec[] = names.map((name, i) => ({ name, root: i === 0, cores: [i], colors: [4 * i, 4 * i + 1, 4 * i + 2, 4 * i + 3], memory: [] }));
            cells[0].memory!.push({ name: 'ram', phys: 0, size: g.rootPages * PAGE, colored: g.rootColored });
            for (let i = 1; i <= g.inmates; i++) {
                const r = g.regions[i - 1];
                const sharedWith = [...(r.shareWithRoot ? ['linux'] : []), ...(r.shareWithNext && i < g.inmates ? [`guest${i}`] : [])];
                cells[i].memory!.push({ name: 'ram', phys: 0x8_1000_0000 + i * 0x400_0000, virt: 0, size: r.pages * PAGE, colored: r.colored });
                cells[i].memory!.push({ name: 'shm', phys: 0x8_1000_0000 + i * 0x400_0000 + 0x200_0000, virt: 0x4000_0000, size: PAGE, flags: ['read', 'write'], sharedWith });
            }
            const flows = g.flows
                .map((f, k) => ({ name: `flow${k}`, from: names[f.from % names.length], to: names[f.to % names.length], size: f.bytes, period: 10_000_000, deadline: 10_000_000 }))
                .filter((f) => f.from !== f.to);
            return buildModel(cells, { broker: g.inmates <= 2 ? 'dedicated' : 'floating', name: 'generated', flows });
        });

    for (const coloring of COLORING_OPTIONS) {
        test(`--coloring ${coloring}`, () => {
            fc.assert(
                fc.property(systemArb, (model) => {
                    const exported = buildExport(model, coloring);
                    expect(exported, JSON.stringify(exportJailhouse(model, { coloring }).diagnostics.filter((d) => d.severity === 'error'))).toBeDefined();
                    expect(exported!.failures).toEqual([]);
                    expect(problemsOf(exported!, coloring)).toEqual([]);
                }),
                { numRuns: 10 },
            );
        });
    }
});
