/**
 * The event queue (simulator/engine/event-queue.ts) against the plainest model of its contract: events come out by
 * time, simultaneous ones in the order they were queued, with their fields intact. Random interleavings of pushes and
 * pops, times never before the current instant, including times past 2^32 ns and bursts at one instant.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../simulator/engine/event-queue.js';

interface Queued {
    time: number;
    seq: number;
    type: number;
    arg: number;
    version: number;
}

/** An operation: pop one event, or push one at `delay` after the current time (scaled by `scale`). */
type Op = { pop: true } | { pop: false; delay: number; scale: number; type: number; arg: number; version: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
    fc.constant<Op>({ pop: true }),
    fc.record({
        pop: fc.constant(false as const),
        // Zero often (simultaneous events), small, and large delays; scales reach past 2^32 and near 2^53.
        delay: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 2 ** 20 })),
        scale: fc.constantFrom(1, 1000, 2 ** 31, 2 ** 40),
        type: fc.integer({ min: 1, max: 10 }),
        arg: fc.integer({ min: 0, max: 1000 }),
        version: fc.integer({ min: 0, max: 2 ** 40 }),
    }),
);

describe('event queue', () => {
    it('pops by time, then in queueing order, with the fields pushed', () => {
        fc.assert(
            fc.property(fc.array(opArbitrary, { minLength: 1, maxLength: 600 }), (ops) => {
                const q = new EventQueue(2); // a tiny pool, so that it grows during the run
                const model: Queued[] = [];
                let now = 0;
                let seq = 0;
                for (const op of ops) {
                    if (op.pop) {
                        if (model.length === 0) continue;
                        model.sort((a, b) => a.time - b.time || a.seq - b.seq);
                        const expected = model.shift()!;
                        expect(q.peekTime()).toBe(expected.time);
                        q.pop();
                        expect([q.poppedTime, q.poppedType, q.poppedArg, q.poppedVersion]).toEqual([expected.time, expected.type, expected.arg, expected.version]);
                        expect(q.hasMoreNow()).toBe(model.some((e) => e.time === expected.time));
                        now = expected.time;
                    } else {
                        const time = Math.min(now + op.delay * op.scale, Number.MAX_SAFE_INTEGER);
                        q.push(time, op.type, op.arg, op.version);
                        model.push({ time, seq: seq++, type: op.type, arg: op.arg, version: op.version });
                    }
                    expect(q.size).toBe(model.length);
                }
            }),
            { numRuns: 300 },
        );
    });

    it('refuses an event before the current time', () => {
        const q = new EventQueue();
        q.push(10, 1, 0);
        q.push(20, 1, 0);
        expect(q.peekTime()).toBe(10);
        q.pop();
        expect(() => q.push(9, 1, 0)).toThrow(/queued after time 10/);
        q.push(10, 2, 0);
        expect(q.peekTime()).toBe(10);
    });
});
