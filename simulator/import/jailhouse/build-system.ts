/**
 * From decoded configurations to the imported system: one root cell (from the system configuration) and the inmates,
 * in the order given. Pure; throws ImportError when the inputs do not form a system (no system configuration first,
 * a system configuration among the inmates, configurations of different trees).
 */
import { zcu102Preset } from '../../model/presets.js';
import { cellNotes } from './cell-notes.js';
import { isExportedConsolePage, isExportedRootWindow } from './export-board-regions.js';
import { toIdentifier, uniqueIn } from './identifiers.js';
import { ImportError } from './import-error.js';
import { importIrqs } from './import-irqs.js';
import { cellColors, importRegions, type PlatformGeometry } from './import-regions.js';
import type { ImportedCell, ImportedSystem, ImportNote } from './imported-system.js';
import { platformNotes } from './platform-notes.js';
import type { RawConfig } from './raw-config.js';
import { resolveOverlaps } from './resolve-overlaps.js';
import { hex, printable, sizeText } from './text-values.js';

export interface DecodedInput {
    /** The file as the user named it. */
    label: string;
    config: RawConfig;
}

function zcu102Geometry(): PlatformGeometry & { cores: number } {
    const p = zcu102Preset();
    return { colors: p.colors, pageSize: p.pageSize, cores: p.cores };
}

/** rtcell's `os` label: informative only; the root cell of Jailhouse is Linux, inmates are named by what they say. */
function guessOs(name: string, root: boolean): string | undefined {
    if (root) return 'linux';
    const lower = name.toLowerCase();
    if (lower.includes('linux')) return 'linux';
    if (lower.includes('freertos')) return 'freertos';
    return undefined;
}

function importCell(input: DecodedInput, root: boolean, taken: Set<string>, g: ReturnType<typeof zcu102Geometry>): ImportedCell {
    const raw = input.config.cell;
    const name = uniqueIn(taken, toIdentifier(raw.name, root ? 'root' : 'cell'));
    const notes: ImportNote[] = [];
    if (name !== raw.name) {
        notes.push({ kind: 'lost', field: 'name', value: `"${printable(raw.name)}"`, reason: `not a valid or unique rtcell name: imported (and exported) as '${name}'` });
    }
    if (input.config.trailing > 0) {
        notes.push({ kind: 'info', field: '(file)', value: `${input.config.trailing} bytes after the configuration`, reason: 'not covered by the header\'s counts; Jailhouse ignores them too' });
    }
    const regions = importRegions(raw, input.config.tree, g);
    regions.regions = regions.regions.filter((r) => (root ? !isExportedRootWindow(r, notes) : !isExportedConsolePage(r, raw.console.address, notes)));
    const irqs = importIrqs(raw, root);
    const os = guessOs(raw.name, root);
    return {
        name, jailhouseName: raw.name, root, ...(os ? { os } : {}), source: input.label,
        cores: raw.cpus.filter((c) => c < g.cores), colors: cellColors(regions.regions).colors, memory: regions.regions, events: irqs.events,
        sharedWith: [], notes: [...notes, ...regions.notes, ...irqs.notes, ...cellNotes(raw, g.cores, root, input.config.tree)],
    };
}

export function buildImportedSystem(system: DecodedInput, inmates: readonly DecodedInput[]): ImportedSystem {
    if (system.config.kind !== 'system' || !system.config.system) {
        throw new ImportError('not-a-system', `${system.label}: a cell configuration, not a system (root) configuration; give the system configuration first`);
    }
    for (const inmate of inmates) {
        if (inmate.config.kind !== 'cell') {
            throw new ImportError('not-a-cell', `${inmate.label}: a second system configuration; only one root cell can be imported`);
        }
        if (inmate.config.tree !== system.config.tree) {
            throw new ImportError('tree-mismatch', `${inmate.label}: tree mismatch: a ${inmate.config.tree} configuration, but ${system.label} is a ${system.config.tree} one`);
        }
    }
    const g = zcu102Geometry();
    const taken = new Set<string>();
    const root = importCell(system, true, taken, g);
    const cells = [root, ...inmates.map((i) => importCell(i, false, taken, g))];
    // The root configuration lists every CPU (Jailhouse starts with all of them); an inmate's CPUs leave it at cell create.
    const inmateCores = new Set(cells.slice(1).flatMap((c) => c.cores));
    const given = root.cores.filter((c) => inmateCores.has(c));
    if (given.length > 0) {
        root.notes.push({ kind: 'info', field: 'cpus', value: given.join(', '), reason: 'given to inmates at cell create: not in the root cell\'s cores (rtcell\'s export lists every CPU in the root cell again)' });
        root.cores = root.cores.filter((c) => !inmateCores.has(c));
    }
    const hv = system.config.system.hypervisorMemory;
    resolveOverlaps(cells, g, `${hex(hv.phys)}, ${sizeText(hv.size)}`);
    for (const cell of cells) {
        const colors = cellColors(cell.memory);
        cell.colors = colors.colors;
        cell.notes.push(...colors.notes);
        // Regions are named by kind and address, after splitting; unique within the cell.
        const names = new Set<string>();
        for (const r of cell.memory) r.name = uniqueIn(names, `${r.flags.includes('io') ? 'mmio' : 'ram'}_${r.phys.toString(16)}`);
        const eventNames = new Set<string>();
        for (const e of cell.events) e.name = uniqueIn(eventNames, e.name);
    }
    return {
        name: system.config.cell.name, tree: system.config.tree, revision: system.config.revision,
        notes: platformNotes(system.config.system), cells,
    };
}
