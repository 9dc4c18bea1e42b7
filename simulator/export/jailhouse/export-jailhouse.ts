/**
 * `exportJailhouse`: a system model to the files that deploy it on a ZCU102 under Jailhouse — the system (root cell)
 * configuration, one configuration per inmate cell, the regulation script and a JSON summary of the export plan.
 * Pure: no I/O; deterministic for golden tests. With any error diagnostic no files are produced.
 */
import type { SystemModel } from '../../model/types.js';
import { hasExportErrors, type ExportResult } from '../export-diagnostic.js';
import { fileSlug } from './plan-context.js';
import { buildPlan } from './plan.js';
import type { ColoringOption, JailhousePlan } from './plan-types.js';
import { renderInmateCell, renderSystemConfig } from './render-c.js';
import { renderRegulationScript } from './render-script.js';

export interface JailhouseExportOptions {
    coloring: ColoringOption;
}

export const COLORING_OPTIONS: readonly ColoringOption[] = ['minerva', 'bu', 'none'];

/** The machine-readable summary written beside the C files (the plan, as JSON). */
export function summaryJson(plan: JailhousePlan): string {
    return `${JSON.stringify(plan, null, 2)}\n`;
}

export function exportJailhouse(model: SystemModel, options: JailhouseExportOptions): ExportResult {
    if (!COLORING_OPTIONS.includes(options.coloring)) {
        return { files: [], diagnostics: [{ severity: 'error', code: 'export-bad-option', message: `coloring must be one of ${COLORING_OPTIONS.join(', ')}, not '${String(options.coloring)}'.` }] };
    }
    let built: ReturnType<typeof buildPlan>;
    try {
        built = buildPlan(model, options.coloring);
    } catch (error) {
        // Bad input must not crash the caller: a model that breaks an invariant becomes a diagnostic.
        const message = error instanceof Error ? error.message : String(error);
        return { files: [], diagnostics: [{ severity: 'error', code: 'export-invalid-model', message: `the model cannot be exported: ${message}` }] };
    }
    const { plan, diagnostics } = built;
    if (hasExportErrors(diagnostics)) return { files: [], diagnostics };

    const system = fileSlug(model.name);
    const files = [];
    for (const cell of plan.cells) {
        files.push({ path: cell.file, content: cell.root ? renderSystemConfig(plan, cell) : renderInmateCell(plan, cell) });
    }
    files.push({ path: `${system}-regulation.sh`, content: renderRegulationScript(plan, model.platform.llc.lineSize) });
    files.push({ path: `${system}-export.json`, content: summaryJson(plan) });
    return { files, diagnostics };
}
