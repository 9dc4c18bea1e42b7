/**
 * The rtcell discrete-event simulator: the executable meaning of a configuration (docs/semantics.md).
 * Deterministic: the same model, duration, seed and scenario give the same result and trace, byte for byte.
 */
import type { SystemModel } from '../model/types.js';
import { Simulation } from './simulation.js';
import type { SimulateOptions, SimulationResult } from './types.js';

export { SCENARIOS, SimulationInputError } from './types.js';
export type { LatencyStatistics, Scenario, SimulateOptions, SimulationResult, SimulatedItemKind } from './types.js';

export function simulate(model: SystemModel, options: SimulateOptions): SimulationResult {
    return new Simulation(model, options).run();
}
