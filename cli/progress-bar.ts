/**
 * A progress line for long runs on a terminal (`rtcell simulate`): redrawn in place on stderr at most every 200 ms,
 * erased when the run ends. Only when stderr is a TTY, so pipes, files and CI logs never see it.
 */
import { formatTime } from '../simulator/model/units.js';

export interface ProgressBar {
    /** Reports the simulated time reached (ns). */
    update(doneNs: number): void;
    /** Erases the line. */
    end(): void;
}

const WIDTH = 30;
const REDRAW_MS = 200;

/** A progress bar towards `totalNs` on `stream`, or undefined when `stream` is not a terminal. */
export function terminalProgress(totalNs: number, stream: NodeJS.WriteStream = process.stderr): ProgressBar | undefined {
    if (!stream.isTTY) return undefined;
    const started = Date.now();
    let last = 0;
    let drawn = false;
    return {
        update(doneNs) {
            const now = Date.now();
            if (now - last < REDRAW_MS) return;
            last = now;
            const fraction = Math.min(1, Math.max(0, doneNs / totalNs));
            const filled = Math.round(fraction * WIDTH);
            const elapsed = (now - started) / 1000;
            const eta = fraction > 0 ? elapsed / fraction - elapsed : 0;
            stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)} %  `
                + `${formatTime(doneNs)} of ${formatTime(totalNs)} simulated, ~${eta.toFixed(0)} s left \x1b[K`);
            drawn = true;
        },
        end() {
            if (drawn) stream.write('\r\x1b[K');
        },
    };
}
