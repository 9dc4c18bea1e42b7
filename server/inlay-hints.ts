/** `WCRT 1.23 ms · slack 0.77 ms` (or `misses by 0.4 ms`) after each flow, task and event; off with the setting. */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { InlayHintProvider } from 'langium/lsp';
import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import type { AnalysisService } from './analysis-service.js';
import { dominantTerm, hintText } from './format-terms.js';
import { resultOfElement } from './model-lookup.js';
import type { RtcellSettingsService } from './settings.js';
import type { ItemResult } from '../simulator/analysis/types.js';
import { formatDuration, formatPercent } from '../simulator/model/format.js';
import { BackgroundSimulation } from './background-simulation.js';
import type { ObservedItem } from './protocol.js';

export class RtcellInlayHintProvider implements InlayHintProvider {
    constructor(private readonly analysis: AnalysisService, private readonly settings: RtcellSettingsService, private readonly background?: BackgroundSimulation) {}

    getInlayHints(document: LangiumDocument, params: InlayHintParams): MaybePromise<InlayHint[] | undefined> {
        if (!this.settings.inlayHintsEnabled) return [];
        const entry = this.analysis.get(document);
        const result = entry.analysis;
        if (!result) return [];
        const { model, index } = entry.checked;
        const hints: InlayHint[] = [];
        const observation = this.settings.hintsShowObserved ? this.background?.get(document.uri.toString(), document.parseResult.value) : undefined;
        const elements = [...model.cells.flatMap((c) => [...c.tasks, ...c.events]), ...model.flows];
        for (const element of elements) {
            const node = index.nodeOf(element);
            const range = node?.$cstNode?.range;
            if (!range) continue;
            if (range.end.line < params.range.start.line || range.start.line > params.range.end.line) continue;
            const item = resultOfElement(result, model, element);
            if (!item) continue;
            const dominant = dominantTerm(item);
            hints.push({
                position: range.end,
                label: hintText(item) + observedHint(item, BackgroundSimulation.itemOf(observation, item.kind, item.name, item.owner)),
                kind: InlayHintKind.Type,
                paddingLeft: true,
                ...(item.wcrt === undefined && item.reason ? { tooltip: `${item.verdict}: ${item.reason}` }
                    : dominant ? { tooltip: `dominant term: ${dominant.label} (${formatDuration(dominant.value)})` } : {}),
            });
        }
        return hints;
    }
}

/** ` · observed 2.14 ms (67 %)` (share of the bound), or nothing when there is no observation. */
function observedHint(item: ItemResult, seen: ObservedItem | undefined): string {
    if (!seen || seen.max < 0) return '';
    const share = item.wcrt !== undefined && item.wcrt > 0 ? ` (${formatPercent(seen.max, item.wcrt)})` : '';
    return ` · observed ${formatDuration(seen.max)}${share}`;
}
