/**
 * The non-preemptive job analysis (simulator/analysis/fp-nonpreemptive.ts) against the published example of Davis,
 * Burns, Bril & Lukkien 2007, "Controller Area Network (CAN) schedulability analysis: Refuted, revisited and revised",
 * Real-Time Systems 35(3), §3: A, B, C of 1 ms each, periods 2.5, 3.5, 3.5 ms, A > B > C, blocking 1, 1, 0 ms;
 * published response times A 2 ms, B 3 ms, C 3.5 ms (C's worst case is its second job, the case the original
 * analysis missed).
 */
import { describe, expect, it } from 'vitest';
import { fpNonPreemptiveResponseTime } from '../../simulator/analysis/fp-nonpreemptive.js';
import type { RtaTask } from '../../simulator/analysis/fp-rta.js';

const MS = 1_000_000;
const HORIZON = 1e13;
const frame = (period: number, blocking: number): RtaTask => ({ wcet: 1 * MS, period, deadline: period, jitter: 0, blocking });
const A = frame(2.5 * MS, 1 * MS);
const B = frame(3.5 * MS, 1 * MS);
const C = frame(3.5 * MS, 0);

describe('non-preemptive jobs (Davis, Burns, Bril & Lukkien 2007 §3)', () => {
    it('gives the published response times 2, 3 and 3.5 ms, C at its second job', () => {
        const a = fpNonPreemptiveResponseTime(A, [], HORIZON);
        const b = fpNonPreemptiveResponseTime(B, [A], HORIZON);
        const c = fpNonPreemptiveResponseTime(C, [A, B], HORIZON);
        expect([a.wcrt, b.wcrt, c.wcrt]).toEqual([2 * MS, 3 * MS, 3.5 * MS]);
        expect(c.criticalJob).toBe(1);
        // C's level-3 busy period is 7 ms (two of its jobs).
        expect(c.busyPeriod).toBe(7 * MS);
    });

    it('breaks the bound down into terms that add up: blocking, own jobs, interference until the start, backlog', () => {
        const c = fpNonPreemptiveResponseTime(C, [A, B], HORIZON);
        const d = c.breakdown!;
        // Job 1 starts at 6 ms: its own first job (1), A's jobs released at 0, 2.5 and 5 ms (3), B's at 0 and 3.5 ms (2).
        expect(d.perInterferer).toEqual([3 * MS, 2 * MS]);
        expect(d.own).toBe(2 * MS);
        expect(d.blocking + d.own + d.interference + d.extra + d.supplyDelay + d.backlogShift + d.jitter).toBe(c.wcrt);
    });

    it('counts a more urgent job released exactly at the start (it runs first), and release jitter', () => {
        // B alone with A released at 0 and every 1 ms: B's job waits for A's job at 0, then A's at 1 ms is released at
        // the instant B could start (1 ms), so B starts at 2 ms: R = 3 ms.
        const fast = { wcet: 1 * MS, period: 2 * MS, deadline: 2 * MS, jitter: 0 };
        expect(fpNonPreemptiveResponseTime({ ...B, blocking: 0 }, [{ ...fast, period: 1 * MS }], HORIZON).wcrt).toBeUndefined(); // A alone fills the core
        expect(fpNonPreemptiveResponseTime({ ...B, blocking: 0 }, [fast], HORIZON).wcrt).toBe(2 * MS);
        // With 1 ms of jitter on A, its second job can come at 1 ms: B starts at 2 ms, R = 3 ms; with B's own jitter 0.5 ms, 3.5 ms.
        expect(fpNonPreemptiveResponseTime({ ...B, blocking: 0 }, [{ ...fast, jitter: 1 * MS }], HORIZON).wcrt).toBe(3 * MS);
        expect(fpNonPreemptiveResponseTime({ ...B, blocking: 0, jitter: 0.5 * MS }, [{ ...fast, jitter: 1 * MS }], HORIZON).wcrt).toBe(3.5 * MS);
    });
});
