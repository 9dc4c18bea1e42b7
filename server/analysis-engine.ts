/**
 * What the language server needs from the analysis and the simulator, as one injectable service. main.ts passes the
 * real implementations (simulator/analysis, simulator/engine); tests can pass the same, so the server never hides
 * which analysis it runs.
 */
import type { AnalysisReuse } from '../simulator/analysis/index.js';
import type { AnalysisResult } from '../simulator/analysis/types.js';
import type { SimulateOptions, SimulationResult } from '../simulator/engine/types.js';
import type { SystemModel } from '../simulator/model/types.js';

/** What to compute beyond verdicts and bounds (see simulator/analysis/index.ts `AnalyzeOptions`). */
export interface AnalysisDepth {
    /** Search the fixes of unschedulable items (binary searches re-running the analysis: the expensive part). */
    fixes: boolean;
    /** Compute the guests' minimal VCPU interfaces. */
    interfaces: boolean;
    /** The previous version's flow and task results, reused where their inputs are unchanged (quick analysis only). */
    reuse?: AnalysisReuse;
}

export interface AnalysisEngine {
    analyze(model: SystemModel, depth: AnalysisDepth): AnalysisResult;
    simulate?(model: SystemModel, options: SimulateOptions): SimulationResult;
}
