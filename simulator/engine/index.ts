/**
 * The rtcell discrete-event simulator: the executable meaning of a configuration (docs/semantics.md).
 * Deterministic: the same model, duration, seed and scenario give the same result and trace, byte for byte.
 */
import type { SystemModel } from '../model/types.js';
import { Simulation } from './simulation.js';
import type { SimulateOptions, SimulationResult } from './types.js';

export { SCENARIOS, SimulationInputError } from './types.js';
export { CollectingTraceSink, INTERVAL_COLUMNS, MARKER_COLUMNS, teeTraceSinks } from './trace-sink.js';
export type { IntervalBlock, MarkerBlock, TraceSink, TraceSummary } from './trace-sink.js';
export type { LatencyStatistics, Scenario, SimulateOptions, SimulationResult, SimulatedItemKind } from './types.js';

export function simulate(model: SystemModel, options: SimulateOptions): SimulationResult {
    return new Simulation(model, options).run();
}
