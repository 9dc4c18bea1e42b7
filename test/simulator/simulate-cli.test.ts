/** `rtcell simulate`: exit codes, the table, --json, --trace, duration units. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/cli.js';
import { parseDuration } from '../../simulator/model/units.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/zcu102-broker.rtcell', import.meta.url));

async function run(argv: string[]) {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
    return { code, out, err };
}

const SCHEDULABLE = `system "ok" on zcu102
hypervisor jailhouse {
  broker dedicated on core 3 policy fixed-priority chunk 4 KiB dma gdma
}
cell a root { cores 0 }
cell b {
  cores 1
  task t period 10 ms wcet 1 ms priority 1
  event e irq 40 latency <= 50 us
}
flow f from a to b { size 8 KiB period 10 ms deadline 5 ms priority 1 }
`;

describe('rtcell simulate', () => {
    it('parses durations with units', () => {
        expect(parseDuration('1s')).toEqual({ ok: true, value: 1_000_000_000 });
        expect(parseDuration('500ms')).toEqual({ ok: true, value: 500_000_000 });
        expect(parseDuration('2 ms')).toEqual({ ok: true, value: 2_000_000 });
        expect(parseDuration('1.5 us')).toEqual({ ok: true, value: 1500 });
        expect(parseDuration('0.5 ns').ok).toBe(false);
        expect(parseDuration('3 parsecs').ok).toBe(false);
        expect(parseDuration('0 s').ok).toBe(false);
    });

    it('a schedulable system: table with bounds, exit 0; --json carries bounds and the table rows', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'rtcell-sim-'));
        const file = join(dir, 'ok.rtcell');
        writeFileSync(file, SCHEDULABLE);
        const r = await run(['simulate', file, '--duration', '100', 'ms', '--scenario', 'adversarial']);
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/^item\s+kind\s+count\s+max\s+mean\s+p99\s+misses\s+bound\s+verdict/m);
        expect(r.out).toMatch(/^f\s+flow\s+10\s/m);
        expect(r.out).toContain('no deadline missed');
        const json = await run(['simulate', file, '--duration=100ms', '--json', '--seed', '3', '--scenario', 'random']);
        expect(json.code).toBe(0);
        const parsed = JSON.parse(json.out);
        expect(parsed.scenario).toBe('random');
        expect(parsed.seed).toBe(3);
        const flow = parsed.flows[0];
        expect(flow.count).toBe(10);
        expect(flow.max).toBeLessThanOrEqual(flow.bound);
        expect(flow.verdict).toBe('schedulable');
    });

    it('a deadline miss gives exit 1; --trace writes the trace', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'rtcell-sim-'));
        const file = join(dir, 'late.rtcell');
        // hi (2 ms every 3 ms) leaves lo (2 ms, deadline 4 ms) finishing at 4 ms + 2 ms = 6 ms > 4 ms.
        writeFileSync(file, SCHEDULABLE.replace('task t period 10 ms wcet 1 ms priority 1',
            'task hi period 3 ms wcet 2 ms priority 2\n  task lo period 12 ms wcet 2 ms deadline 4 ms priority 1'));
        const out = join(dir, 'trace.json');
        const r = await run(['simulate', file, '--duration', '50ms', '--trace', out]);
        expect(r.code).toBe(1);
        expect(r.out).toMatch(/deadline miss\(es\): b\.lo/);
        const trace = JSON.parse(readFileSync(out, 'utf8'));
        expect(trace.format).toBe('rtcell-trace');
        expect(trace.duration).toBe(50_000_000);
        expect(trace.intervals.start.length).toBeGreaterThan(10);
    });

    it('bad usage, unreadable files and documents with errors: exit 2', async () => {
        expect((await run(['simulate'])).code).toBe(2);
        expect((await run(['simulate', EXAMPLE, '--scenario', 'chaotic'])).code).toBe(2);
        expect((await run(['simulate', EXAMPLE, '--duration', '1 parsec'])).code).toBe(2);
        expect((await run(['simulate', join(tmpdir(), 'no-such-file.rtcell')])).code).toBe(2);
        const dir = mkdtempSync(join(tmpdir(), 'rtcell-sim-'));
        const file = join(dir, 'bad.rtcell');
        writeFileSync(file, 'cell a { cores 9 }\n');
        const r = await run(['simulate', file]);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:\\d+ error [a-z-]+ `, 'm'));
    });
});
