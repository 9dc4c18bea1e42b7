/**
 * A published example with blocking, from the .rtcell text to the numbers (issue 16 item 3):
 * examples/published/davis-can-blocking.rtcell. Source: Davis, Burns, Bril & Lukkien 2007, "Controller Area Network
 * (CAN) schedulability analysis: Refuted, revisited and revised", Real-Time Systems 35(3), §3: messages A, B, C of
 * 1 ms, periods 2.5, 3.5, 3.5 ms, D = T, A > B > C. Published blocking terms (the longest lower-priority frame):
 * B_A = 1 ms, B_B = 1 ms, B_C = 0; published response times: A 2 ms, B 3 ms, C 3.5 ms (C at its second instance).
 * The file maps each message to a task whose whole WCET is a section on one local resource, whose ceiling (msgA's
 * priority) makes a started job non-preemptive, as a frame on the bus is.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModelFromFile } from '../../language/load.js';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import type { AnalysisResult } from '../../simulator/analysis/types.js';
import { simulate } from '../../simulator/engine/index.js';
import type { SystemModel } from '../../simulator/model/types.js';
import { termsAddUp } from './builder.js';

const MS = 1_000_000;
const MESSAGES = ['msgA', 'msgB', 'msgC'];

async function loadPublished(file: string): Promise<SystemModel> {
    const path = fileURLToPath(new URL(`../../examples/published/${file}`, import.meta.url));
    const { model, diagnostics } = await loadModelFromFile(path);
    expect(diagnostics.filter((d) => d.severity === 'error'), `${file} must be a valid document`).toEqual([]);
    expect(model).toBeDefined();
    return model!;
}

const task = (r: AnalysisResult, name: string) => r.tasks.find((t) => t.name === name)!;
const blocking = (r: AnalysisResult, name: string) => task(r, name).terms.find((t) => t.id === 'blocking')?.value ?? 0;

describe('Davis, Burns, Bril & Lukkien 2007 §3 as tasks sharing one resource (examples/published/davis-can-blocking.rtcell)', () => {
    it('the blocking terms are the published B_m: 1 ms, 1 ms and none, each set by a less urgent job on `medium`', async () => {
        const r = analyzeSystem(await loadPublished('davis-can-blocking.rtcell'));
        expect(MESSAGES.map((n) => blocking(r, n))).toEqual([1 * MS, 1 * MS, 0]);
        // msgA: both less urgent tasks hold `medium` for 1 ms; the first of them in the file is named.
        expect(task(r, 'msgA').blockedBy).toEqual([expect.objectContaining({ kind: 'local', resource: 'medium', task: 'msgB', length: 1 * MS })]);
        expect(task(r, 'msgB').blockedBy).toEqual([expect.objectContaining({ kind: 'local', resource: 'medium', task: 'msgC', length: 1 * MS })]);
        expect(task(r, 'msgC').blockedBy).toBeUndefined();
        expect(r.tasks.every((t) => termsAddUp(t))).toBe(true);
    });

    it('msgA: the published 2 ms exactly (blocking 1 ms + its own 1 ms)', async () => {
        const a = task(analyzeSystem(await loadPublished('davis-can-blocking.rtcell')), 'msgA');
        expect(a.wcrt).toBe(2 * MS);
        expect(a.verdict).toBe('schedulable');
    });

    // The publication's B 3 ms and C 3.5 ms use non-preemption of the analysed frame itself: once B starts at 2 ms,
    // A's release at 2.5 ms waits. A task whose whole WCET is one section under a ceiling at or above every more
    // urgent priority runs non-preemptively, so rtcell uses the paper's non-preemptive analysis for it
    // (simulator/analysis/fp-nonpreemptive.ts, docs/analysis.md §10.1): latest start s_q = B + q·C + Σ_hp
    // (⌊s_q/T_j⌋ + 1)·C_j over every job of the level's busy period, R = max_q s_q + C − q·T.
    //   msgB: s_0 = 1 + 1 = 2 → R = 3 ms;   msgC: busy period 7 ms (2 jobs), s_1 = 1 + 3 + 2 = 6 → R = 6 + 1 − 3.5 = 3.5 ms.
    it('msgB and msgC: the published 3 and 3.5 ms exactly (C at its second job), both schedulable', async () => {
        const r = analyzeSystem(await loadPublished('davis-can-blocking.rtcell'));
        expect([task(r, 'msgB').wcrt, task(r, 'msgC').wcrt]).toEqual([3 * MS, 3.5 * MS]);
        expect(task(r, 'msgC').criticalJob).toBe(1);
        expect([task(r, 'msgB').verdict, task(r, 'msgC').verdict]).toEqual(['schedulable', 'schedulable']);
    });

    // With the section shortened to half the WCET the job is preemptive again after it: the general recurrence
    // with blocking applies (Audsley et al. 1993), which lets more urgent jobs preempt (sound, larger).
    it('a section shorter than the WCET falls back to the preemptive recurrence with blocking', async () => {
        const model = await loadPublished('davis-can-blocking.rtcell');
        for (const t of model.cells[0].tasks) t.sections = t.sections!.map((s) => ({ ...s, length: 0.5 * MS }));
        const r = analyzeSystem(model);
        // msgB: w = 0.5 + 1 + ⌈w/2.5⌉ → 2.5 → 2.5 ms;  msgC: w = 1 + ⌈w/2.5⌉ + ⌈w/3.5⌉ → 3 → 4 → 5 → 5 ms.
        expect([task(r, 'msgB').wcrt, task(r, 'msgC').wcrt]).toEqual([2.5 * MS, 5 * MS]);
    });

    // The executable meaning plays the published worst cases: the adversarial scenario releases msgC 1 ns before the
    // others (it takes `medium` first), which gives A and B the published 2 and 3 ms less that 1 ns; the synchronous
    // scenario gives C's second job the published 3.5 ms (A's second release at 2.5 ms, then B and C's).
    it('the simulator reaches the published 2, 3 and 3.5 ms and never a deadline miss nor a bound', async () => {
        const model = await loadPublished('davis-can-blocking.rtcell');
        const bounds = analyzeSystem(model);
        const adversarial = simulate(model, { durationNs: 200 * MS, scenario: 'adversarial' });
        const synchronous = simulate(model, { durationNs: 200 * MS, scenario: 'synchronous' });
        const max = (run: typeof adversarial, name: string) => run.tasks.find((t) => t.qualifiedName === `bus.${name}`)!.max;
        expect(max(adversarial, 'msgA')).toBe(2 * MS - 1);
        expect(max(adversarial, 'msgB')).toBe(3 * MS - 1);
        expect(max(synchronous, 'msgC')).toBe(3.5 * MS);
        for (const run of [adversarial, synchronous]) {
            expect(run.deadlineMisses).toBe(0);
            for (const name of MESSAGES) {
                expect(max(run, name)).toBeLessThanOrEqual(Math.min(task(bounds, name).wcrt!, task(bounds, name).deadline!));
            }
        }
    });

    it('without the sections there is no blocking and the jobs preempt each other (the resource is what blocks)', async () => {
        const model = await loadPublished('davis-can-blocking.rtcell');
        for (const t of model.cells[0].tasks) t.sections = [];
        const r = analyzeSystem(model);
        expect(MESSAGES.map((n) => blocking(r, n))).toEqual([0, 0, 0]);
        // Preemptive rate-monotonic: A 1, B 2, C w = 1 + ⌈w/2.5⌉ + ⌈w/3.5⌉ → 3 → 4 → 5 → 5 ms.
        expect(MESSAGES.map((n) => task(r, n).wcrt)).toEqual([1 * MS, 2 * MS, 5 * MS]);
        const sim = simulate(model, { durationNs: 200 * MS, scenario: 'adversarial' });
        expect(sim.tasks.find((t) => t.qualifiedName === 'bus.msgA')!.max).toBe(1 * MS);
    });
});
