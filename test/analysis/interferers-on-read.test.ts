// A fixed-priority task's interferer list is built when it is read (simulator/analysis/interferers-on-read.ts): it
// must read as the list the analysis defines (every more urgent task with work in the window, in declaration order,
// then the flows' hypervisor work), in the same place among the item's fields, for every way a result is consumed.
import { describe, expect, it } from 'vitest';
import { writeAnalysisJson } from '../../cli/analysis-json.js';
import { analyzeSystem } from '../../simulator/analysis/index.js';
import { copyItem, interferersPending, setInterferersOnRead } from '../../simulator/analysis/interferers-on-read.js';
import type { Interferer, ItemResult } from '../../simulator/analysis/types.js';
import type { Task } from '../../simulator/model/types.js';
import { cell, flow, system, task } from './builder.js';

const MS = 1_000_000;

/** 30 tasks on core 1 with ties, zero WCETs and jitter, and one flow into the core (IRQ work of the dedicated broker). */
function model() {
    const tasks: Task[] = Array.from({ length: 30 }, (_, i) => task(`t${i}`, i % 7 === 3 ? 0 : 2_000 + 37 * i, (1 + (i % 5)) * MS * (1 + Math.floor(i / 10)), {
        priority: 40 - Math.floor(i / 2) * 2 - (i % 3 === 0 ? 1 : 0), jitter: i % 4 === 1 ? 50_000 : 0, placement: { core: 1 },
    }));
    return system({
        cells: [cell('host', { root: true, cores: [0] }), cell('app', { cores: [1], tasks }), cell('peer', { cores: [2] })],
        flows: [flow('f', 'peer', 'app', 8_192, 10 * MS)],
        overheads: { irqEntry: 1_000, notify: 500 },
    });
}

const isUnread = interferersPending;

describe('interferers read on demand', () => {
    it('are the more urgent tasks with work, in declaration order, then the flow work, and are built only when read', () => {
        const m = model();
        const tasks = m.cells[1].tasks;
        const result = analyzeSystem(m, { fixes: false, interfaces: false });
        expect(result.tasks).toHaveLength(30);
        for (const item of result.tasks) {
            const me = tasks.find((t) => t.name === item.name)!;
            expect(item.wcrt, item.name).toBeDefined();
            expect(isUnread(item), item.name).toBe(true);
            const expected = tasks.filter((t) => t !== me && t.priority >= me.priority && t.wcet > 0).map((t) => t.name);
            const list = item.interferers;
            expect(isUnread(item)).toBe(false);
            expect(list.filter((x) => x.kind === 'task').map((x) => x.name), item.name).toEqual(expected);
            expect(list.filter((x) => x.kind === 'task').every((x) => x.relation === 'higher-priority' && x.owner === 'app')).toBe(true);
            expect(list.filter((x) => x.kind !== 'task')).toEqual([{ kind: 'broker-work', name: 'f', source: undefined, relation: 'notification' }]);
            expect(item.interferers).toBe(list); // built once
            // The interference term names as many tasks as the list holds.
            expect(item.terms.find((t) => t.id === 'interference')!.explanation).toContain(`jobs of ${expected.length} more urgent task(s)`);
        }
    });

    it('serialise, clone and compare as the plain list, in the same place among the fields', () => {
        const m = model();
        const lazy = analyzeSystem(m, { fixes: false, interfaces: false });
        const item = lazy.tasks[20];
        expect(isUnread(item)).toBe(true);
        const keys = Object.keys(item);
        expect(keys.indexOf('interferers')).toBe(keys.indexOf('terms') + 1);
        const text = JSON.stringify(lazy);
        const clone = structuredClone(lazy);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(clone)));
        const item21 = lazy.tasks[21] as unknown as Record<string, unknown>;
        expect(Object.keys(JSON.parse(JSON.stringify(item21)))).toEqual(Object.keys(item21).filter((k) => item21[k] !== undefined));
        expect(clone.tasks[20].interferers.length).toBeGreaterThan(5);
        expect({ ...lazy.tasks[22] }.interferers).toEqual(lazy.tasks[22].interferers);
    });

    it('stay unread in a copy, and a list assigned replaces them', () => {
        const built: number[] = [];
        const entry: Interferer = { kind: 'task', name: 'x', relation: 'higher-priority' };
        const item: ItemResult = { kind: 'task', name: 'a', verdict: 'schedulable', terms: [], interferers: [] };
        setInterferersOnRead(item, () => { built.push(1); return [entry]; });
        const copy = copyItem(item);
        expect(isUnread(copy)).toBe(true);
        expect(built).toHaveLength(0);
        expect(copy.interferers).toEqual([entry]);
        expect(isUnread(item)).toBe(false); // the copy read the original's list
        expect(item.interferers).toBe(copy.interferers);
        expect(built).toHaveLength(1);
        const other: ItemResult = { kind: 'task', name: 'b', verdict: 'schedulable', terms: [], interferers: [] };
        setInterferersOnRead(other, () => { throw new Error('not to be built'); });
        other.interferers = [];
        expect(other.interferers).toEqual([]);
    });

    it('are not built by the JSON writer unless --interferers asks for them', async () => {
        const result = analyzeSystem(model(), { fixes: false, interfaces: false });
        let text = '';
        const sink = { write: (t: string) => { text += t; }, drained: async () => undefined };
        await writeAnalysisJson(result, sink, { interferers: false });
        expect(result.tasks.every(isUnread)).toBe(true);
        expect(JSON.parse(text).tasks[5].interferers).toBeUndefined();
        text = '';
        await writeAnalysisJson(result, sink, { interferers: true });
        expect(JSON.parse(text).tasks[5].interferers.length).toBe(result.tasks[5].interferers.length);
    });
});
