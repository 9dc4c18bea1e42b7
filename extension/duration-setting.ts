/** Parses the `rtcell.simulation.duration` setting (`1 s`, `500ms`, `2.5 ms`) exactly; falls back to 1 s. */
import { UNITS, toBaseUnits } from '../simulator/model/units.js';

export const DEFAULT_DURATION_NS = 1_000_000_000;

export function parseDurationSetting(text: string | undefined): number {
    const m = /^\s*([0-9][0-9_]*(?:\.[0-9]+)?)\s*(ns|us|ms|s)\s*$/.exec(text ?? '');
    if (!m) return DEFAULT_DURATION_NS;
    const parsed = toBaseUnits(m[1], UNITS[m[2]].factor);
    return parsed.ok && parsed.value > 0 ? parsed.value : DEFAULT_DURATION_NS;
}
