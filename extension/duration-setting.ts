/** Reads the `rtcell.simulation.duration` setting (`1 s`, `500ms`, `2.5 ms`) exactly; falls back to 1 s. */
import { parseDuration } from '../simulator/model/units.js';

export const DEFAULT_DURATION_NS = 1_000_000_000;

export function parseDurationSetting(text: string | undefined): number {
    const parsed = parseDuration(text ?? '');
    return parsed.ok ? parsed.value : DEFAULT_DURATION_NS;
}
