/** The editor's cursor names the timeline item to highlight: the innermost declaration that holds it. */
import { describe, expect, it } from 'vitest';
import { itemAtPosition } from '../../extension/item-at-position.js';
import { loadModelFromFile } from '../../language/load.js';
import { EXAMPLES_DIR } from '../language/helpers.js';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

describe('item at the cursor', () => {
    it('finds the task, flow or event whose declaration holds the cursor, and nothing between declarations', async () => {
        const file = join(EXAMPLES_DIR, 'zcu102-broker.rtcell');
        const { model } = await loadModelFromFile(file);
        const items = [
            ...model!.flows.map((f) => ({ name: f.name, source: f.source })),
            ...model!.cells.flatMap((c) => [...c.tasks, ...c.events].map((t) => ({ name: t.name, source: t.source }))),
        ];
        const lines = readFileSync(file, 'utf8').split('\n');
        const at = (needle: string, delta = 0) => {
            const line = lines.findIndex((l) => l.includes(needle));
            expect(line, needle).toBeGreaterThanOrEqual(0);
            return itemAtPosition(items, { line, character: lines[line].indexOf(needle) + delta });
        };
        expect(at('flow camera', 5)).toBe('camera');
        const task = model!.cells.flatMap((c) => c.tasks)[0];
        expect(at(`task ${task.name}`, 2)).toBe(task.name);
        // Inside a flow's block, on a line of its own: still that flow.
        expect(at('size 64 KiB period 10 ms', 3)).toBe('camera');
        expect(at('hypervisor jailhouse')).toBeUndefined();
    });

    it('prefers the innermost range and ignores items without a source', () => {
        const outer = { name: 'outer', source: { start: { line: 1, character: 0 }, end: { line: 9, character: 1 } } };
        const inner = { name: 'inner', source: { start: { line: 3, character: 2 }, end: { line: 3, character: 40 } } };
        expect(itemAtPosition([outer, inner, { name: 'nowhere' }], { line: 3, character: 10 })).toBe('inner');
        expect(itemAtPosition([inner, outer], { line: 4, character: 0 })).toBe('outer');
        expect(itemAtPosition([inner, outer], { line: 3, character: 40 })).toBe('inner');
        expect(itemAtPosition([inner, outer], { line: 10, character: 0 })).toBeUndefined();
    });
});
