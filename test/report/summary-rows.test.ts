import { describe, expect, test } from 'vitest';
import type { LatencyStatistics } from '../../simulator/engine/types.js';
import { summaryRows } from '../../simulator/report/summary-rows.js';

function stats(name: string, over: Partial<LatencyStatistics>): LatencyStatistics {
    return { kind: 'task', name, cell: 'c', qualifiedName: `c.${name}`, count: 10, max: 500, min: 100, mean: 300, p50: 300, p90: 400, p99: 500, maxJob: 3, maxFrom: 30, deadline: 1000, misses: 0, unfinished: 0, maxUnfinishedAge: 0, ...over };
}

describe('summary rows', () => {
    test('on time, late for each of the three reasons, unknown without a verdict', () => {
        const rows = summaryRows([
            stats('fine', {}),
            stats('missed', { misses: 1 }),
            stats('unsched', {}),
            stats('over', { max: 1500 }),
            stats('noanalysis', {}),
            stats('never', { count: 0 }),
        ], (s) => (s.name === 'noanalysis' ? undefined : { wcrt: 800, deadline: 1000, verdict: s.name === 'unsched' ? 'unschedulable' : 'schedulable' }));
        expect(rows.map((r) => [r.item, r.verdict])).toEqual([
            ['c.fine', 'ok'], ['c.missed', 'late'], ['c.unsched', 'late'], ['c.over', 'late'], ['c.noanalysis', 'unknown'], ['c.never', 'ok'],
        ]);
        expect(rows[0]).toMatchObject({ kind: 'task', bound: 800, observedMax: 500, deadline: 1000 });
        expect(rows[4]).toMatchObject({ bound: null, deadline: 1000 });
        expect(rows[5].observedMax).toBeNull();
    });
});
