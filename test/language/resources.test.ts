/**
 * Shared resources in the language (docs/semantics.md §9): how `resource` and `uses R for L` lower to the model, and
 * one diagnostic per way they can be wrong, at the text that causes it.
 */
import { describe, expect, test } from 'vitest';
import { loadModelFromText } from '../../language/load.js';
import { diagnosticsOf, lineOf } from './helpers.js';

const DOC = `system "res" on zcu102
resource bus shared with a, b
cell a root {
  cores 0
  resource log
  task hi period 10 ms wcet 2 ms priority 2 uses log for 1 ms uses bus for 200 us
  task lo period 20 ms wcet 3 ms priority 1 uses log for 500 us uses log for 1 ms
}
cell b {
  cores 1
  task x period 5 ms wcet 1 ms priority 1 uses bus for 300 us
}
`;

async function problems(text: string) {
    return (await diagnosticsOf(text)).filter((d) => d.severity !== 'info');
}

describe('resources lower to the model', () => {
    test('local and global resources, sections in order with their scope and length in ns', async () => {
        const { model, diagnostics } = await loadModelFromText(DOC);
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(model!.resources).toEqual([expect.objectContaining({ name: 'bus', scope: 'global', cells: ['a', 'b'] })]);
        const a = model!.cells[0];
        expect(a.resources).toEqual([expect.objectContaining({ name: 'log', scope: 'local', cells: ['a'] })]);
        expect(a.tasks[0].sections!.map((s) => [s.resource, s.scope, s.length])).toEqual([['log', 'local', 1_000_000], ['bus', 'global', 200_000]]);
        expect(a.tasks[1].sections!.map((s) => s.length)).toEqual([500_000, 1_000_000]);
        expect(a.tasks[0].sections![1].source!.start.line).toBe(lineOf(DOC, 'task hi'));
        expect(model!.cells[1].tasks[0].sections).toEqual([expect.objectContaining({ resource: 'bus', scope: 'global', length: 300_000 })]);
        expect(model!.cells[1].resources).toEqual([]);
    });
});

interface Case {
    name: string;
    from: string;
    to: string;
    code: string;
    at: string;
    severity?: 'error' | 'warning';
    says?: RegExp;
    /** Lines below `at` (a repeated line). */
    below?: number;
}

const CASES: Case[] = [
    { name: 'unknown resource', from: 'uses log for 1 ms uses bus', to: 'uses lgo for 1 ms uses bus', code: 'unknown-resource', at: 'task hi', says: /Unknown resource 'lgo'.*can use log, bus/ },
    { name: 'global resource not shared with the cell', from: 'shared with a, b', to: 'shared with a', code: 'resource-not-shared', at: 'task x', says: /shared with a, not with cell 'b'/ },
    { name: 'global resource without cells', from: 'resource bus shared with a, b', to: 'resource bus', code: 'resource-without-cells', at: 'resource bus' },
    { name: 'section longer than the WCET', from: 'wcet 1 ms priority 1 uses bus for 300 us', to: 'wcet 1 ms priority 1 uses bus for 3 ms', code: 'section-too-long', at: 'task x', says: /longer than the WCET of task 'x'/ },
    { name: 'sections together longer than the WCET', from: 'uses log for 500 us uses log for 1 ms', to: 'uses log for 2 ms uses log for 2 ms', code: 'section-too-long', at: 'task lo', says: /take 4 ms up to here/ },
    { name: 'section without a unit', from: 'uses bus for 300 us', to: 'uses bus for 300', code: 'missing-unit', at: 'task x' },
    { name: 'empty section', from: 'uses bus for 300 us', to: 'uses bus for 0 us', code: 'empty-section', at: 'task x' },
    { name: 'global resource in an EDF cell', from: '  cores 1\n', to: '  cores 1\n  scheduler edf\n', code: 'global-resource-edf', at: 'task x' },
    { name: 'duplicate local resource', from: '  resource log\n', to: '  resource log\n  resource log\n', code: 'duplicate-name', at: '  resource log', below: 1 },
    { name: 'unused resource', from: '  resource log\n', to: '  resource log\n  resource spare\n', code: 'unused-resource', at: 'resource spare', severity: 'warning' },
    {
        name: 'local resource used on two VCPUs', from: '  cores 0\n', to: '  vcpu v0 on core 0 budget 5 ms period 10 ms\n  vcpu v1 on core 2 budget 5 ms period 10 ms\n',
        code: 'local-resource-two-places', at: 'task lo', says: /task 'hi' uses it on VCPU v0, but task 'lo' runs on VCPU v1/,
    },
];

describe('the vMPCP budget policy', () => {
    test("'vmpcp overrun' sets the model's overrun, 'vmpcp enforced' and no block leave it off, twice is an error", async () => {
        const withBlock = (body: string) => DOC.replace('resource bus shared', `hypervisor jailhouse {\n  ${body}\n}\nresource bus shared`);
        expect((await loadModelFromText(withBlock('vmpcp overrun'))).model!.hypervisor.vcpuOverrun).toBe(true);
        expect((await loadModelFromText(withBlock('vmpcp enforced'))).model!.hypervisor.vcpuOverrun).toBeUndefined();
        expect((await loadModelFromText(DOC)).model!.hypervisor.vcpuOverrun).toBeUndefined();
        const boosted = (await loadModelFromText(withBlock('vmpcp enforced boost'))).model!.hypervisor;
        expect([boosted.vcpuOverrun, boosted.vcpuBoost]).toEqual([undefined, true]);
        expect((await loadModelFromText(withBlock('vmpcp overrun'))).model!.hypervisor.vcpuBoost).toBeUndefined();
        const twice = await problems(withBlock('vmpcp overrun\n  vmpcp enforced'));
        expect(twice.map((d) => d.code)).toContain('duplicate-attribute');
    });
});

describe('resource diagnostics', () => {
    test('the document is clean', async () => {
        expect((await problems(DOC)).map((d) => d.message)).toEqual([]);
    });
    test.each(CASES)('$name', async (c) => {
        let text = DOC.replace(c.from, c.to);
        if (c.code === 'local-resource-two-places') text = text.replace('priority 1 uses log for 500 us', 'priority 1 on v1 uses log for 500 us').replace('priority 2 uses log', 'priority 2 on v0 uses log');
        expect(text).not.toBe(DOC);
        const found = (await problems(text)).filter((d) => d.code === c.code);
        expect(found.length, JSON.stringify((await problems(text)).map((d) => [d.code, d.message]))).toBeGreaterThan(0);
        const d = found[0];
        expect(d.severity).toBe(c.severity ?? 'error');
        expect(d.range.start.line).toBe(lineOf(text, c.at) + (c.below ?? 0));
        if (c.says) expect(d.message).toMatch(c.says);
    });
});
