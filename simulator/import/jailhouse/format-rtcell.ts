/**
 * Writes an imported system as rtcell source, formatted like the language's own formatter (4-space members, one
 * declaration per line). Notes become comments where they belong (`// not expressed: field = value (why)`), so the
 * output keeps every value of the configurations even where the language has no word for it.
 */
import type { ImportedCell, ImportedRegion, ImportedSystem, ImportNote } from './imported-system.js';
import { hex, intSet, printable, sizeText } from './text-values.js';

export interface FormatOptions {
    /** The command line that produced the file, for the header comment (optional). */
    command?: string;
}

function noteLine(note: ImportNote): string {
    const lead = note.kind === 'lost' ? 'not expressed' : 'note';
    return `// ${lead}: ${printable(note.field)} = ${printable(note.value)} (${printable(note.reason)})`;
}

function regionLine(r: ImportedRegion): string {
    const guest = r.virt !== r.phys ? ` guest ${hex(r.virt)}` : '';
    const flags = r.flags.length > 0 ? ` ${r.flags.join(' ')}` : '';
    return `memory ${r.name} at ${hex(r.phys)}${guest} size ${sizeText(r.size)}${flags}${r.colored ? ' colored' : ''}`;
}

function cellBlock(cell: ImportedCell): string[] {
    const head = `cell ${cell.name}${cell.root ? ' root' : ''}${cell.os ? ` os ${cell.os}` : ''} {`;
    const body: string[] = [`// from ${printable(cell.source)} (Jailhouse name "${printable(cell.jailhouseName)}")`];
    if (cell.cores.length > 0) body.push(`cores ${intSet(cell.cores)}`);
    if (cell.colors.length > 0) body.push(`colors ${intSet(cell.colors)}`);
    if (cell.sharedWith.length > 0) body.push(`shared with ${cell.sharedWith.join(', ')}`);
    for (const r of cell.memory) body.push(regionLine(r));
    for (const e of cell.events) body.push(`event ${e.name} irq ${e.irq}`);
    for (const n of cell.notes) body.push(noteLine(n));
    return [head, ...body.map((l) => `    ${l}`), '}'];
}

function quoted(text: string): string {
    return `"${printable(text).replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export function formatImportedSystem(system: ImportedSystem, options: FormatOptions = {}): string {
    const lines: string[] = [
        `// Imported from Jailhouse configurations (${system.tree} tree, revision ${system.revision})${options.command ? ` by: ${printable(options.command)}` : ''}.`,
        '// Jailhouse configurations hold no timing: add tasks, event latency bounds and flows (docs/import.md).',
        '// "not expressed" comments keep what the language cannot say; "note" comments say what the import did.',
        '',
        `system ${quoted(system.name)} on zcu102`,
        '',
    ];
    if (system.notes.length > 0) {
        lines.push('// System configuration (platform part):');
        for (const n of system.notes) lines.push(noteLine(n));
        lines.push('');
    }
    for (const cell of system.cells) lines.push(...cellBlock(cell), '');
    return lines.join('\n');
}

/** The summary printed on stderr: every value the language cannot express, then the choices the import made. */
export function importSummary(system: ImportedSystem): string[] {
    const lost: string[] = [];
    const info: string[] = [];
    const add = (where: string, n: ImportNote) => (n.kind === 'lost' ? lost : info).push(`  ${where}: ${printable(n.field)} = ${printable(n.value)} (${printable(n.reason)})`);
    for (const n of system.notes) add('system', n);
    for (const c of system.cells) for (const n of c.notes) add(c.name, n);
    const out: string[] = [];
    if (lost.length > 0) out.push(`not expressed in rtcell (kept as comments in the output), ${lost.length}:`, ...lost);
    if (info.length > 0) out.push(`import notes, ${info.length}:`, ...info);
    return out;
}
