/**
 * Round trip on every ZCU102 configuration of the three trees (issue 14): import, check, export with the tree's
 * coloring convention, build with the tree's rule, compare field by field with the tree's own `.cell`. Every kind of
 * difference must be listed, with its reason, in docs/import.md ("Round trip"), and the full per-field list is kept
 * in docs/import-round-trip.md (RTCELL_UPDATE_ROUND_TRIP=1 rewrites it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JAILHOUSE_TREES } from '../../simulator/import/jailhouse/index.js';
import { fieldClass, hasCrossCompiler, roundTrip, roundTripCases, type RoundTripResult } from './round-trip.js';

const DOCS = readFileSync(join(__dirname, '..', '..', 'docs', 'import.md'), 'utf8');

/** The documented difference classes: rows `| tree | class | ... |` of the round-trip table (`all`: every tree). */
function documented(tree: string): Set<string> {
    const rows = DOCS.split('\n').filter((l) => l.startsWith(`| ${tree} |`) || l.startsWith('| all |'));
    return new Set(rows.map((r) => r.split('|')[2].trim().replace(/^`|`$/g, '')));
}

function classes(result: RoundTripResult): string[] {
    if (result.checkErrors.length > 0) return ['check failed'];
    const refused = result.exportErrors.map((e) => `export refused: ${e.replace(/^after leaving out [^:]*: /, '').split(':')[0]}`);
    if (!result.leftOut && refused.length > 0) return refused;
    if (result.buildError) return [...refused, 'build of the export failed'];
    return [...refused, ...result.differences.map((d) => fieldClass(d.field))];
}

/**
 * Notes the import makes for values rtcell's export writes the same (export-board-*.ts), by note field, and the
 * decoded field they must leave unchanged in the round trip.
 */
const SAME_ON_EXPORT: Record<string, string> = {
    'flags': 'flags',
    'debug_console': 'debugConsole',
    'console': 'cell.console',
    'platform_info.pci_mmconfig_base': 'platform.pciMmconfigBase',
    'platform_info.iommu_units[]': 'platform.iommuUnits[]',
    'platform_info.arm': 'platform.arm',
    'platform_info.memguard': 'platform.memguard',
    'platform_info.qos': 'platform.qos',
    'platform_info.color.root_map_offset': 'platform.color.rootMapOffset',
    'stream_ids[]': 'cell.streamIds[]',
};

const LIST = join(__dirname, '..', '..', 'docs', 'import-round-trip.md');

function section(name: string, result: RoundTripResult): string[] {
    const lines = [`## ${name}`, ''];
    for (const e of result.exportErrors) lines.push(`- export error ${e}`);
    if (result.leftOut) lines.push(`- left out so that the rest exports: ${result.leftOut.map((r) => `\`${r}\``).join(', ')}`);
    if (result.buildError) lines.push(`- build of the export failed: ${result.buildError}`);
    if (result.differences.length === 0 && result.exportErrors.length === 0 && !result.buildError) lines.push('- byte-identical');
    if (result.differences.length > 0) {
        lines.push('', '| field | tree | round trip |', '|---|---|---|');
        for (const d of result.differences) lines.push(`| \`${d.field}\` | ${d.tree} | ${d.roundTrip} |`);
    }
    return [...lines, ''];
}

describe('round trip on the trees\' ZCU102 configurations', () => {
    const sections = new Map<string, string[]>();
    for (const tree of JAILHOUSE_TREES) {
        it(`${tree}: every configuration imports, checks, and every difference of the round trip is documented`, async () => {
            expect(hasCrossCompiler(), 'aarch64-linux-gnu-gcc/objcopy are needed (Debian: apt-get install gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu)').toBe(true);
            const listed = documented(tree);
            const missing = new Set<string>();
            const lines: string[] = [];
            let checkedNotes = 0;
            for (const c of roundTripCases(tree)) {
                const result = await roundTrip(c);
                const name = `${tree}: ${basename(c.system)}${c.inmate ? ` + ${basename(c.inmate)}` : ''}`;
                expect(result.checkErrors, `${name}: the import must pass rtcell check`).toEqual([]);
                lines.push(...section(name, result));
                // What the import calls written by the export anyway must indeed come back unchanged.
                for (const n of result.notes.filter((x) => x.kind === 'info')) {
                    const prefix = SAME_ON_EXPORT[n.field.replace(/\[\d+\]/g, '[]')];
                    if (!prefix) continue;
                    const field = `${n.where}: ${prefix.replace('[]', n.field.match(/\[\d+\]/)?.[0] ?? '[]')}`;
                    expect(result.differences.filter((d) => d.field === field || d.field.startsWith(`${field}.`) || d.field.startsWith(`${field}[`)), `${name}: note ${n.field}`).toEqual([]);
                    checkedNotes++;
                }
                for (const k of classes(result)) if (!listed.has(k)) missing.add(k);
            }
            sections.set(tree, lines);
            expect(checkedNotes, 'notes checked against the round trip').toBeGreaterThan(0);
            expect([...missing].sort(), `differences of the ${tree} round trip not listed in docs/import.md`).toEqual([]);
        }, 300_000);
    }

    it('docs/import-round-trip.md is the current per-field list (RTCELL_UPDATE_ROUND_TRIP=1 rewrites it)', () => {
        expect([...sections.keys()]).toEqual([...JAILHOUSE_TREES]);
        const text = [
            '# Round trip of the trees\' ZCU102 configurations: every difference',
            '',
            'Generated by `test/import/round-trip.test.ts` (`RTCELL_UPDATE_ROUND_TRIP=1 npx vitest run test/import/round-trip.test.ts`',
            'rewrites it; the test fails when it is stale). Each configuration of `../shared/jailhouse/<tree>/configs/arm64` is',
            'built with the tree\'s rule, imported, exported with the tree\'s convention, built again and compared field by',
            'field. Memory regions are keyed by `[phys+size]`; `present`/`(absent)` mark an element only one side has.',
            'Why each kind of difference exists: [import.md, Round trip](import.md#round-trip).',
            '',
            ...JAILHOUSE_TREES.flatMap((t) => sections.get(t)!),
        ].join('\n');
        if (process.env.RTCELL_UPDATE_ROUND_TRIP === '1') writeFileSync(LIST, text);
        expect(readFileSync(LIST, 'utf8')).toBe(text);
    });
});
