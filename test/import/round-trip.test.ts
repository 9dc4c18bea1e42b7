/**
 * Round trip on every ZCU102 configuration of the three trees (issue 14): import, check, export with the tree's
 * coloring convention, build with the tree's rule, compare field by field with the tree's own `.cell`. Every kind of
 * difference must be listed, with its reason, in docs/import.md ("Round trip"); set RTCELL_ROUND_TRIP_REPORT=FILE to
 * write the full per-field list.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JAILHOUSE_TREES } from '../../simulator/import/jailhouse/index.js';
import { fieldClass, hasCrossCompiler, roundTrip, roundTripCases, type RoundTripResult } from './round-trip.js';

const DOCS = readFileSync(join(__dirname, '..', '..', 'docs', 'import.md'), 'utf8');

/** The documented difference classes: rows `| tree | class | ... |` of the round-trip table. */
function documented(tree: string): Set<string> {
    const rows = DOCS.split('\n').filter((l) => l.startsWith(`| ${tree} |`));
    return new Set(rows.map((r) => r.split('|')[2].trim().replace(/^`|`$/g, '')));
}

function classes(result: RoundTripResult): string[] {
    if (result.checkErrors.length > 0) return ['check failed'];
    const refused = result.exportErrors.map((e) => `export refused: ${e.replace(/^after leaving out [^:]*: /, '').split(':')[0]}`);
    if (!result.leftOut && refused.length > 0) return refused;
    if (result.buildError) return [...refused, 'build of the export failed'];
    return [...refused, ...result.differences.map((d) => fieldClass(d.field))];
}

describe.skipIf(!hasCrossCompiler() && process.env.CI !== 'true')('round trip on the trees\' ZCU102 configurations', () => {
    const report: string[] = [];
    for (const tree of JAILHOUSE_TREES) {
        it(`${tree}: every configuration imports, checks, and every difference of the round trip is documented`, async () => {
            expect(hasCrossCompiler(), 'aarch64-linux-gnu-gcc/objcopy are needed (Debian: gcc-aarch64-linux-gnu)').toBe(true);
            const listed = documented(tree);
            const missing = new Set<string>();
            for (const c of roundTripCases(tree)) {
                const result = await roundTrip(c);
                const name = `${tree} ${basename(c.system)}${c.inmate ? ` + ${basename(c.inmate)}` : ''}`;
                expect(result.checkErrors, `${name}: the import must pass rtcell check`).toEqual([]);
                report.push(`## ${name}`, ...result.exportErrors.map((e) => `export error ${e}`), ...(result.leftOut ? [`left out to export the rest: ${result.leftOut.join(', ')}`] : []), ...(result.buildError ? [`build error ${result.buildError}`] : []),
                    ...result.differences.map((d) => `${d.field}: tree ${d.tree}, round trip ${d.roundTrip}`), '');
                for (const k of classes(result)) if (!listed.has(k)) missing.add(k);
            }
            if (process.env.RTCELL_ROUND_TRIP_REPORT) writeFileSync(process.env.RTCELL_ROUND_TRIP_REPORT, report.join('\n'));
            expect([...missing].sort(), `differences of the ${tree} round trip not listed in docs/import.md`).toEqual([]);
        }, 300_000);
    }
});
