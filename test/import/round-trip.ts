/**
 * The round trip of issue 14 for one tree configuration: build the tree's own `.cell` with the tree's rule
 * (aarch64-linux-gnu-gcc + objcopy, shared/jailhouse/README.md), import the `.c` with `rtcell import`'s loader (host
 * compiler), check the result, export it with the tree's coloring convention, build the exported `.c` the same way,
 * and diff the two images field by field. Used by round-trip.test.ts, which also keeps docs/import.md in step.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadModelFromText } from '../../language/load.js';
import type { SystemModel } from '../../simulator/model/types.js';
import { exportJailhouse } from '../../simulator/export/jailhouse/index.js';
import {
    decodeJailhouseConfig, diffConfigs, formatImportedSystem, type FieldDifference, type JailhouseTree, type RawConfig,
} from '../../simulator/import/jailhouse/index.js';
import { buildCSource, loadJailhouseSystem } from '../../simulator/import/jailhouse/load-inputs.js';
import { isSystemSource, TREES_ROOT, zcu102Sources } from './fixtures.js';

export const COLORING: Record<JailhouseTree, 'minerva' | 'bu' | 'none'> = { minerva: 'minerva', bu: 'bu', mainline: 'none' };
const CROSS = { cc: 'aarch64-linux-gnu-gcc', objcopy: 'aarch64-linux-gnu-objcopy' };

export interface RoundTripCase {
    tree: JailhouseTree;
    /** The tree's system configuration (.c) and the inmate under test (undefined: the system alone). */
    system: string;
    inmate?: string;
}

export interface RoundTripResult {
    case: RoundTripCase;
    /** Diagnostics of `rtcell check` on the imported file (must be empty). */
    checkErrors: string[];
    /** Export errors (code: message); with `leftOut`, the round trip went on without the regions they name. */
    exportErrors: string[];
    /** Regions (`cell/region`) left out so that the export could go on. */
    leftOut?: string[];
    buildError?: string;
    differences: FieldDifference[];
    /** The import's notes (system, then each cell's, each with `system:`/`cell:` like the differences). */
    notes: Array<{ where: 'system' | 'cell'; kind: string; field: string }>;
}

export function treeConfigs(tree: JailhouseTree): { systems: string[]; inmates: string[] } {
    const files = zcu102Sources(tree);
    return { systems: files.filter(isSystemSource), inmates: files.filter((f) => !isSystemSource(f)) };
}

/** Every ZCU102 case of a tree: each system alone, and each inmate with the tree's plain zynqmp-zcu102.c. */
export function roundTripCases(tree: JailhouseTree): RoundTripCase[] {
    const { systems, inmates } = treeConfigs(tree);
    const main = systems.find((s) => basename(s) === 'zynqmp-zcu102.c') ?? systems[0];
    return [...systems.map((system) => ({ tree, system })), ...inmates.map((inmate) => ({ tree, system: main, inmate }))];
}

async function buildTree(file: string, tree: JailhouseTree): Promise<RawConfig> {
    return decodeJailhouseConfig(await buildCSource(file, join(TREES_ROOT, tree), CROSS), file, tree);
}

/**
 * Exports with the tree's convention. When the exporter refuses regions (its errors name them), it does what a user
 * would: leaves those regions out and exports the rest, so the comparison still covers everything else. `exported`
 * is absent when the export fails even then (or its errors name no region).
 */
function exportLeavingOutRefused(model: SystemModel, tree: JailhouseTree): { exported?: ReturnType<typeof exportJailhouse>; errors: string[]; leftOut: string[] } {
    const errorsOf = (r: ReturnType<typeof exportJailhouse>) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
    const first = exportJailhouse(model, { coloring: COLORING[tree] });
    const errors = errorsOf(first);
    if (errors.length === 0) return { exported: first, errors, leftOut: [] };
    const refused = [...errors.join('\n').matchAll(/region '([^']+)' of cell '([^']+)'/g)].map((m) => `${m[2]}/${m[1]}`);
    if (refused.length === 0) return { errors, leftOut: [] };
    const trimmed = { ...model, cells: model.cells.map((cell) => ({ ...cell, memory: cell.memory.filter((r) => !refused.includes(`${cell.name}/${r.name}`)) })) };
    const second = exportJailhouse(trimmed, { coloring: COLORING[tree] });
    const still = errorsOf(second);
    if (still.length > 0) return { errors: [...errors, ...still.map((e) => `after leaving out ${refused.join(', ')}: ${e}`)], leftOut: refused };
    return { exported: second, errors, leftOut: refused };
}

export async function roundTrip(c: RoundTripCase): Promise<RoundTripResult> {
    const result: RoundTripResult = { case: c, checkErrors: [], exportErrors: [], differences: [], notes: [] };
    const imported = await loadJailhouseSystem(c.system, c.inmate ? [c.inmate] : [], { tree: c.tree, treesRoot: TREES_ROOT });
    result.notes = [
        ...[...imported.notes, ...imported.cells[0].notes].map((n) => ({ where: 'system' as const, kind: n.kind, field: n.field })),
        ...(imported.cells[1]?.notes ?? []).map((n) => ({ where: 'cell' as const, kind: n.kind, field: n.field })),
    ];
    const text = formatImportedSystem(imported);
    const { model, diagnostics } = await loadModelFromText(text);
    result.checkErrors = diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);
    if (!model) return result;
    const attempt = exportLeavingOutRefused(model, c.tree);
    result.exportErrors = attempt.errors;
    if (!attempt.exported) return result;
    if (attempt.leftOut.length > 0) result.leftOut = attempt.leftOut;
    const exported = attempt.exported;
    const work = await mkdtemp(join(tmpdir(), 'rtcell-round-trip-'));
    try {
        const built: RawConfig[] = [];
        for (const f of exported.files.filter((x) => x.path.endsWith('.c'))) {
            const path = join(work, basename(f.path));
            await writeFile(path, f.content);
            try {
                built.push(await buildTree(path, c.tree));
            } catch (error) {
                result.buildError = `${basename(f.path)}: ${error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error)}`;
                return result;
            }
        }
        const pairs: Array<[string, RawConfig, RawConfig | undefined]> = [];
        const original = await buildTree(c.system, c.tree);
        pairs.push(['system', original, built.find((b) => b.kind === 'system')]);
        if (c.inmate) {
            const inmate = await buildTree(c.inmate, c.tree);
            const name = imported.cells[1].name;
            pairs.push(['cell', inmate, built.find((b) => b.kind === 'cell' && b.cell.name === name)]);
        }
        for (const [what, tree, back] of pairs) {
            if (!back) {
                result.differences.push({ field: `${what} configuration`, tree: 'present', roundTrip: '(not exported)' });
                continue;
            }
            result.differences.push(...diffConfigs(tree, back).map((d) => ({ ...d, field: `${what}: ${d.field}` })));
        }
        return result;
    } finally {
        await rm(work, { recursive: true, force: true });
    }
}

/** A difference's field without addresses and indexes: `system: cell.mem_regions[...]`, for the docs table. */
export function fieldClass(field: string): string {
    return field.replace(/\[[^\]]*\]/g, '[]').replace(/#\d+/g, '');
}

export function hasCrossCompiler(): boolean {
    return ['/usr/bin/aarch64-linux-gnu-gcc', '/usr/bin/aarch64-linux-gnu-objcopy'].every((p) => existsSync(p));
}

/**
 * One import/export cycle: import `files` (system first), export the result with the tree's convention (leaving out
 * regions the exporter refuses, as `roundTrip` does) and write the exported `.c` files to a scratch folder. Returns the
 * imported text and the exported sources (system first; none when the import does not check).
 */
export async function importExportCycle(tree: JailhouseTree, files: readonly string[]): Promise<{ text: string; exported: string[] }> {
    const imported = await loadJailhouseSystem(files[0], files.slice(1), { tree, treesRoot: TREES_ROOT });
    const text = formatImportedSystem(imported);
    const { model } = await loadModelFromText(text);
    if (!model) return { text, exported: [] };
    const { exported } = exportLeavingOutRefused(model, tree);
    if (!exported) return { text, exported: [] };
    const dir = mkdtempSync(join(tmpdir(), 'rtcell-cycle-'));
    const system = exported.files.find((f) => f.path.endsWith('-system.c'));
    const cells = exported.files.filter((f) => f.path.endsWith('.c') && f !== system);
    const paths: string[] = [];
    for (const f of system ? [system, ...cells] : []) {
        const path = join(dir, basename(f.path));
        await writeFile(path, f.content);
        paths.push(path);
    }
    return { text, exported: paths };
}
