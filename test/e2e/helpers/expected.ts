/**
 * What VS Code should show, computed in-process by the same language services the bundled server runs (parse,
 * validate, analyse). The end-to-end test then checks that the whole chain (esbuild bundle, .vsix, activation,
 * language client, VS Code's Problems panel, hover and inlay hint rendering) delivers exactly that: the expectations
 * move with the language and the analysis, and the test still fails when any link of the chain breaks.
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { Hover, InlayHint, Position } from 'vscode-languageserver';
import { DEFAULT_ENGINE } from '../../../server/default-engine.js';
import { createRtcellServices } from '../../../server/rtcell-server-module.js';

const { shared, Rtcell } = createRtcellServices(EmptyFileSystem, { engine: DEFAULT_ENGINE });

export interface ExpectedDiagnostic {
    severity: 'error' | 'warning' | 'info' | 'hint';
    code: string;
    message: string;
    /** 1-based, as VS Code shows it ("[Ln 14, Col 3]"). */
    line: number;
    column: number;
}

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' } as const;

let counter = 0;

async function open(text: string): Promise<LangiumDocument> {
    const uri = URI.parse(`file:///e2e-oracle/doc-${++counter}.rtcell`);
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    return document;
}

export async function expectedDiagnostics(text: string): Promise<ExpectedDiagnostic[]> {
    const document = await open(text);
    return (document.diagnostics ?? []).map((d) => ({
        severity: SEVERITY[(d.severity ?? 1) as 1 | 2 | 3 | 4],
        code: String(d.code ?? ''),
        message: typeof d.message === 'string' ? d.message : String(d.message),
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
    }));
}

/** The hover's markdown at `position` (0-based), or undefined. */
export async function expectedHover(text: string, position: Position): Promise<string | undefined> {
    const document = await open(text);
    const hover: Hover | undefined = await Rtcell.lsp.HoverProvider!.getHoverContent(document, {
        textDocument: { uri: document.uri.toString() }, position,
    });
    const contents = hover?.contents;
    if (!contents) return undefined;
    return typeof contents === 'object' && 'value' in contents ? contents.value : String(contents);
}

/** Every inlay hint of the document, with its 0-based line. */
export async function expectedInlayHints(text: string): Promise<Array<{ line: number; label: string }>> {
    const document = await open(text);
    const lines = text.split('\n').length;
    const hints: InlayHint[] = (await Rtcell.lsp.InlayHintProvider!.getInlayHints(document, {
        textDocument: { uri: document.uri.toString() },
        range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } },
    })) ?? [];
    return hints.map((h) => ({ line: h.position.line, label: typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('') }));
}

/** Markdown as VS Code renders it to text: no emphasis markers, no escaping backslashes. */
export function markdownToText(markdown: string): string[] {
    return markdown.split('\n')
        .map((line) => line.replace(/\*\*|__/g, '').replace(/(^|\s)_(\S(?:.*?\S)?)_(?=\s|$|[.,;:])/g, '$1$2').replace(/\\([|\\`*_])/g, '$1').trim())
        .filter((line) => line.length > 0);
}

/** 0-based position of the first occurrence of `needle` (plus `delta` characters) in `text`. */
export function positionOf(text: string, needle: string, delta = 0): Position {
    const offset = text.indexOf(needle);
    if (offset < 0) throw new Error(`'${needle}' is not in the text`);
    const before = text.slice(0, offset + delta);
    const line = before.split('\n').length - 1;
    return { line, character: offset + delta - (before.lastIndexOf('\n') + 1) };
}

/** The analysis summary of a document (what the status bar's verdict is made of), or undefined when not analysed. */
export async function expectedSummary(text: string): Promise<{ schedulable: number; unschedulable: number; inconclusive: number } | undefined> {
    const document = await open(text);
    return Rtcell.server.AnalysisService.get(document).analysis?.summary;
}
