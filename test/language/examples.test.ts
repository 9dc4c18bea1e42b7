import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadModelFromText } from '../../language/load.js';
import { exampleFiles, lineOf, readExample } from './helpers.js';

describe('bundled examples', () => {
    const valid = exampleFiles().filter((f) => !basename(f).startsWith('broken'));

    test('there are the examples the README promises', () => {
        const names = exampleFiles().map((f) => basename(f));
        expect(names).toEqual(expect.arrayContaining(['zcu102-broker.rtcell', 'zcu102-floating.rtcell', 'reservations.rtcell', 'broken.rtcell']));
    });

    test.each(valid)('%s parses, validates without errors and lowers to a JSON-serialisable model', async (file) => {
        const { model, diagnostics } = await loadModelFromText(readFileSync(file, 'utf8'), `file://${file}`);
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(model).toBeDefined();
        expect(JSON.parse(JSON.stringify(model))).toEqual(model);
        for (const cell of model!.cells) {
            expect(cell.source?.uri).toBe(`file://${file}`);
            for (const task of cell.tasks) {
                expect(Number.isInteger(task.wcet) && Number.isInteger(task.period)).toBe(true);
            }
        }
    });

    test('the dedicated-broker example lowers with exact units and the documented defaults', async () => {
        const { model } = await loadModelFromText(readExample('zcu102-broker.rtcell'));
        expect(model!.platform.clockHz).toBe(1_200_000_000);
        expect(model!.platform.colors).toBe(16);
        expect(model!.hypervisor.overheads).toEqual({ notify: 1500, dispatch: 2000, dmaSetup: 800, ipi: 1000, irqEntry: 500, nonPreemptible: 6000 });
        expect(model!.hypervisor.broker).toMatchObject({ mode: 'dedicated', core: 3, policy: 'fixed-priority', chunkSize: 4096, dma: 'gdma' });
        // 400 MB/s over a 1 ms MemGuard period: 400,000 bytes per period.
        expect(model!.hypervisor.broker!.dmaBudget).toMatchObject({ bytesPerSecond: 400_000_000, bytesPerPeriod: 400_000 });
        const sensor = model!.cells.find((c) => c.name === 'sensor')!;
        // 200 MB/s = 200e6 B/s · 1 ms / 64 B = 3125 LLC refills per period.
        expect(sensor.budget).toMatchObject({ bytesPerSecond: 200_000_000, eventsPerPeriod: 3125 });
        expect(sensor.memory[0]).toMatchObject({ phys: 0x8_1000_0000, virt: 0, size: 256 * 2 ** 20, colored: true });
        const filter = sensor.tasks.find((t) => t.name === 'filter')!;
        expect(filter).toMatchObject({ period: 20_000_000, wcet: 3_000_000, bcet: 1_000_000, deadline: 15_000_000, jitter: 200_000, priority: 1, memoryRefills: 4096 });
        const acquire = sensor.tasks.find((t) => t.name === 'acquire')!;
        expect(acquire.deadline).toBe(acquire.period);
        const camera = model!.flows.find((f) => f.name === 'camera')!;
        expect(camera).toMatchObject({ from: 'sensor', to: 'control', size: 65536, period: 10_000_000, deadline: 4_000_000, jitter: 100_000, chunkSize: 4096 });
        const telemetry = model!.flows.find((f) => f.name === 'telemetry')!;
        expect(telemetry.sporadic).toBe(true);
        const control = model!.cells.find((c) => c.name === 'control')!;
        expect(control.tasks[0].placement).toEqual({ core: 2, vcpu: 'v0' });
        expect(acquire.source!.start.line).toBe(lineOf(readExample('zcu102-broker.rtcell'), 'task acquire'));
    });

    test('the floating example frees the broker core for Linux', async () => {
        const { model } = await loadModelFromText(readExample('zcu102-floating.rtcell'));
        expect(model!.hypervisor.broker!.mode).toBe('floating');
        expect(model!.hypervisor.broker!.core).toBeUndefined();
        expect(model!.cells.find((c) => c.root)!.cores).toEqual([0, 3]);
    });

    test('the reservation example has several VCPUs per core with guest task sets', async () => {
        const { model } = await loadModelFromText(readExample('reservations.rtcell'));
        const vcpusOnCore1 = model!.cells.flatMap((c) => c.vcpus).filter((v) => v.core === 1);
        expect(vcpusOnCore1.map((v) => v.name).sort()).toEqual(['g0', 'm0']);
        const gateway = model!.cells.find((c) => c.name === 'gateway')!;
        expect(gateway.tasks.find((t) => t.name === 'log')!.placement).toEqual({ core: 2, vcpu: 'g1' });
        const motor = model!.cells.find((c) => c.name === 'motor')!;
        // No declared priority: deadline-monotonic defaults (shorter deadline = more urgent = larger number).
        const pwm = motor.tasks.find((t) => t.name === 'pwm')!;
        const speed = motor.tasks.find((t) => t.name === 'speed')!;
        expect(pwm.priority).toBeGreaterThan(speed.priority);
        expect(motor.events[0].placement).toEqual({ core: 1, vcpu: 'm0' });
    });

    test('the broken example shows most diagnostics, each on its own line', async () => {
        const text = readExample('broken.rtcell');
        const { model, diagnostics } = await loadModelFromText(text);
        expect(model).toBeUndefined();
        const found = new Set(diagnostics.map((d) => d.code));
        for (const code of ['core-broker-conflict', 'bandwidth-overcommit', 'out-of-range', 'color-overlap', 'region-alignment',
            'unit-kind', 'duplicate-name', 'deadline-above-period', 'core-conflict', 'bank-overlap', 'memory-overlap',
            'cell-without-cpu', 'vcpu-overload', 'missing-unit', 'flow-self', 'linking-error']) {
            expect(found, code).toContain(code);
        }
        // No cascade: a period that failed to parse is not also reported as "not positive".
        expect(found).not.toContain('not-positive');
    });
});
