/**
 * Documents for the soak run (bench/soak.ts): valid systems generated from a seed and printed as .rtcell text, the
 * examples, and mutations of both (characters deleted or duplicated, lines dropped or repeated, numbers replaced by
 * extreme values, keywords and names swapped in, garbage inserted, the text cut short). Deterministic: document k of
 * a seed is the same on every run, so a crash is reproduced by its number.
 */
import { defaultOverheads, zcu102Preset } from '../simulator/model/presets.js';
import type { Cell, Flow, SystemModel, Task } from '../simulator/model/types.js';
import { printRtcell } from '../simulator/engine/rtcell-printer.js';
import { rng } from './analysis-shapes.js';

const MS = 1_000_000;
const US = 1_000;

function pick<T>(rand: () => number, xs: readonly T[]): T {
    return xs[Math.floor(rand() * xs.length)];
}

/** A small random valid-looking system: whole-core or VCPU cells, FP or EDF, flows through either broker. */
export function randomSystem(rand: () => number): SystemModel {
    const cells: Cell[] = [];
    const cellCount = 1 + Math.floor(rand() * 4);
    for (let c = 0; c < cellCount; c++) {
        const vcpu = rand() < 0.3;
        const core = c % 4;
        const tasks: Task[] = [];
        const n = Math.floor(rand() * 5);
        for (let i = 0; i < n; i++) {
            const period = pick(rand, [1, 2, 5, 10, 20, 100]) * MS;
            const wcet = Math.max(1, Math.floor(period * rand() * 0.3));
            tasks.push({
                name: `t${c}_${i}`, period, sporadic: rand() < 0.2, wcet, bcet: Math.floor(wcet * rand()) || 1, deadline: rand() < 0.8 ? period : Math.floor(period / 2),
                priority: 1 + Math.floor(rand() * 5), priorityDeclared: true, jitter: rand() < 0.7 ? 0 : Math.floor(rand() * 100) * US,
                memoryRefills: rand() < 0.6 ? 0 : Math.floor(rand() * 2000), placement: vcpu ? { core, vcpu: 'v' } : { core },
            });
        }
        const vPeriod = pick(rand, [1, 2, 5]) * MS;
        cells.push({
            name: `cell${c}`, root: c === 0, cores: vcpu ? [] : [core], vcpus: vcpu ? [{ name: 'v', core, budget: Math.max(1, Math.floor(vPeriod * (0.2 + rand() * 0.8))), period: vPeriod }] : [],
            scheduler: rand() < 0.3 ? 'edf' : 'fixed-priority', colors: [], banks: [], memory: [], sharedWith: [], tasks,
            events: rand() < 0.2 ? [{ name: `e${c}`, irq: 40 + c, latencyBound: rand() < 0.5 ? 50 * US : undefined, placement: vcpu ? { core, vcpu: 'v' } : { core } }] : [],
            ...(rand() < 0.4 ? { budget: { bytesPerSecond: 100_000_000, eventsPerPeriod: 1562 } } : {}),
        });
    }
    const flows: Flow[] = [];
    const flowCount = cellCount > 1 ? Math.floor(rand() * 4) : 0;
    for (let i = 0; i < flowCount; i++) {
        const period = pick(rand, [2, 5, 10, 20]) * MS;
        const from = Math.floor(rand() * cellCount);
        flows.push({
            name: `f${i}`, from: `cell${from}`, to: `cell${(from + 1) % cellCount}`, size: pick(rand, [64, 1000, 4096, 65_536, 1_000_000]), period, sporadic: rand() < 0.2,
            deadline: period, priority: 1 + Math.floor(rand() * 4), priorityDeclared: true, jitter: 0, chunkSize: pick(rand, [1024, 4096]),
        });
    }
    const floating = rand() < 0.4;
    return {
        name: 'soak', platform: zcu102Preset(), cells, flows,
        hypervisor: {
            kind: 'jailhouse', memguardPeriod: MS, overheads: defaultOverheads(),
            broker: {
                mode: floating ? 'floating' : 'dedicated', ...(floating ? {} : { core: 3 }), policy: rand() < 0.5 ? 'edf' : 'fixed-priority', chunkSize: 4096, dma: 'gdma',
                ...(rand() < 0.4 ? { dmaBudget: { bytesPerSecond: 200_000_000, bytesPerPeriod: 200_000 } } : {}),
            },
        },
    };
}

const EXTREME_NUMBERS = ['0', '-1', '1', '999999999999999999999', '1e308', '0.0000001', '4294967296', '9007199254740993', '00', '1.5', ''];
const INSERTS = [
    'cell', 'task', 'flow', 'core', 'cores', 'vcpu', 'budget', 'period', 'wcet', '{', '}', '"', '//', '/*', '->', ':', ';', '..',
    'ms', 'us', 'ns', 's', 'B', 'KiB', 'MB/s', 'GB/s', 'Hz', '\u0000', '\uFEFF', '\u202E', '\u001b[31m', 'é', '🙂', '\t', '\r', '\n\n',
];

/** One random mutation of `text`. */
export function mutate(text: string, rand: () => number): string {
    if (text.length === 0) return pick(rand, INSERTS);
    const at = Math.floor(rand() * text.length);
    switch (Math.floor(rand() * 9)) {
        case 0: { // delete a short range
            const len = 1 + Math.floor(rand() * 20);
            return text.slice(0, at) + text.slice(at + len);
        }
        case 1: { // duplicate a short range
            const len = 1 + Math.floor(rand() * 40);
            return text.slice(0, at) + text.slice(at, at + len) + text.slice(at);
        }
        case 2: { // replace a number by an extreme one
            const numbers = [...text.matchAll(/\d+(\.\d+)?/g)];
            if (numbers.length === 0) return text;
            const m = pick(rand, numbers);
            return text.slice(0, m.index) + pick(rand, EXTREME_NUMBERS) + text.slice(m.index! + m[0].length);
        }
        case 3: // insert a token
            return text.slice(0, at) + pick(rand, INSERTS) + text.slice(at);
        case 4: { // drop a line
            const lines = text.split('\n');
            lines.splice(Math.floor(rand() * lines.length), 1);
            return lines.join('\n');
        }
        case 5: { // repeat a line (duplicate declarations)
            const lines = text.split('\n');
            const k = Math.floor(rand() * lines.length);
            lines.splice(k, 0, lines[k]);
            return lines.join('\n');
        }
        case 6: // cut short
            return text.slice(0, at);
        case 7: { // swap a name for another word of the text
            const words = [...text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)];
            if (words.length < 2) return text;
            const a = pick(rand, words);
            return text.slice(0, a.index) + pick(rand, words)[0] + text.slice(a.index! + a[0].length);
        }
        default: { // random bytes
            let junk = '';
            const len = 1 + Math.floor(rand() * 8);
            for (let k = 0; k < len; k++) junk += String.fromCharCode(Math.floor(rand() * 0x3000));
            return text.slice(0, at) + junk + text.slice(at);
        }
    }
}

/** Document k of the soak run with `seed`: a generated or example system, then none (40 %) or 1–4 mutations. */
export function soakDocument(seed: number, k: number, examples: readonly string[]): string {
    const rand = rng((seed * 1_000_003 + k * 7919) >>> 0);
    rand();
    let text = examples.length > 0 && rand() < 0.25 ? pick(rand, examples) : printRtcell(randomSystem(rand));
    // 40 % stay valid (they reach the analysis and the simulator), the rest get 1–4 mutations.
    const mutations = rand() < 0.4 ? 0 : 1 + Math.floor(rand() * 4);
    for (let m = 0; m < mutations; m++) text = mutate(text, rand);
    return text;
}
