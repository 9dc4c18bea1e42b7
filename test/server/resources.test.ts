// Shared resources in the editor: hover names the resource and the task that blocks, and the section-length
// quick-fix makes the blocked task meet its deadline (applied and re-validated).
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { ANALYSIS_CODES, type AnalysisDiagnosticData } from '../../server/protocol.js';
import { Rtcell, applyEdits, hoverAt, open } from './helpers.js';

// The ceiling example of examples/published, with hi's deadline at 4 ms: lo's 3 ms section on R makes it 5 ms.
const TEXT = `system "ceiling" on zcu102
cell control root {
  cores 0
  resource R
  task hi period 10 ms wcet 2 ms deadline 4 ms priority 3 uses R for 1 ms
  task mid period 20 ms wcet 4 ms priority 2
  task lo period 50 ms wcet 10 ms priority 1 uses R for 3 ms
}
`;


describe('resources in the editor', () => {
    it('the hover of a blocked task names the resource, the task that blocks and the time', async () => {
        const text = await hoverAt(TEXT, 'task hi', 6);
        expect(text).toContain('misses by **1 ms**');
        expect(text).toMatch(/Blocked by: task control\.lo holds it \(priority ceiling\) — resource \*\*R\*\* \(local\), section 3 ms, adds 3 ms/);
        expect(text).toMatch(/\| \*\*blocking on shared resources\*\* \| 3 ms \|/);
    });

    it('the hover of a resource and of a section shows the protocol, users, ceiling and whom it blocks', async () => {
        const declared = await hoverAt(TEXT, 'resource R', 9);
        expect(declared).toContain('**resource R** — local to cell control · stack resource policy');
        expect(declared).toContain('Users: control.hi (priority 3, 1 ms), control.lo (priority 1, 3 ms)');
        expect(declared).toContain('Ceiling: priority 3');
        expect(declared).toContain('Blocks: control.hi by 3 ms (through task lo, local), control.mid by 3 ms (through task lo, local)');
        const section = await hoverAt(TEXT, 'uses R for 3 ms', 5);
        expect(section).toContain('This section: 3 ms');
        expect(section).toContain('**resource R**');
    });

    it('offers the longest section length that makes the blocked task meet its deadline, and it does', async () => {
        const document = await open(TEXT);
        const diagnostic = (document.diagnostics ?? []).find((d) => d.code === ANALYSIS_CODES.unschedulableTask && (d.data as AnalysisDiagnosticData).name === 'hi') as Diagnostic;
        expect(diagnostic).toBeDefined();
        const actions = await Rtcell.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] as never },
        });
        const fix = (actions ?? []).find((a) => a.title.startsWith("Shorten the critical section of task 'lo' on 'R' to 2 ms"));
        expect(fix, JSON.stringify((actions ?? []).map((a) => a.title))).toBeDefined();
        const after = applyEdits(TEXT, ('edit' in fix! ? fix.edit?.changes?.[document.uri.toString()] : []) as never);
        expect(after).toContain('task lo period 50 ms wcet 10 ms priority 1 uses R for 2 ms');
        const again = await open(after);
        expect((again.diagnostics ?? []).filter((d) => d.code === ANALYSIS_CODES.unschedulableTask)).toEqual([]);
    });
});
