import { EmptyFileSystem, TextDocument, URI, type LangiumDocument } from 'langium';
import type { Diagnostic, Hover, MarkupContent, TextEdit } from 'vscode-languageserver';
import type { Document } from '../../language/generated/ast.js';
import { DEFAULT_ENGINE } from '../../server/default-engine.js';
import { createRtcellServices } from '../../server/rtcell-server-module.js';

export const { shared, Rtcell } = createRtcellServices(EmptyFileSystem, { engine: DEFAULT_ENGINE });

let counter = 0;

/** Parses, links and validates `text` as a new document (unique URI), like an editor opening it. */
export async function open(text: string, name = `doc-${++counter}`): Promise<LangiumDocument<Document>> {
    const uri = URI.parse(`file:///test/${name}.rtcell`);
    const documents = shared.workspace.LangiumDocuments;
    if (documents.hasDocument(uri)) await shared.workspace.DocumentBuilder.update([], [uri]);
    const document = shared.workspace.LangiumDocumentFactory.fromString<Document>(text, uri);
    documents.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    return document;
}

export function errorsOf(document: LangiumDocument, code?: string): Diagnostic[] {
    return (document.diagnostics ?? []).filter((d) => d.severity === 1 && (code === undefined || d.code === code)) as Diagnostic[];
}

export function codesOf(document: LangiumDocument, severity = 1): string[] {
    return (document.diagnostics ?? []).filter((d) => d.severity === severity).map((d) => String(d.code));
}

/** Applies LSP text edits to a text (edits must not overlap; applied back to front). */
export function applyEdits(text: string, edits: TextEdit[]): string {
    const doc = TextDocument.create('file:///x.rtcell', 'rtcell', 1, text);
    return TextDocument.applyEdits(doc, edits);
}

/** The markdown of the hover at `needle` (+ `delta` characters) in `text`. */
export async function hoverAt(text: string, needle: string, delta = 0): Promise<string> {
    const document = await open(text);
    const hover = await Rtcell.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: positionOf(text, needle, delta) }) as Hover | undefined;
    return (hover?.contents as MarkupContent | undefined)?.value ?? '';
}

export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
    const offset = text.indexOf(needle);
    if (offset < 0) throw new Error(`'${needle}' not in text`);
    const before = text.slice(0, offset + delta);
    const line = before.split('\n').length - 1;
    return { line, character: offset + delta - (before.lastIndexOf('\n') + 1) };
}
