/**
 * A small, fully known trace for the browser tests: every interval's lane, times and item are computed here, so a
 * test can ask the renderer "what is at the pixel where interval N should be" and know the answer.
 *
 * Lanes: core 0 (linux), core 1 (sensor: tasks, hypervisor sections, throttling), core 2, control/v0, core 3,
 * broker, gdma ch0 (camera chunks), flow camera, and a flow whose name is an HTML injection attempt.
 */
import { INTERVAL_KINDS, MARKER_KINDS, type IntervalKind, type MarkerKind, type Trace } from '../../simulator/model/trace.js';
import type { SourceRange } from '../../simulator/model/types.js';

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
export const MS = 1_000_000;
export const US = 1_000;

export function range(line: number, uri = 'file:///work/example.rtcell'): SourceRange {
    return { uri, start: { line, character: 2 }, end: { line, character: 40 } };
}

export interface SyntheticTrace {
    trace: Trace;
    /** Interval ids worth pointing at, by role. */
    ids: { acquireJob3: number; filterJob0: number; throttled: number; chunk5: number; hostileSpan: number; loopJob2: number; linux: number };
    lane: Record<'core0' | 'core1' | 'core2' | 'vcpu' | 'core3' | 'broker' | 'dma' | 'flowCamera' | 'flowHostile', number>;
    item: Record<'acquire' | 'filter' | 'loop' | 'camera' | 'hostile' | 'broker' | 'hypervisor', number>;
}

export function buildSyntheticTrace(): SyntheticTrace {
    const trace: Trace = {
        format: 'rtcell-trace', version: 1, duration: 100 * MS, truncated: false,
        lanes: [
            { kind: 'core', name: 'core 0', source: range(20) },
            { kind: 'core', name: 'core 1', source: range(27) },
            { kind: 'core', name: 'core 2' },
            { kind: 'vcpu', name: 'control/v0', source: range(39) },
            { kind: 'core', name: 'core 3' },
            { kind: 'broker', name: 'broker', source: range(14) },
            { kind: 'dma', name: 'gdma ch0' },
            { kind: 'flow', name: 'flow camera', source: range(49) },
            { kind: 'flow', name: `flow ${HOSTILE_NAME}`, source: range(53) },
        ],
        items: [
            { kind: 'task', name: 'acquire', source: range(33) },
            { kind: 'task', name: 'filter', source: range(34) },
            { kind: 'task', name: 'loop', source: range(46) },
            { kind: 'flow', name: 'camera', source: range(49) },
            { kind: 'flow', name: HOSTILE_NAME, source: range(53) },
            { kind: 'broker', name: 'broker', source: range(14) },
            { kind: 'hypervisor', name: 'hypervisor' },
        ],
        intervals: { lane: [], start: [], end: [], kind: [], item: [], job: [] },
        markers: { lane: [], time: [], kind: [], item: [], job: [] },
    };
    const lane = { core0: 0, core1: 1, core2: 2, vcpu: 3, core3: 4, broker: 5, dma: 6, flowCamera: 7, flowHostile: 8 };
    const item = { acquire: 0, filter: 1, loop: 2, camera: 3, hostile: 4, broker: 5, hypervisor: 6 };
    const add = (l: number, start: number, end: number, kind: IntervalKind, it: number, job: number): number => {
        const iv = trace.intervals;
        iv.lane.push(l); iv.start.push(Math.round(start)); iv.end.push(Math.round(end)); iv.kind.push(INTERVAL_KINDS.indexOf(kind)); iv.item.push(it); iv.job.push(job);
        return iv.lane.length - 1;
    };
    const mark = (l: number, time: number, kind: MarkerKind, it: number, job: number): void => {
        const m = trace.markers;
        m.lane.push(l); m.time.push(Math.round(time)); m.kind.push(MARKER_KINDS.indexOf(kind)); m.item.push(it); m.job.push(job);
    };
    const ids = { acquireJob3: -1, filterJob0: -1, throttled: -1, chunk5: -1, hostileSpan: -1, loopJob2: -1, linux: -1 };

    // core 1: acquire every 10 ms for 1.2 ms, filter every 20 ms for 3 ms after it; a hypervisor section before each
    // acquire job; MemGuard throttling in the 4th period.
    for (let k = 0; k < 10; k++) {
        const release = k * 10 * MS;
        add(lane.core1, release, release + 6 * US, 'hypervisor', item.hypervisor, -1);
        const id = add(lane.core1, release + 6 * US, release + 6 * US + 1.2 * MS, 'task', item.acquire, k);
        if (k === 3) ids.acquireJob3 = id;
        mark(lane.core1, release, 'release', item.acquire, k);
        mark(lane.core1, release + 6 * US + 1.2 * MS, 'completion', item.acquire, k);
        mark(lane.core1, release + 10 * MS, 'deadline', item.acquire, k);
        if (k % 2 === 0) {
            const j = k / 2;
            const id2 = add(lane.core1, release + 1.3 * MS, release + 4.3 * MS, 'task', item.filter, j);
            if (j === 0) ids.filterJob0 = id2;
            mark(lane.core1, release, 'release', item.filter, j);
            mark(lane.core1, release + 15 * MS, 'deadline', item.filter, j);
        }
    }
    ids.throttled = add(lane.core1, 34.3 * MS, 35 * MS, 'throttled', -1, -1);
    // control/v0: loop every 5 ms, 1 ms; job 7 misses its deadline.
    for (let k = 0; k < 20; k++) {
        const release = k * 5 * MS;
        const id = add(lane.vcpu, release + 0.5 * MS, release + 1.5 * MS, 'task', item.loop, k);
        if (k === 2) ids.loopJob2 = id;
        mark(lane.vcpu, release, 'release', item.loop, k);
    }
    mark(lane.vcpu, 40 * MS, 'miss', item.loop, 7);
    // core 3 runs the broker; one camera message every 10 ms in 16 chunks of 4 KiB (41 us DMA each) on gdma ch0.
    for (let k = 0; k < 10; k++) {
        const release = k * 10 * MS + 0.1 * MS;
        for (let c = 0; c < 16; c++) {
            const t = release + c * 50 * US;
            add(lane.core3, t, t + 3 * US, 'broker', item.broker, -1);
            add(lane.broker, t, t + 3 * US, 'broker', item.camera, k);
            const chunk = add(lane.dma, t + 3 * US, t + 44 * US, 'chunk', item.camera, k);
            if (k === 0 && c === 5) ids.chunk5 = chunk;
            mark(lane.core3, t + 45 * US, 'ipi', item.camera, k);
        }
        add(lane.flowCamera, release, release + 16 * 50 * US, 'transfer', item.camera, k);
        mark(lane.flowCamera, release, 'release', item.camera, k);
        mark(lane.flowCamera, release + 16 * 50 * US, 'completion', item.camera, k);
    }
    // The hostile flow: two overlapping spans (stacked on two rows).
    ids.hostileSpan = add(lane.flowHostile, 60 * MS, 75 * MS, 'transfer', item.hostile, 0);
    add(lane.flowHostile, 70 * MS, 80 * MS, 'transfer', item.hostile, 1);
    // core 0: Linux busy in long stretches.
    ids.linux = add(lane.core0, 0, 30 * MS, 'task', -1, -1);
    add(lane.core0, 50 * MS, 90 * MS, 'task', -1, -1);
    // core 2: idle.
    add(lane.core2, 0, 100 * MS, 'idle', -1, -1);
    return { trace, ids, lane, item };
}
