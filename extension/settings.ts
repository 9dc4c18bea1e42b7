/** The extension's settings (declared in package.json `contributes.configuration`). */
import * as vscode from 'vscode';
import { DEFAULT_SIMULATION_NS } from '../server/protocol.js';
import type { Scenario } from '../simulator/engine/types.js';
import { parseDuration } from '../simulator/model/units.js';

export interface SimulationSettings {
    durationNs: number;
    seed: number;
    scenario: Scenario;
}

export function simulationSettings(): SimulationSettings {
    const config = vscode.workspace.getConfiguration('rtcell');
    // `1 s`, `500ms`, `2.5 ms`, read exactly; a value the schema's pattern let through but the parser refuses falls back.
    const duration = parseDuration(config.get<string>('simulation.duration', '1 s'));
    return {
        durationNs: duration.ok ? duration.value : DEFAULT_SIMULATION_NS,
        seed: config.get<number>('simulation.seed', 1),
        scenario: config.get<Scenario>('simulation.scenario', 'adversarial'),
    };
}
