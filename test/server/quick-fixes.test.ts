// Every quick-fix is applied to the text and the document re-validated: the diagnostic it was offered for must be gone.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { BASE, mutate } from '../language/helpers.js';
import type { AnalysisDiagnosticData } from '../../server/protocol.js';
import { Rtcell, applyEdits, open } from './helpers.js';

interface Applied { title: string; after: string; remaining: Diagnostic[] }

function matches(d: Diagnostic, code: string, name?: string): boolean {
    return d.code === code && (name === undefined || (d.data as AnalysisDiagnosticData | undefined)?.name === name);
}

/** Offers the fixes for the first diagnostic with `code` (and item `name`), applies each, re-validates. */
async function applyEachFix(text: string, code: string, name?: string): Promise<Applied[]> {
    const document = await open(text);
    const diagnostic = (document.diagnostics ?? []).find((d) => matches(d as Diagnostic, code, name)) as Diagnostic | undefined;
    expect(diagnostic, `expected a '${code}' diagnostic${name ? ` for '${name}'` : ''}; got ${JSON.stringify(document.diagnostics?.map((d) => d.code))}`).toBeDefined();
    const actions = await Rtcell.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.uri.toString() }, range: diagnostic!.range, context: { diagnostics: [diagnostic!] as never },
    });
    const applied: Applied[] = [];
    for (const action of actions ?? []) {
        if (!('edit' in action) || !action.edit?.changes) continue;
        const edits = action.edit.changes[document.uri.toString()] ?? [];
        const after = applyEdits(text, edits as never);
        const revalidated = await open(after);
        applied.push({ title: action.title, after, remaining: (revalidated.diagnostics ?? []).filter((d) => matches(d as Diagnostic, code, name)) as Diagnostic[] });
    }
    return applied;
}

function expectFixed(applied: Applied[], titleStart: string): Applied {
    const fix = applied.find((a) => a.title.startsWith(titleStart));
    expect(fix, `no fix '${titleStart}…' among ${JSON.stringify(applied.map((a) => a.title))}`).toBeDefined();
    expect(fix!.remaining, `after '${fix!.title}':\n${fix!.after}`).toEqual([]);
    return fix!;
}

describe('structural quick-fixes', () => {
    it('replaces overlapping colors with free ones of the same count', async () => {
        const text = mutate('colors 12..15', 'colors 10..13');
        const applied = await applyEachFix(text, 'color-overlap');
        const fix = expectFixed(applied, 'Use free cache colors');
        // 0..7 linux, 8..11 sensor: the four free colors are 12..15, contiguous.
        expect(fix.after).toContain('colors 12..15');
        expect(fix.after.replace('colors 12..15', 'colors 10..13')).toBe(text);
    });

    it('scales every budget down to fit the guaranteed bandwidth', async () => {
        const text = mutate('budget 800 MB/s', 'budget 3000 MB/s');
        const applied = await applyEachFix(text, 'bandwidth-overcommit');
        const fix = expectFixed(applied, 'Scale all memory budgets');
        expect(fix.after).not.toContain('3000 MB/s');
        expect((await open(fix.after)).diagnostics?.filter((d) => d.severity === 1 && d.code === 'not-positive')).toEqual([]);
    });

    it('keeps events as events when scaling', async () => {
        const text = mutate('budget 800 MB/s', 'budget 50000 events');
        const fix = expectFixed(await applyEachFix(text, 'bandwidth-overcommit'), 'Scale all memory budgets');
        expect(fix.after).toMatch(/budget \d+ events/);
    });
});

describe('analysis quick-fixes', () => {
    it('raises the DMA budget to the smallest feasible value', async () => {
        const text = mutate('budget 400 MB/s', 'budget 16 MB/s');
        const fix = expectFixed(await applyEachFix(text, 'unschedulable-flow', 'camera'), 'Raise the DMA budget');
        expect(fix.after).toMatch(/dma gdma budget [0-9.]+ [KMG]?B\/s/);
    });

    it('relaxes an event latency bound to the smallest that holds', async () => {
        const text = mutate('latency <= 50 us', 'latency <= 1 us');
        const fix = expectFixed(await applyEachFix(text, 'event-latency', 'can_rx'), 'Relax the latency bound');
        expect(fix.after).not.toContain('latency <= 1 us');
    });

    it('sets a VCPU budget to the guest\'s minimal interface', async () => {
        expectFixed(await applyEachFix(BASE, 'unschedulable-task', 'loop'), "Set the budget of VCPU 'v0'");
    });

    it('reorders priorities (Audsley) when that alone makes the set feasible', async () => {
        const text = mutate('  task acquire period 10 ms wcet 1 ms memory 2 MiB priority 2\n',
            '  task big period 10 ms wcet 4 ms priority 2\n  task quick period 5 ms wcet 2 ms deadline 3 ms priority 1\n');
        const fix = expectFixed(await applyEachFix(text, 'unschedulable-task', 'quick'), 'Reorder priorities');
        expect(fix.after).toMatch(/task quick period 5 ms wcet 2 ms deadline 3 ms priority \d+/);
    });

    it('raises a MemGuard core budget when memory stalls make a task late', async () => {
        const text = mutate('task acquire period 10 ms wcet 1 ms memory 2 MiB priority 2', 'task acquire period 10 ms wcet 1 ms deadline 5 ms memory 1 MiB priority 2');
        const fix = expectFixed(await applyEachFix(text, 'unschedulable-task', 'acquire'), 'Raise the MemGuard budget of core 1');
        expect(fix.after).not.toContain('budget 200 MB/s');
    });

    it('offers every fix the analysis found, and each one works', async () => {
        const cases: Array<[string, string, string]> = [
            [mutate('budget 400 MB/s', 'budget 16 MB/s'), 'unschedulable-flow', 'camera'],
            [mutate('task acquire period 10 ms wcet 1 ms memory 2 MiB priority 2', 'task acquire period 10 ms wcet 1 ms deadline 5 ms memory 1 MiB priority 2'), 'unschedulable-task', 'acquire'],
            [mutate('latency <= 50 us', 'latency <= 1 us'), 'event-latency', 'can_rx'],
        ];
        for (const [text, code, name] of cases) {
            const applied = await applyEachFix(text, code, name);
            expect(applied.length).toBeGreaterThan(0);
            for (const fix of applied) expect(fix.remaining, `'${fix.title}' left the diagnostic:\n${fix.after}`).toEqual([]);
        }
    });
});

describe('fixes a person would accept', () => {
    it('keeps the file\'s unit and scale, and offers a rounded fix with the margin beside the exact minimum', async () => {
        const text = mutate('budget 400 MB/s', 'budget 16 MB/s');
        const applied = await applyEachFix(text, 'unschedulable-flow', 'camera');
        const dma = applied.filter((a) => a.title.startsWith('Raise the DMA budget'));
        expect(dma.map((a) => a.title)).toEqual([
            expect.stringMatching(/^Raise the DMA budget to \d+(\.\d{1,3})? MB\/s \(smallest that makes flow 'camera' meet its deadline\)$/),
            expect.stringMatching(/^Raise the DMA budget to \d+(\.\d)? MB\/s \(10 % above the smallest\)$/),
        ]);
        const exact = Number(/ to (\d+(?:\.\d+)?) MB\/s/.exec(dma[0].title)![1]);
        const padded = Number(/ to (\d+(?:\.\d+)?) MB\/s/.exec(dma[1].title)![1]);
        // 10 % above, rounded up to three significant digits (21.846 -> 24.031 -> 24.1).
        expect(padded).toBeGreaterThanOrEqual(exact * 1.1);
        expect(padded).toBeLessThan(exact * 1.1 + 0.1);
        for (const fix of dma) expect(fix.remaining).toEqual([]);
        expect(dma[1].after).toContain(`dma gdma budget ${padded} MB/s`);
    });

    it('writes a relaxed deadline in the unit the item already uses', async () => {
        const text = mutate('flow camera from sensor to control { size 64 KiB period 10 ms deadline 4 ms', 'flow camera from sensor to control { size 64 KiB period 10 ms deadline 40 us');
        const applied = await applyEachFix(text, 'unschedulable-flow', 'camera');
        const relax = applied.filter((a) => a.title.startsWith('Relax the deadline'));
        expect(relax.length).toBe(2);
        expect(relax[0].title).toMatch(/to \d+(\.\d{1,3})? us \(smallest that holds\)$/);
        expect(relax[1].title).toMatch(/to \d+ us \(10 % above the smallest\)$/);
        expect(relax[1].after).toMatch(/deadline \d+ us/);
        for (const fix of relax) expect(fix.remaining).toEqual([]);
    });

    it('offers the same MemGuard fix for every late task of one core', async () => {
        const text = mutate('  task acquire period 10 ms wcet 1 ms memory 2 MiB priority 2\n',
            '  task acquire period 10 ms wcet 1 ms deadline 5 ms memory 1 MiB priority 2\n  task fetch period 20 ms wcet 1 ms deadline 8 ms memory 2 MiB priority 1\n');
        const first = (await applyEachFix(text, 'unschedulable-task', 'acquire')).filter((a) => a.title.startsWith('Raise the MemGuard budget of core 1'));
        const second = (await applyEachFix(text, 'unschedulable-task', 'fetch')).filter((a) => a.title.startsWith('Raise the MemGuard budget of core 1'));
        expect(first.length).toBeGreaterThan(0);
        expect(first.map((a) => a.title)).toEqual(second.map((a) => a.title));
        expect(first[0].title).toMatch(/to \d+(\.\d{1,3})? MB\/s = \d+ events per period$/);
        // The one edit clears both tasks (loop, on another core, stays late).
        for (const fix of first) {
            const after = await open(fix.after);
            expect(after.diagnostics?.filter((d) => d.code === 'unschedulable-task' && ['acquire', 'fetch'].includes((d.data as AnalysisDiagnosticData).name ?? ''))).toEqual([]);
        }
    });
});

describe('structural repairs', () => {
    /** Applies the one repair offered for `code` and checks that no diagnostic with that code is left. */
    async function repair(text: string, code: string, titleStart: string, nth = 0): Promise<Applied> {
        const document = await open(text);
        const diagnostic = (document.diagnostics ?? []).filter((d) => d.code === code)[nth] as Diagnostic | undefined;
        expect(diagnostic, `no '${code}' in ${JSON.stringify(document.diagnostics?.map((d) => d.code))}`).toBeDefined();
        const actions = await Rtcell.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() }, range: diagnostic!.range, context: { diagnostics: [diagnostic!] as never },
        });
        const action = (actions ?? []).find((a) => a.title.startsWith(titleStart));
        expect(action, `no '${titleStart}…' among ${JSON.stringify(actions?.map((a) => a.title))}`).toBeDefined();
        const edits = ('edit' in action! && action.edit?.changes?.[document.uri.toString()]) || [];
        const after = applyEdits(text, edits as never);
        const revalidated = await open(after);
        const remaining = (revalidated.diagnostics ?? []).filter((d) => d.code === code) as Diagnostic[];
        expect(remaining, `after '${action!.title}':\n${after}`).toEqual([]);
        return { title: action!.title, after, remaining };
    }

    it('adds the unit of that kind the file uses most', async () => {
        const fix = await repair(mutate('task loop period 5 ms', 'task loop period 5'), 'missing-unit', "Add the unit 'ms'");
        expect(fix.after).toContain('task loop period 5 ms wcet 1 ms');
    });

    it('moves a misaligned region to the next page boundary, keeping the digit grouping', async () => {
        const fix = await repair(mutate('memory ram at 0x8_2000_0000', 'memory ram at 0x8_2000_0100'), 'region-alignment', "Move the start of 'ram' to the next page boundary");
        expect(fix.after).toContain('memory ram at 0x8_2000_1000 size 128 MiB');
    });

    it('rounds a region size up to whole pages in its unit', async () => {
        const fix = await repair(mutate('memory ram at 0x8_2000_0000 size 128 MiB', 'memory ram at 0x8_2000_0000 size 4097 B'), 'region-alignment', "Round the size of 'ram' up to 8192 B");
        expect(fix.after).toContain('size 8192 B colored');
    });

    it('gives a cell a free core instead of one another cell owns', async () => {
        const fix = await repair(mutate('  cores 1\n', '  cores 0\n'), 'core-conflict', "Give cell 'sensor' core 1 instead of 0");
        expect(fix.after).toContain('  cores 1\n');
    });

    it('moves a VCPU off a core a cell owns', async () => {
        const fix = await repair(mutate('vcpu v0 on core 2', 'vcpu v0 on core 1'), 'core-conflict', "Put VCPU 'v0' on core 2");
        expect(fix.after).toContain('vcpu v0 on core 2 budget');
    });

    it('moves an overlapping region to the next address where it fits', async () => {
        const text = mutate('memory ram at 0x8_2000_0000 size 128 MiB colored', 'memory ram at 0x8_1000_0000 size 128 MiB');
        const fix = await repair(text, 'memory-overlap', "Move region 'ram' to 0x");
        // sensor's colored 256 MiB region spans 1 GiB of physical memory from 0x8_1000_0000 (4 of 16 colors).
        expect(fix.after).toContain('memory ram at 0x8_5000_0000 size 128 MiB');
    });

    it('renames a duplicate to the first free name, leaving the first declaration alone', async () => {
        const fix = await repair(mutate('cell control {', 'cell sensor {'), 'duplicate-name', "Rename this 'sensor' to 'sensor_2'");
        expect(fix.after).toContain('cell sensor_2 {');
        expect(fix.after.match(/cell sensor \{/g)).toHaveLength(1);
    });
});
