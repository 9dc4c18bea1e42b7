/**
 * Diagnostics produced by an exporter. They say what could not be exported faithfully, so nothing is dropped
 * silently: `error` means the generated files would be wrong (no files are produced), `warning` means the files are
 * produced but behave differently from what was analysed, `info` explains a choice the exporter made.
 */
import type { SourceRange } from '../model/types.js';

export type ExportSeverity = 'error' | 'warning' | 'info';

export interface ExportDiagnostic {
    severity: ExportSeverity;
    /** Stable, kebab-case identifier (`export-vcpu-reservation`), for tests and documentation. */
    code: string;
    message: string;
    /** The declaration the diagnostic is about, when there is one. */
    source?: SourceRange;
}

export interface ExportedFile {
    /** Path relative to the output directory, `/`-separated. */
    path: string;
    content: string;
}

export interface ExportResult {
    files: ExportedFile[];
    diagnostics: ExportDiagnostic[];
}

export function hasExportErrors(diagnostics: readonly ExportDiagnostic[]): boolean {
    return diagnostics.some((d) => d.severity === 'error');
}
