/** The engine the shipped server runs: the project's analysis and simulator. */
import { analyzeSystem } from '../simulator/analysis/index.js';
import { simulate } from '../simulator/engine/index.js';
import type { AnalysisEngine } from './analysis-engine.js';

export const DEFAULT_ENGINE: AnalysisEngine = {
    analyze: (model, depth) => analyzeSystem(model, depth),
    simulate: (model, options) => simulate(model, options),
};
