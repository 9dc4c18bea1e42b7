/** Shared helpers of the export tests: examples, a builder for hand-made models, and a reader for exported C. */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultOverheads, zcu102Preset, DEFAULT_MEMGUARD_PERIOD_NS } from '../../simulator/model/presets.js';
import type { Cell, MemoryRegion, SystemModel } from '../../simulator/model/types.js';
import { bandwidthToEvents, bytesPerPeriod } from '../../simulator/model/units.js';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = join(HERE, '..', '..');
export const EXAMPLES = join(REPO, 'examples');
export const GOLDEN = join(HERE, 'golden');

export function exampleFiles(): string[] {
    return readdirSync(EXAMPLES).filter((f) => f.endsWith('.rtcell')).sort();
}

const MiB = 1024 * 1024;

export interface RegionSpec {
    name: string;
    phys: number;
    virt?: number;
    size: number;
    colored?: boolean;
    flags?: MemoryRegion['flags'];
    sharedWith?: string[];
}

export interface CellSpec {
    name: string;
    root?: boolean;
    os?: string;
    cores?: number[];
    vcpus?: { name: string; core: number; budget: number; period: number }[];
    colors?: number[];
    memory?: RegionSpec[];
    budget?: number;
    events?: { name: string; irq: number }[];
    sharedWith?: string[];
}

/** A system model built in code (presets applied), for tests that need shapes the examples do not have. */
export interface FlowSpec {
    name: string;
    from: string;
    to: string;
    size: number;
    period: number;
    deadline: number;
}

export function buildModel(cells: CellSpec[], options: { period?: number; broker?: 'dedicated' | 'floating' | 'none'; dmaBudget?: number; name?: string; flows?: FlowSpec[] } = {}): SystemModel {
    const period = options.period ?? DEFAULT_MEMGUARD_PERIOD_NS;
    const platform = zcu102Preset();
    const brokerMode = options.broker ?? 'dedicated';
    const dmaBudget = options.dmaBudget ?? 400_000_000;
    return {
        name: options.name ?? 'test-system',
        platform,
        hypervisor: {
            kind: 'jailhouse',
            memguardPeriod: period,
            overheads: defaultOverheads(),
            ...(brokerMode === 'none'
                ? {}
                : {
                      broker: {
                          mode: brokerMode,
                          ...(brokerMode === 'dedicated' ? { core: 3 } : {}),
                          policy: 'fixed-priority' as const,
                          chunkSize: 4096,
                          dma: 'gdma',
                          dmaBudget: { bytesPerSecond: dmaBudget, bytesPerPeriod: bytesPerPeriod(dmaBudget, period) },
                      },
                  }),
        },
        cells: cells.map((c): Cell => ({
            name: c.name,
            root: c.root ?? false,
            ...(c.os ? { os: c.os } : {}),
            cores: c.cores ?? [],
            vcpus: c.vcpus ?? [],
            scheduler: 'fixed-priority',
            colors: c.colors ?? [],
            banks: [],
            memory: (c.memory ?? []).map((r) => ({
                name: r.name,
                phys: r.phys,
                virt: r.virt ?? r.phys,
                size: r.size,
                flags: r.flags ?? ['read', 'write', 'execute', ...(c.root ? [] : (['loadable'] as const))],
                colored: r.colored ?? false,
                sharedWith: r.sharedWith ?? [],
            })),
            ...(c.budget !== undefined ? { budget: { bytesPerSecond: c.budget, eventsPerPeriod: bandwidthToEvents(c.budget, period, platform.llc.lineSize) } } : {}),
            sharedWith: c.sharedWith ?? [],
            tasks: [],
            events: (c.events ?? []).map((e) => ({ name: e.name, irq: e.irq, placement: { core: (c.cores ?? [0])[0] ?? 0 } })),
        })),
        flows: (options.flows ?? []).map((f) => ({ ...f, sporadic: false, priority: 1, priorityDeclared: false, jitter: 0, chunkSize: 4096 })),
    };
}

/** The sensor-fusion system of examples/zcu102-broker.rtcell, built by hand (independent of the language). */
export function sensorFusionModel(): SystemModel {
    const GiB = 1024 * MiB;
    return buildModel([
        { name: 'linux', root: true, os: 'linux', cores: [0], colors: [0, 1, 2, 3, 4, 5, 6, 7], memory: [{ name: 'ram', phys: 0, size: GiB, colored: true, flags: ['read', 'write', 'execute', 'dma'] }], budget: 800_000_000 },
        { name: 'sensor', os: 'freertos', cores: [1], colors: [8, 9, 10, 11], memory: [{ name: 'ram', phys: 0x8_1000_0000, virt: 0, size: 256 * MiB, colored: true, flags: ['read', 'write', 'execute', 'loadable'] }], budget: 200_000_000, events: [{ name: 'can_rx', irq: 54 }] },
        { name: 'control', os: 'freertos', vcpus: [{ name: 'v0', core: 2, budget: 6_000_000, period: 10_000_000 }], colors: [12, 13, 14, 15], memory: [{ name: 'ram', phys: 0x8_2000_0000, virt: 0, size: 128 * MiB, colored: true, flags: ['read', 'write', 'execute', 'dma', 'loadable'] }], budget: 150_000_000, events: [{ name: 'tick', irq: 27 }] },
    ], {
        name: 'sensor-fusion',
        flows: [
            { name: 'camera', from: 'sensor', to: 'control', size: 64 * 1024, period: 10_000_000, deadline: 4_000_000 },
            { name: 'telemetry', from: 'control', to: 'linux', size: 8 * 1024, period: 20_000_000, deadline: 10_000_000 },
        ],
    });
}

/** One memory region read back from an exported C file. */
export interface DecodedRegion {
    phys?: number;
    virt: number;
    size: number;
    flags: string[];
    /** Raw mask, when the region carries one. */
    colors?: bigint;
    /** `col_mem` entry (BU layout). */
    inColoredArray: boolean;
}

export interface DecodedConfig {
    name: string;
    cpus: number[];
    regions: DecodedRegion[];
    irqs: number[];
    declaredCounts: { mem: number; col: number; irqchips: number };
}

function num(text: string | undefined): number | undefined {
    return text === undefined ? undefined : Number(BigInt(text));
}

function regionFrom(text: string, inColoredArray: boolean): DecodedRegion {
    const field = (name: string) => new RegExp(`\\.${name} = (0x[0-9a-f]+|\\d+)`).exec(text)?.[1];
    const flagsText = /\.flags = ([^,]+),/s.exec(text)?.[1] ?? '';
    const colors = field('colors');
    return {
        phys: num(field('phys_start')),
        virt: num(field('virt_start')) ?? 0,
        size: num(field('size')) ?? 0,
        flags: flagsText.split('|').map((f) => f.trim().replace(/^JAILHOUSE_MEM_/, '')).filter((f) => f.length > 0),
        ...(colors !== undefined ? { colors: BigInt(colors) } : {}),
        inColoredArray,
    };
}

/** Reads the arrays of an exported configuration (the exporter's own layout: one field per line, tab-indented). */
export function decodeConfig(content: string): DecodedConfig {
    const lines = content.split('\n');
    const regions: DecodedRegion[] = [];
    const irqs: number[] = [];
    let section: string | undefined;
    let entry: string[] | undefined;
    for (const line of lines) {
        const open = /^\t\.(mem_regions|col_mem|irqchips|qos_devices|cpus) = \{$/.exec(line);
        if (open) { section = open[1]; continue; }
        if (line === '\t},') { section = undefined; continue; }
        if (section === 'mem_regions' || section === 'col_mem' || section === 'irqchips') {
            if (/^\t\t\/\*.*\*\/ \{$/.test(line)) { entry = []; continue; }
            if (line === '\t\t},' && entry) {
                const text = entry.join('\n');
                if (section === 'irqchips') {
                    const base = Number(/\.pin_base = (\d+)/.exec(text)![1]);
                    const words = /\.pin_bitmap = \{\s*([^}]*)\}/s.exec(text)![1].split(',').map((w) => w.trim()).filter(Boolean).map(Number);
                    words.forEach((word, w) => { for (let b = 0; b < 32; b++) if ((word >>> b) & 1) irqs.push(base + 32 * w + b); });
                } else {
                    regions.push(regionFrom(text, section === 'col_mem'));
                }
                entry = undefined;
                continue;
            }
            entry?.push(line);
        }
    }
    const cpuMask = BigInt(/\.cpus = \{\s*(0x[0-9a-f]+)/.exec(content)![1]);
    const cpus: number[] = [];
    for (let i = 0; i < 64; i++) if ((cpuMask >> BigInt(i)) & 1n) cpus.push(i);
    const count = (name: string) => Number(new RegExp(`${name}\\[(\\d+)\\];`).exec(content)?.[1] ?? '0');
    return {
        name: /\.name = "([^"]*)"/.exec(content)![1],
        cpus,
        regions,
        irqs,
        declaredCounts: { mem: count('mem_regions'), col: count('col_mem'), irqchips: count('irqchips') },
    };
}
