/**
 * A simulated latency above its analysed bound is never silent: the contract is sim <= bound, so an observation above
 * the bound means the analysis (or the simulator) is wrong. Each such item gets an error at its name, carrying what is
 * needed to save a reproduction (the quick-fix runs SAVE_REPRODUCTION_COMMAND).
 */
import { GrammarUtils } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import type { ModelIndex } from '../language/lowering/source-range.js';
import type { AnalysisResult } from '../simulator/analysis/types.js';
import { formatDuration } from '../simulator/model/format.js';
import type { SystemModel } from '../simulator/model/types.js';
import { BackgroundSimulation, type Observation } from './background-simulation.js';
import { elementOfItem } from './model-lookup.js';
import { ANALYSIS_CODES, type AnalysisDiagnosticData } from './protocol.js';

export function disagreementDiagnostics(observation: Observation, analysis: AnalysisResult, model: SystemModel, index: ModelIndex): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const item of [...analysis.flows, ...analysis.tasks, ...analysis.events]) {
        if (item.wcrt === undefined) continue;
        const seen = BackgroundSimulation.itemOf(observation, item.kind, item.name, item.owner);
        if (!seen || seen.max <= item.wcrt) continue;
        const element = elementOfItem(model, item);
        const node = element && index.nodeOf(element);
        const cst = node?.$cstNode;
        if (!node || !cst) continue;
        const range = GrammarUtils.findNodeForProperty(cst, 'name')?.range ?? cst.range;
        const who = `${item.kind} '${item.name}'${item.kind !== 'flow' && item.owner ? ` (cell '${item.owner}')` : ''}`;
        const data: AnalysisDiagnosticData = {
            code: ANALYSIS_CODES.simulationExceedsBound, kind: item.kind, name: item.name, ...(item.owner !== undefined ? { owner: item.owner } : {}),
            wcrt: item.wcrt, ...(item.deadline !== undefined ? { deadline: item.deadline } : {}),
            observed: { max: seen.max, scenario: seen.scenario, seed: seen.seed, job: seen.job, durationNs: observation.durationNs },
        };
        out.push({
            range, severity: 1, source: 'rtcell', code: ANALYSIS_CODES.simulationExceedsBound, data,
            message: `The simulator observed ${formatDuration(seen.max)} for ${who}, above its analysed bound of ${formatDuration(item.wcrt)} `
                + `(${seen.scenario} scenario, seed ${seen.seed}, job ${seen.job}): the analysis and the simulator disagree, which is a bug. `
                + 'Save a reproduction (quick-fix) and report it.',
        });
    }
    return out;
}
