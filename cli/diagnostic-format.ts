/**
 * How every command prints diagnostics: `file:line:col severity code message`, 1-based like compilers do. Document
 * diagnostics and export diagnostics share the one line format.
 */
import type { RtcellDiagnostic } from '../language/load.js';
import type { ExportDiagnostic } from '../simulator/export/export-diagnostic.js';

/** `start` absent: the diagnostic is about the system as a whole and is printed at 1:1. */
function formatAt(file: string, start: { line: number; character: number } | undefined, d: { severity: string; code: string; message: string }): string {
    return `${file}:${(start?.line ?? 0) + 1}:${(start?.character ?? 0) + 1} ${d.severity} ${d.code} ${d.message}`;
}

export function formatDiagnostic(file: string, d: RtcellDiagnostic): string {
    return formatAt(file, d.range.start, d);
}

export function formatExportDiagnostic(file: string, d: ExportDiagnostic): string {
    return formatAt(file, d.source?.start, d);
}

export function hasErrors(diagnostics: readonly RtcellDiagnostic[]): boolean {
    return diagnostics.some((d) => d.severity === 'error');
}
