/** The extension's settings (declared in package.json `contributes.configuration`). */
import * as vscode from 'vscode';
import type { Scenario } from '../simulator/engine/types.js';
import { parseDurationSetting } from './duration-setting.js';

export interface SimulationSettings {
    durationNs: number;
    seed: number;
    scenario: Scenario;
}

export function simulationSettings(): SimulationSettings {
    const config = vscode.workspace.getConfiguration('rtcell');
    return {
        durationNs: parseDurationSetting(config.get<string>('simulation.duration', '1 s')),
        seed: config.get<number>('simulation.seed', 1),
        scenario: config.get<Scenario>('simulation.scenario', 'adversarial'),
    };
}
