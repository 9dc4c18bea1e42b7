/** `rtcell analyze` end to end from .rtcell text: table, JSON, exit codes. */
import { expect, it } from 'vitest';
import { run } from '../../cli/commands/analyze.js';

function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

it('analyses the bundled example as JSON with sources and terms that add up', async () => {
    const c = io();
    const code = await run(['examples/zcu102-broker.rtcell', '--json'], c.io);
    const r = JSON.parse(c.out.join(''));
    expect([0, 1]).toContain(code);
    expect(code).toBe(r.summary.unschedulable > 0 ? 1 : 0);
    const items = [...r.flows, ...r.tasks, ...r.events];
    // The terms check below runs only on bounded items: there must be some.
    expect(items.filter((i) => i.wcrt !== undefined).length).toBeGreaterThan(0);
    for (const i of items) {
        expect(i.source?.start.line).toBeGreaterThanOrEqual(0);
        if (i.wcrt !== undefined) expect(i.terms.reduce((s: number, t: { value: number }) => s + t.value, 0)).toBe(i.wcrt);
    }
});

it('exits 2 on an unreadable file', async () => {
    const c = io();
    expect(await run(['/nonexistent/x.rtcell'], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/cannot read/);
});
