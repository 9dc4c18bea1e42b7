/**
 * On a core time-shared by cells with different MemGuard budgets, the smallest budget is the one in force
 * (docs/analysis.md: the analysis's conservative reading) while the bandwidth sum counts the largest
 * (docs/semantics.md §7). The two must not be confused: a task's throttling budget, which the editor links to and
 * quick-fixes edit, is the smaller one; the memory result's share is the larger one.
 */
import { describe, expect, test } from 'vitest';
import { loadModelFromText } from '../../language/load.js';
import { analyzeSystem } from '../../simulator/analysis/index.js';

const TEXT = `system "shared-core" on zcu102
hypervisor jailhouse { memguard period 1 ms }
cell linux root { cores 0 colors 0..3 }
cell big {
  vcpu b0 on core 1 budget 2 ms period 10 ms
  colors 4..7
  budget 300 MB/s
  task heavy period 10 ms wcet 1 ms memory 64 KiB
}
cell small {
  vcpu s0 on core 1 budget 2 ms period 10 ms
  colors 8..11
  budget 100 MB/s
  task light period 10 ms wcet 1 ms memory 64 KiB
}
`;

describe('MemGuard on a time-shared core', () => {
    test('the throttling budget is the smaller one in force; the bandwidth share is the larger one', async () => {
        const { model, diagnostics } = await loadModelFromText(TEXT);
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const result = analyzeSystem(model!);
        const smallBudgetLine = TEXT.split('\n').findIndex((l) => l.includes('budget 100 MB/s'));
        for (const task of result.tasks) {
            expect(task.throttledBy?.bytesPerSecond, task.name).toBe(100_000_000);
            expect(task.throttledBy?.source?.start.line, task.name).toBe(smallBudgetLine);
        }
        expect(result.memory.cores).toEqual([{ core: 1, cell: 'big', bytesPerSecond: 300_000_000, eventsPerPeriod: 4687 }]);
        expect(result.memory.total).toBe(300_000_000);
    });
});
