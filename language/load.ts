/**
 * Loading a document outside the editor (CLI, tests, benches): parse, link, validate, lower. The model is returned only
 * when the document has no error, so analysis and simulation never run on a half-understood system.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { SystemModel } from '../simulator/model/types.js';
import type { Document } from './generated/ast.js';
import { createRtcellCoreServices, type RtcellServices } from './rtcell-module.js';
import type { LangiumSharedCoreServices } from 'langium';

export type DiagnosticSeverityName = 'error' | 'warning' | 'info' | 'hint';

/** A diagnostic in plain terms (0-based positions, like LSP); the CLI prints them 1-based. */
export interface RtcellDiagnostic {
    severity: DiagnosticSeverityName;
    code: string;
    message: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface LoadResult {
    model?: SystemModel;
    diagnostics: RtcellDiagnostic[];
}

let services: { shared: LangiumSharedCoreServices; Rtcell: RtcellServices } | undefined;
let counter = 0;
let production = false;

/** Called by the CLI before its first load: no grammar self-checks at start-up (see createRtcellCoreServices). */
export function useProductionParser(): void {
    production = true;
}

function getServices() {
    services ??= createRtcellCoreServices(EmptyFileSystem, { production });
    return services;
}

const SEVERITY: Record<number, DiagnosticSeverityName> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

function toRtcellDiagnostic(d: Diagnostic): RtcellDiagnostic {
    // Every diagnostic has a code (rtcell-document-validator.ts gives Langium's syntax and name errors theirs).
    const code = d.code !== undefined ? String(d.code) : 'syntax';
    return { severity: SEVERITY[d.severity ?? 1] ?? 'error', code, message: d.message, range: d.range };
}

/** Parses and validates `text`; `uri` names it in diagnostics and model source ranges. */
export async function loadModelFromText(text: string, uri?: string): Promise<LoadResult & { document: LangiumDocument<Document> }> {
    const { shared, Rtcell } = getServices();
    // A unique URI per call: documents are independent, and an old one must not shadow a new one.
    const docUri = URI.parse(uri ?? `memory:///document-${++counter}.rtcell`);
    const documents = shared.workspace.LangiumDocuments;
    if (documents.hasDocument(docUri)) {
        await shared.workspace.DocumentBuilder.update([], [docUri]);
    }
    const document = shared.workspace.LangiumDocumentFactory.fromString<Document>(text, docUri);
    documents.addDocument(document);
    try {
        await shared.workspace.DocumentBuilder.build([document], { validation: true });
        const diagnostics = (document.diagnostics ?? []).map(toRtcellDiagnostic)
            .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
        const checked = Rtcell.lowering.LoweringCache.get(document.parseResult.value, docUri.toString());
        const hasErrors = diagnostics.some((d) => d.severity === 'error');
        return { ...(hasErrors ? {} : { model: checked.model }), diagnostics, document };
    } finally {
        documents.deleteDocument(docUri);
    }
}

/** Reads a file and loads it; throws only when the file cannot be read (the CLI turns that into exit code 2). */
export async function loadModelFromFile(path: string): Promise<LoadResult> {
    // A UTF-8 byte-order mark is not part of the text: left in, it would shift every column of line 1.
    const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
    const { model, diagnostics } = await loadModelFromText(text, pathToFileURL(resolve(path)).toString());
    return { ...(model ? { model } : {}), diagnostics };
}
