// One voice (issue 15, item 7): interference labels that match the broker mode, bandwidth in units, the
// bandwidth-overcommit related information naming exactly the cores that count, and `unbounded` as the one word.
import { describe, expect, it } from 'vitest';
import { mutate, readExample } from '../language/helpers.js';
import { formatTable } from '../../simulator/analysis/format-table.js';
import { Rtcell, hoverAt, open } from './helpers.js';

describe('one voice', () => {
    it('calls a flow\'s work on a task\'s core a notification with a dedicated broker, floating-broker work with a floating one', async () => {
        const dedicated = await hoverAt(readExample('zcu102-broker.rtcell'), 'task acquire', 6);
        expect(dedicated).toMatch(/Interfering: .*broker-work camera \(notification\)/);
        expect(dedicated).not.toContain('floating-broker');
        const floating = await hoverAt(readExample('zcu102-floating.rtcell'), 'task acquire', 6);
        expect(floating).toMatch(/broker-work camera \(floating-broker\)/);
    });

    it('lists every core whose budget counts against the guaranteed bandwidth, and no core the platform lacks', async () => {
        const text = mutate('budget 800 MB/s', 'budget 2900 MB/s').replace('  cores 1\n', '  cores {1, 7}\n');
        const document = await open(text);
        const over = document.diagnostics?.find((d) => d.code === 'bandwidth-overcommit');
        expect(over?.message).toContain('above the guaranteed DRAM bandwidth of 3.2 GB/s');
        const related = (over?.relatedInformation ?? []).map((r) => r.message);
        expect(related).toEqual(['core 0 (linux): 2.9 GB/s', 'core 1 (sensor): 200 MB/s', 'core 2 (control): 150 MB/s', 'broker DMA: 400 MB/s']);
    });

    it('prints the memory line of the analysis table in units, and an absent bound as unbounded', async () => {
        const document = await open(mutate('task loop period 5 ms wcet 1 ms', 'task loop period 5 ms wcet 6 ms'));
        const analysis = Rtcell.server.AnalysisService.get(document).analysis!;
        const table = formatTable(analysis);
        expect(table).toMatch(/^memory: 1\.55 GB\/s of 3\.2 GB\/s guaranteed/m);
        expect(table).not.toMatch(/\d B\/s/);
        const loop = table.split('\n').find((l) => l.startsWith('task control.loop'));
        expect(loop).toMatch(/^task control\.loop\s+unbounded\s/);
    });
});
