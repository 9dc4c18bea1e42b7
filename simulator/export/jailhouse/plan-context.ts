/** Shared state while planning an export: the model, the chosen coloring and the diagnostics collected so far. */
import type { Cell, SourceRange, SystemModel } from '../../model/types.js';
import type { ExportDiagnostic, ExportSeverity } from '../export-diagnostic.js';
import type { ColorGeometry } from './colored-layout.js';
import type { ColoringOption } from './plan-types.js';

export class PlanContext {
    readonly diagnostics: ExportDiagnostic[] = [];
    readonly geometry: ColorGeometry;

    constructor(
        readonly model: SystemModel,
        readonly coloring: ColoringOption,
    ) {
        this.geometry = { pageSize: model.platform.pageSize, numColors: model.platform.colors };
    }

    report(severity: ExportSeverity, code: string, message: string, source?: SourceRange): void {
        this.diagnostics.push(source ? { severity, code, message, source } : { severity, code, message });
    }

    get rootCell(): Cell | undefined {
        return this.model.cells.find((c) => c.root);
    }

    cellNamed(name: string): Cell | undefined {
        return this.model.cells.find((c) => c.name === name);
    }
}

export function hex(value: number): string {
    return `0x${value.toString(16)}`;
}

/** File-name form of a name: lower-case, `-` for every other run of characters. */
export function fileSlug(name: string): string {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    return slug.length > 0 ? slug : 'system';
}
