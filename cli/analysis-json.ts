/**
 * `rtcell analyze --json` (docs/analysis-json.md): the analysis result written piece by piece, linear in the system.
 * Every item's interferer list is what made the old output quadratic (each task of a core lists every more urgent
 * task, with its source), so it is written only when asked (`--interferers`), and then as indices into the `flows` and
 * `tasks` arrays of the same output. Source ranges name their file through the `files` table. Items are written one
 * per line, in pieces of about 64 KB, waiting for the output to drain between pieces: memory stays flat whatever the
 * number of items, and no string ever holds the whole output.
 */
import type { AnalysisResult, Interferer, ItemResult } from '../simulator/analysis/types.js';
import type { SourceRange } from '../simulator/model/types.js';

export const ANALYSIS_JSON_VERSION = 2;

export interface AnalysisJsonOptions {
    /** Write each item's interferers (as references). */
    interferers: boolean;
}

/** Where the text goes: `write` takes a piece, `drained` (if any) resolves when the sink can take more. */
export interface TextSink {
    write(text: string): void;
    drained?(): Promise<void>;
}

const PIECE_CHARS = 64 * 1024;

type SourceRef = { file?: number; start: SourceRange['start']; end: SourceRange['end'] };

class Files {
    readonly uris: string[] = [];
    private readonly index = new Map<string, number>();

    ref(source: SourceRange | undefined): SourceRef | undefined {
        if (!source) return undefined;
        if (source.uri === undefined) return { start: source.start, end: source.end };
        let file = this.index.get(source.uri);
        if (file === undefined) {
            file = this.uris.length;
            this.uris.push(source.uri);
            this.index.set(source.uri, file);
        }
        return { file, start: source.start, end: source.end };
    }
}

function itemKey(kind: string, owner: string | undefined, name: string): string {
    return `${kind}\u0000${owner ?? ''}\u0000${name}`;
}

/** Flows and tasks by kind, owner and name: their index in the output's `flows` or `tasks` array. */
function indexItems(result: AnalysisResult): Map<string, number> {
    const index = new Map<string, number>();
    result.flows.forEach((f, i) => index.set(itemKey('flow', undefined, f.name), i));
    result.tasks.forEach((t, i) => index.set(itemKey('task', t.owner, t.name), i));
    return index;
}

function interfererRef(i: Interferer, items: Map<string, number>): object {
    const at = i.kind === 'flow' || i.kind === 'task' ? items.get(itemKey(i.kind, i.kind === 'flow' ? undefined : i.owner, i.name)) : undefined;
    if (at !== undefined) return { kind: i.kind, item: at, relation: i.relation };
    return { kind: i.kind, name: i.name, ...(i.owner !== undefined ? { owner: i.owner } : {}), relation: i.relation };
}

function itemJson(item: ItemResult, files: Files, items: Map<string, number> | undefined): string {
    // Field by field rather than a rest pattern: reading `interferers` builds the list (interferers-on-read.ts), which
    // is wanted only with --interferers.
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(item) as (keyof ItemResult)[]) {
        if (key !== 'interferers' && key !== 'source' && key !== 'throttledBy' && key !== 'blockedBy') out[key] = item[key];
    }
    out.source = files.ref(item.source);
    const { throttledBy, blockedBy } = item;
    if (throttledBy) out.throttledBy = { ...throttledBy, source: files.ref(throttledBy.source) };
    if (blockedBy) out.blockedBy = blockedBy.map((b) => ({ ...b, source: files.ref(b.source) }));
    if (items) out.interferers = item.interferers.map((i) => interfererRef(i, items));
    return JSON.stringify(out);
}

/** Writes `result` to `sink` as docs/analysis-json.md describes. */
export async function writeAnalysisJson(result: AnalysisResult, sink: TextSink, options: AnalysisJsonOptions): Promise<void> {
    const files = new Files();
    const items = options.interferers ? indexItems(result) : undefined;
    let piece = '';
    const flush = async (force = false) => {
        if (piece.length < PIECE_CHARS && !force) return;
        sink.write(piece);
        piece = '';
        await sink.drained?.();
    };
    const head: Record<string, unknown> = { format: 'rtcell-analysis', version: ANALYSIS_JSON_VERSION, system: result.system };
    if (result.brokerMode) head.brokerMode = result.brokerMode;
    if (result.brokerPolicy) head.brokerPolicy = result.brokerPolicy;
    piece += JSON.stringify(head).slice(0, -1);
    for (const list of ['flows', 'tasks', 'events'] as const) {
        piece += `,\n"${list}":[`;
        const entries = result[list];
        for (let i = 0; i < entries.length; i++) {
            piece += (i > 0 ? ',\n' : '\n') + itemJson(entries[i], files, items);
            await flush();
        }
        piece += entries.length > 0 ? '\n]' : ']';
    }
    piece += `,\n"cores":${JSON.stringify(result.cores)}`;
    piece += `,\n"vcpus":${JSON.stringify(result.vcpus.map(({ source, ...v }) => ({ ...v, source: files.ref(source) })))}`;
    piece += `,\n"memory":${JSON.stringify(result.memory)}`;
    piece += `,\n"summary":${JSON.stringify(result.summary)}`;
    piece += `,\n"errors":${JSON.stringify(result.errors)}`;
    // The files table comes last: it is complete only once every source has been written.
    piece += `,\n"files":${JSON.stringify(files.uris)}\n}\n`;
    await flush(true);
}
