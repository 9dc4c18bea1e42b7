/** How every command prints diagnostics: `file:line:col severity code message`, 1-based like compilers do. */
import type { RtcellDiagnostic } from '../language/load.js';

export function formatDiagnostic(file: string, d: RtcellDiagnostic): string {
    return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`;
}

export function hasErrors(diagnostics: readonly RtcellDiagnostic[]): boolean {
    return diagnostics.some((d) => d.severity === 'error');
}
