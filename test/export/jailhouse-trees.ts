/**
 * The three Jailhouse trees the exporter targets (../shared/jailhouse, read-only GPL fixtures) and their own build rule
 * for a configuration: `aarch64-linux-gnu-gcc -nostdinc` with the tree's include paths and warning flags, then
 * `objcopy -O binary --remove-section=.note.gnu.property` (configs/Makefile). The empty `config.h` the Makefile
 * force-includes lives in a temporary directory: nothing is ever written into the trees.
 *
 * The struct layout the loadability check reads is taken from the same compiler and headers: a probe file of
 * `__builtin_offsetof`/`sizeof` values is compiled for the target and its bytes read back (no hand-written offsets).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColoringOption } from '../../simulator/export/jailhouse/index.js';
import { REPO } from './helpers.js';

export type TreeName = 'minerva' | 'bu' | 'mainline';
export const TREES_DIR = join(REPO, '..', 'shared', 'jailhouse');
export const TREE_OF: Readonly<Record<ColoringOption, TreeName>> = { minerva: 'minerva', bu: 'bu', none: 'mainline' };

const CC = 'aarch64-linux-gnu-gcc';
const OBJCOPY = 'aarch64-linux-gnu-objcopy';

/** The cross toolchain must exist: the tests that need it fail (never skip) without it. */
export function crossToolchainVersion(): string {
    for (const tool of [CC, OBJCOPY]) {
        const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
        if (r.error || r.status !== 0) {
            throw new Error(`${tool} is required for the export tests (Debian: gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu): ${r.error?.message ?? r.stderr}`);
        }
    }
    return spawnSync(CC, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
}

export function treeDir(tree: TreeName): string {
    const dir = join(TREES_DIR, tree);
    if (!existsSync(join(dir, 'include', 'jailhouse', 'cell-config.h'))) throw new Error(`Jailhouse tree '${tree}' not found at ${dir}`);
    return dir;
}

let scratch: string | undefined;
/** A private temporary directory holding the empty config.h (never inside the trees). */
function scratchDir(): string {
    if (!scratch) {
        const dir = mkdtempSync(join(tmpdir(), 'rtcell-jailhouse-'));
        scratch = dir;
        writeFileSync(join(dir, 'config.h'), '');
    }
    return scratch;
}

function compileFlags(tree: TreeName): string[] {
    const dir = treeDir(tree);
    return [
        '-nostdinc',
        '-I', join(dir, 'hypervisor', 'arch', 'arm64', 'include'),
        '-I', join(dir, 'hypervisor', 'include'),
        '-I', join(dir, 'include'),
        '-I', join(dir, 'configs', 'arm64', 'include'),
        '-Werror', '-Wall', '-Wextra', '-D__LINUX_COMPILER_TYPES_H',
        '-include', join(scratchDir(), 'config.h'),
    ];
}

/** Removes the temporary directory (call from afterAll of each test file that builds). */
export function removeScratch(): void {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
    layouts.clear();
}

export interface BuildResult {
    ok: boolean;
    /** The .cell bytes when the build succeeded. */
    cell?: Buffer;
    stderr: string;
}

/** Builds one configuration source into a .cell exactly as the tree's configs/Makefile does. */
export function buildCell(tree: TreeName, source: string, name: string): BuildResult {
    const dir = mkdtempSync(join(scratchDir(), 'build-'));
    const c = join(dir, `${name}.c`);
    const o = join(dir, `${name}.o`);
    const cell = join(dir, `${name}.cell`);
    writeFileSync(c, source);
    const cc = spawnSync(CC, [...compileFlags(tree), '-c', c, '-o', o], { encoding: 'utf8' });
    if (cc.error) throw cc.error;
    if (cc.status !== 0) return { ok: false, stderr: cc.stderr };
    const oc = spawnSync(OBJCOPY, ['-O', 'binary', '--remove-section=.note.gnu.property', o, cell], { encoding: 'utf8' });
    if (oc.error) throw oc.error;
    if (oc.status !== 0) return { ok: false, stderr: oc.stderr };
    return { ok: true, cell: readFileSync(cell), stderr: cc.stderr + oc.stderr };
}

/** Builds a file of the tree itself (configs/arm64/NAME.c), for comparisons with the tree's own configurations. */
export function buildTreeConfig(tree: TreeName, file: string): Buffer {
    const source = readFileSync(join(treeDir(tree), 'configs', 'arm64', file), 'utf8');
    const r = buildCell(tree, source, file.replace(/\.c$/, ''));
    if (!r.ok || !r.cell) throw new Error(`the tree's own ${file} does not build: ${r.stderr}`);
    return r.cell;
}

/** Expressions a layout probe evaluates, by name. */
export type Layout = Readonly<Record<string, number>>;

const COMMON_PROBES: Record<string, string> = {
    'sys.size': 'sizeof(struct jailhouse_system)',
    'sys.signature': '__builtin_offsetof(struct jailhouse_system, signature)',
    'sys.revision': '__builtin_offsetof(struct jailhouse_system, revision)',
    'sys.flags': '__builtin_offsetof(struct jailhouse_system, flags)',
    'sys.hv.phys': '__builtin_offsetof(struct jailhouse_system, hypervisor_memory.phys_start)',
    'sys.hv.size': '__builtin_offsetof(struct jailhouse_system, hypervisor_memory.size)',
    'sys.iommu0.type': '__builtin_offsetof(struct jailhouse_system, platform_info.iommu_units[0].type)',
    'sys.iommu0.base': '__builtin_offsetof(struct jailhouse_system, platform_info.iommu_units[0].base)',
    'sys.iommu0.size': '__builtin_offsetof(struct jailhouse_system, platform_info.iommu_units[0].size)',
    'sys.root': '__builtin_offsetof(struct jailhouse_system, root_cell)',
    'sys.console': '__builtin_offsetof(struct jailhouse_system, debug_console)',
    'console.size': 'sizeof(struct jailhouse_console)',
    'sys.pci': '__builtin_offsetof(struct jailhouse_system, platform_info.pci_mmconfig_base)',
    'sys.pci.end': '__builtin_offsetof(struct jailhouse_system, platform_info.pci_domain) + 2',
    'sys.iommu.size': 'sizeof(struct jailhouse_iommu)',
    'sys.arm': '__builtin_offsetof(struct jailhouse_system, platform_info.arm)',
    'sys.arm.size': 'sizeof(((struct jailhouse_system *)0)->platform_info.arm)',
    'cell.console': '__builtin_offsetof(struct jailhouse_cell_desc, console)',
    'cell.vpci_irq_base': '__builtin_offsetof(struct jailhouse_cell_desc, vpci_irq_base)',
    'cell.size': 'sizeof(struct jailhouse_cell_desc)',
    'cell.signature': '__builtin_offsetof(struct jailhouse_cell_desc, signature)',
    'cell.revision': '__builtin_offsetof(struct jailhouse_cell_desc, revision)',
    'cell.name': '__builtin_offsetof(struct jailhouse_cell_desc, name)',
    'cell.flags': '__builtin_offsetof(struct jailhouse_cell_desc, flags)',
    'cell.cpu_set_size': '__builtin_offsetof(struct jailhouse_cell_desc, cpu_set_size)',
    'cell.num_memory_regions': '__builtin_offsetof(struct jailhouse_cell_desc, num_memory_regions)',
    'cell.num_cache_regions': '__builtin_offsetof(struct jailhouse_cell_desc, num_cache_regions)',
    'cell.num_irqchips': '__builtin_offsetof(struct jailhouse_cell_desc, num_irqchips)',
    'cell.num_pio_regions': '__builtin_offsetof(struct jailhouse_cell_desc, num_pio_regions)',
    'cell.num_pci_devices': '__builtin_offsetof(struct jailhouse_cell_desc, num_pci_devices)',
    'cell.num_pci_caps': '__builtin_offsetof(struct jailhouse_cell_desc, num_pci_caps)',
    'cell.num_stream_ids': '__builtin_offsetof(struct jailhouse_cell_desc, num_stream_ids)',
    'mem.size': 'sizeof(struct jailhouse_memory)',
    'mem.phys': '__builtin_offsetof(struct jailhouse_memory, phys_start)',
    'mem.virt': '__builtin_offsetof(struct jailhouse_memory, virt_start)',
    'mem.len': '__builtin_offsetof(struct jailhouse_memory, size)',
    'mem.flags': '__builtin_offsetof(struct jailhouse_memory, flags)',
    'cache.size': 'sizeof(struct jailhouse_cache)',
    'irqchip.size': 'sizeof(struct jailhouse_irqchip)',
    'irqchip.address': '__builtin_offsetof(struct jailhouse_irqchip, address)',
    'irqchip.pin_base': '__builtin_offsetof(struct jailhouse_irqchip, pin_base)',
    'irqchip.pin_bitmap': '__builtin_offsetof(struct jailhouse_irqchip, pin_bitmap)',
    'pio.size': 'sizeof(struct jailhouse_pio)',
    'pci.size': 'sizeof(struct jailhouse_pci_device)',
    'pcicap.size': 'sizeof(struct jailhouse_pci_capability)',
    REVISION: 'JAILHOUSE_CONFIG_REVISION',
    'SYS_SIG.len': 'sizeof(JAILHOUSE_SYSTEM_SIGNATURE) - 1',
    'CELL_SIG.len': 'sizeof(JAILHOUSE_CELL_DESC_SIGNATURE) - 1',
    ...Object.fromEntries([0, 1, 2, 3, 4, 5].flatMap((i) => [
        [`SYS_SIG.${i}`, `(${i} < sizeof(JAILHOUSE_SYSTEM_SIGNATURE) ? JAILHOUSE_SYSTEM_SIGNATURE[${i}] : 0)`],
        [`CELL_SIG.${i}`, `(${i} < sizeof(JAILHOUSE_CELL_DESC_SIGNATURE) ? JAILHOUSE_CELL_DESC_SIGNATURE[${i}] : 0)`],
    ])),
    MEM_READ: 'JAILHOUSE_MEM_READ',
    MEM_WRITE: 'JAILHOUSE_MEM_WRITE',
    MEM_EXECUTE: 'JAILHOUSE_MEM_EXECUTE',
    MEM_DMA: 'JAILHOUSE_MEM_DMA',
    MEM_IO: 'JAILHOUSE_MEM_IO',
    MEM_COMM_REGION: 'JAILHOUSE_MEM_COMM_REGION',
    MEM_LOADABLE: 'JAILHOUSE_MEM_LOADABLE',
    MEM_ROOTSHARED: 'JAILHOUSE_MEM_ROOTSHARED',
};

const TREE_PROBES: Readonly<Record<TreeName, Record<string, string>>> = {
    minerva: {
        'sys.architecture': '__builtin_offsetof(struct jailhouse_system, architecture)',
        'sys.color.way_size': '__builtin_offsetof(struct jailhouse_system, platform_info.color.way_size)',
        'sys.color.root_map_offset': '__builtin_offsetof(struct jailhouse_system, platform_info.color.root_map_offset)',
        'sys.memguard': '__builtin_offsetof(struct jailhouse_system, platform_info.memguard)',
        'sys.memguard.size': 'sizeof(struct jailhouse_memguard_config)',
        'sys.qos': '__builtin_offsetof(struct jailhouse_system, platform_info.qos)',
        'sys.qos.size': 'sizeof(struct jailhouse_qos)',
        'cell.architecture': '__builtin_offsetof(struct jailhouse_cell_desc, architecture)',
        'cell.rcpu_set_size': '__builtin_offsetof(struct jailhouse_cell_desc, rcpu_set_size)',
        'cell.fpga_regions_size': '__builtin_offsetof(struct jailhouse_cell_desc, fpga_regions_size)',
        'cell.num_qos_devices': '__builtin_offsetof(struct jailhouse_cell_desc, num_qos_devices)',
        'cell.num_rcpu_devices': '__builtin_offsetof(struct jailhouse_cell_desc, num_rcpu_devices)',
        'cell.num_fpga_devices': '__builtin_offsetof(struct jailhouse_cell_desc, num_fpga_devices)',
        'mem.colors': '__builtin_offsetof(struct jailhouse_memory, colors)',
        'streamid.size': 'sizeof(union jailhouse_stream_id)',
        'qos.size': 'sizeof(struct jailhouse_qos_device)',
        'rcpu.size': 'sizeof(struct jailhouse_rcpu_device)',
        'fpga.size': 'sizeof(struct jailhouse_fpga_device)',
        ARM64: 'JAILHOUSE_ARM64',
        MEM_COLORED: 'JAILHOUSE_MEM_COLORED',
        MEM_COLORED_NO_COPY: 'JAILHOUSE_MEM_COLORED_NO_COPY',
    },
    bu: {
        'cell.num_memory_regions_colored': '__builtin_offsetof(struct jailhouse_cell_desc, num_memory_regions_colored)',
        'colmem.size': 'sizeof(struct jailhouse_memory_colored)',
        'colmem.colors': '__builtin_offsetof(struct jailhouse_memory_colored, colors)',
        'streamid.size': 'sizeof(__u32)',
    },
    mainline: {
        'sys.architecture': '__builtin_offsetof(struct jailhouse_system, architecture)',
        'cell.architecture': '__builtin_offsetof(struct jailhouse_cell_desc, architecture)',
        'streamid.size': 'sizeof(union jailhouse_stream_id)',
        ARM64: 'JAILHOUSE_ARM64',
    },
};

const layouts = new Map<TreeName, Layout>();

/** The struct layout and constants of a tree, read from a probe compiled with the tree's headers and flags. */
export function treeLayout(tree: TreeName): Layout {
    const cached = layouts.get(tree);
    if (cached) return cached;
    const probes = { ...COMMON_PROBES, ...TREE_PROBES[tree] };
    const names = Object.keys(probes);
    const source = [
        '#include <jailhouse/types.h>',
        '#include <jailhouse/cell-config.h>',
        `const unsigned long long rtcell_layout_probe[${names.length}] = {`,
        ...names.map((n) => `\t(unsigned long long)(${probes[n]}),`),
        '};',
        '',
    ].join('\n');
    const built = buildCell(tree, source, 'layout-probe');
    if (!built.ok || !built.cell) throw new Error(`layout probe for '${tree}' does not build: ${built.stderr}`);
    const layout: Record<string, number> = {};
    names.forEach((name, i) => {
        layout[name] = Number(built.cell!.readBigUInt64LE(8 * i));
    });
    layouts.set(tree, layout);
    return layout;
}

/** A signature macro of the tree, read back from the probe. */
export function treeSignature(tree: TreeName, which: 'SYS_SIG' | 'CELL_SIG'): string {
    const layout = treeLayout(tree);
    return Array.from({ length: layout[`${which}.len`] }, (_, i) => String.fromCharCode(layout[`${which}.${i}`])).join('');
}

/** Where a test may keep build products it wants to look at. */
export function keepDir(name: string): string {
    const dir = join(scratchDir(), name);
    mkdirSync(dir, { recursive: true });
    return dir;
}
