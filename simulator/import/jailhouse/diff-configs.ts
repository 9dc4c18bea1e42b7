/**
 * Field-by-field difference of two decoded configurations (a tree's own `.cell` and the one rtcell's export built
 * from its import), for the round-trip report. Memory regions are matched by physical start and size, not by
 * position, so one added region shows as one difference instead of shifting every later one.
 */
import type { RawConfig, RawMemory } from './raw-config.js';
import { hex } from './text-values.js';

export interface FieldDifference {
    /** Field path, e.g. `hypervisor_memory.phys`, `root_cell.mem_regions[0x800000000+0x80000000].flags`. */
    field: string;
    /** Value in the tree's configuration, `(absent)` when only the round trip has it. */
    tree: string;
    /** Value in the round trip's configuration. */
    roundTrip: string;
}

const ABSENT = '(absent)';

function leaf(value: unknown): string {
    if (typeof value === 'bigint') return hex(value);
    if (typeof value === 'string') return JSON.stringify(value);
    return String(value);
}

/** Flattens a decoded value into path -> printed value. */
function flatten(value: unknown, path: string, out: Map<string, string>): void {
    if (Array.isArray(value)) {
        out.set(`${path}.length`, String(value.length));
        value.forEach((v, i) => {
            if (v !== null && typeof v === 'object') out.set(`${path}[${i}]`, 'present');
            flatten(v, `${path}[${i}]`, out);
        });
    } else if (value !== null && typeof value === 'object') {
        for (const [key, v] of Object.entries(value)) flatten(v, path ? `${path}.${key}` : key, out);
    } else {
        out.set(path, leaf(value));
    }
}

function memoryKey(m: RawMemory): string {
    return `${m.fromColoredArray ? 'col_mem' : 'mem_regions'}[${hex(m.phys)}+${hex(m.size)}${m.flags & 0x20n ? ' comm' : ''}]`;
}

function flattenConfig(config: RawConfig): Map<string, string> {
    const out = new Map<string, string>();
    const { memory, ...cell } = config.cell;
    out.set('kind', config.kind);
    out.set('length', String(config.length));
    if (config.system) flatten(config.system, '', out);
    flatten(cell, 'cell', out);
    const seen = new Map<string, number>();
    for (const m of memory) {
        const base = memoryKey(m);
        const n = (seen.get(base) ?? 0) + 1;
        seen.set(base, n);
        const key = n > 1 ? `${base}#${n}` : base;
        out.set(`cell.${key}`, 'present');
        out.set(`cell.${key}.virt`, hex(m.virt));
        out.set(`cell.${key}.flags`, hex(m.flags));
        if (m.colors !== 0n || m.fromColoredArray) out.set(`cell.${key}.colors`, hex(m.colors));
    }
    out.set('cell.memory.count', String(memory.length));
    return out;
}

export function diffConfigs(tree: RawConfig, roundTrip: RawConfig): FieldDifference[] {
    const a = flattenConfig(tree);
    const b = flattenConfig(roundTrip);
    const fields = [...new Set([...a.keys(), ...b.keys()])];
    const differences: FieldDifference[] = [];
    // An element present on one side only is one difference (its marker), not one per field inside it.
    const oneSided = (field: string) => {
        for (const m of field.matchAll(/\]/g)) {
            const element = field.slice(0, m.index! + 1);
            const marker = element + (field.slice(m.index! + 1).match(/^#\d+/)?.[0] ?? '');
            if (marker !== field && a.has(marker) !== b.has(marker)) return true;
        }
        return false;
    };
    for (const field of fields) {
        const va = a.get(field) ?? ABSENT;
        const vb = b.get(field) ?? ABSENT;
        if (va !== vb && !oneSided(field)) differences.push({ field, tree: va, roundTrip: vb });
    }
    return differences.sort((x, y) => (x.field < y.field ? -1 : x.field > y.field ? 1 : 0));
}
