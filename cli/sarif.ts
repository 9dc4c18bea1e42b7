/**
 * SARIF 2.1.0 output (`rtcell check --format sarif`, `rtcell analyze --format sarif`): the static-analysis log format
 * that CI systems (GitHub code scanning, GitLab, Azure DevOps) read to show findings on the lines they concern.
 * One run, tool `rtcell`; each diagnostic is a result with its code as rule id; `analyze` adds one result per item
 * that is not schedulable, at the item's declaration. Lines and columns are 1-based, as SARIF wants.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RtcellDiagnostic } from '../language/load.js';
import type { AnalysisResult, ItemResult } from '../simulator/analysis/types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = 'error' | 'warning' | 'note';

interface Region {
    startLine: number;
    startColumn: number;
    endLine: number;
    endColumn: number;
}

interface SarifResult {
    ruleId: string;
    level: Level;
    message: { text: string };
    locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: Region } }>;
}

/** A file as SARIF names it: relative to the working folder when inside it (what CI systems match), else a file URL. */
function artifactUri(file: string, cwd = process.cwd()): string {
    const rel = isAbsolute(file) ? relative(cwd, file) : file;
    if (!isAbsolute(rel) && !rel.startsWith('..')) return rel.split(sep).map(encodeURIComponent).join('/');
    return pathToFileURL(file).href;
}

function region(range: RtcellDiagnostic['range'] | undefined): Region {
    const start = range?.start ?? { line: 0, character: 0 };
    const end = range?.end ?? start;
    return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

const LEVEL: Record<RtcellDiagnostic['severity'], Level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** Collects results for one SARIF log. */
export class SarifLog {
    private readonly results: SarifResult[] = [];
    private readonly rules = new Map<string, string>();
    /** Diagnostics left out by the per-file limit (a file of garbage has hundreds of thousands). */
    private omitted = 0;

    /** The file's diagnostics, at most `limit` of them (0: all); the rest are counted in the run's properties. */
    addDiagnostics(file: string, diagnostics: readonly RtcellDiagnostic[], limit = 0): void {
        const uri = artifactUri(file);
        const kept = limit > 0 ? diagnostics.slice(0, limit) : diagnostics;
        this.omitted += diagnostics.length - kept.length;
        for (const d of kept) this.add(d.code, LEVEL[d.severity], d.message, uri, d.range, `rtcell diagnostic '${d.code}'`);
    }

    /** One result per flow, task or event that is unschedulable (error) or inconclusive (warning). */
    addAnalysis(file: string, result: AnalysisResult): void {
        const uri = artifactUri(file);
        for (const item of [...result.flows, ...result.tasks, ...result.events]) {
            if (item.verdict === 'schedulable') continue;
            const unschedulable = item.verdict === 'unschedulable';
            this.add(unschedulable ? 'unschedulable' : 'inconclusive', unschedulable ? 'error' : 'warning', itemMessage(item), uri, item.source,
                unschedulable ? 'the worst-case latency exceeds the deadline' : 'the analysis could not bound the latency');
        }
    }

    toJson(): string {
        const log = {
            $schema: SARIF_SCHEMA,
            version: '2.1.0',
            runs: [{
                tool: {
                    driver: {
                        name: 'rtcell',
                        informationUri: 'https://example.invalid/rtcell',
                        rules: [...this.rules].map(([id, text]) => ({ id, shortDescription: { text } })),
                    },
                },
                results: this.results,
                ...(this.omitted > 0 ? { properties: { omittedDiagnostics: this.omitted } } : {}),
            }],
        };
        return JSON.stringify(log, null, 2) + '\n';
    }

    private add(ruleId: string, level: Level, text: string, uri: string, range: RtcellDiagnostic['range'] | undefined, ruleText: string): void {
        if (!this.rules.has(ruleId)) this.rules.set(ruleId, ruleText);
        this.results.push({ ruleId, level, message: { text }, locations: [{ physicalLocation: { artifactLocation: { uri }, region: region(range) } }] });
    }
}

function itemMessage(item: ItemResult): string {
    const name = item.owner && item.kind !== 'flow' ? `${item.owner}.${item.name}` : item.name;
    const ns = (v: number) => `${v.toLocaleString('en-US')} ns`;
    if (item.verdict === 'unschedulable') {
        const bound = item.wcrt !== undefined ? `worst-case latency ${ns(item.wcrt)}` : 'unbounded latency';
        return `${item.kind} '${name}' is unschedulable: ${bound}${item.deadline !== undefined ? ` > deadline ${ns(item.deadline)}` : ''}${item.reason ? ` (${item.reason})` : ''}`;
    }
    return `${item.kind} '${name}' is inconclusive: ${item.reason ?? 'no bound'}`;
}
