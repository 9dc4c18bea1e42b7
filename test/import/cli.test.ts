/** `rtcell import jailhouse` through the CLI dispatcher, as a user runs it: good input, bad input, hostile input. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtConfigs, runCli, TREES_ROOT, type BuiltConfig } from './fixtures.js';

describe('rtcell import jailhouse', () => {
    let minerva: BuiltConfig[];
    let bu: BuiltConfig[];
    let dir: string;
    const image = (set: BuiltConfig[], name: string) => set.find((c) => c.name === name)!.image;
    const source = (set: BuiltConfig[], name: string) => set.find((c) => c.name === name)!.source;
    beforeAll(async () => {
        minerva = await builtConfigs('minerva');
        bu = await builtConfigs('bu');
        dir = mkdtempSync(join(tmpdir(), 'rtcell-import-cli-'));
    }, 120_000);

    it('images: writes a file check accepts, the summary on stderr, exit 0', async () => {
        const out = join(dir, 'a.rtcell');
        const r = await runCli(['import', 'jailhouse', image(minerva, 'zynqmp-zcu102'), image(minerva, 'zynqmp-zcu102-inmate-demo-col'), '-o', out]);
        expect(r.code).toBe(0);
        expect(r.err).toContain('detected the minerva tree (revision 14)');
        expect(r.err).toMatch(/not expressed in rtcell \(kept as comments in the output\), \d+:/);
        const [lost, notes] = r.err.split(/^import notes, \d+:$/m);
        expect(lost).toContain('ZynqMP-ZCU102: pci_devices[0] = ivshmem 0001:00:01.0');
        expect(lost).toContain('system: hypervisor_memory = phys 0x7f000000 size 16 MiB');
        // What the export writes the same is a note, not a loss.
        expect(notes).toContain("ZynqMP-ZCU102: stream_ids[0] = id 0x860 mask_out 0x0 (the root cell's DMA stream IDs rtcell's export writes)");
        expect(lost).not.toContain('stream_ids');
        expect(r.err).toContain('rtcell check accepts it');
        const text = readFileSync(out, 'utf8');
        expect(text).toContain('cell inmate-demo {');
        expect(text).toContain('    colors 0..3');
        const check = await runCli(['check', out]);
        expect(check.code).toBe(0);
        const analyze = await runCli(['analyze', out]);
        expect(analyze.code).toBe(0);
    });

    it('sources: .c files built with the host compiler give the same output as their images', async () => {
        const fromImages = await runCli(['import', 'jailhouse', '--tree', 'bu', image(bu, 'zynqmp-zcu102'), image(bu, 'zynqmp-zcu102-inmate-col-demo')]);
        const fromSources = await runCli(['import', 'jailhouse', '--tree', 'bu', source(bu, 'zynqmp-zcu102'), source(bu, 'zynqmp-zcu102-inmate-col-demo')]);
        expect(fromSources.code).toBe(0);
        const body = (t: string) => t.replace(/^\s*\/\/ (from|Imported) .*\n/gm, '');
        expect(body(fromSources.out)).toBe(body(fromImages.out));
        expect(fromSources.out).toContain('colors 0..7');
        // Without --tree, a source inside a tree is built against that tree...
        const inTree = await runCli(['import', 'jailhouse', source(bu, 'zynqmp-zcu102')]);
        expect(inTree.code).toBe(0);
        expect(inTree.err).toContain(`built against the tree it is in (${join(TREES_ROOT, 'bu')})`);
        // ... and one outside any tree against each known tree until one builds and reads it.
        const copy = join(dir, 'zcu102-bu-copy.c');
        writeFileSync(copy, readFileSync(source(bu, 'zynqmp-zcu102')));
        const guessed = await runCli(['import', 'jailhouse', copy]);
        expect(guessed.code).toBe(0);
        expect(guessed.err).toContain('built against the bu tree');
        expect(guessed.out).toBe(inTree.out.replaceAll(source(bu, 'zynqmp-zcu102'), copy));
    });

    it('an inmate with uncounted trailing bytes imports once the system fixes the tree', async () => {
        const r = await runCli(['import', 'jailhouse', image(minerva, 'zynqmp-zcu102'), image(minerva, 'zynqmp-zcu102-freertos-c1')]);
        expect(r.code).toBe(0);
        expect(r.out).toContain('// note: (file) = 56 bytes after the configuration');
    });

    it('bad input: one message, exit 2, nothing written', async () => {
        const out = join(dir, 'never.rtcell');
        const root = readFileSync(image(minerva, 'zynqmp-zcu102'));
        const cut = join(dir, 'cut.cell');
        writeFileSync(cut, root.subarray(0, 600));
        const revision = join(dir, 'rev.cell');
        const rev = Buffer.from(root);
        rev[6] = 9;
        writeFileSync(revision, rev);
        const broken = join(dir, 'broken.c');
        writeFileSync(broken, '#include <jailhouse/cell-config.h>\nstruct jailhouse_cell_desc config = { .nosuchfield = 1 };\n');
        // A hostile source: the compiler would read /dev/zero until the machine runs out of memory.
        const endless = join(dir, 'endless.c');
        writeFileSync(endless, '#include "/dev/zero"\n');
        const garbage = join(dir, 'garbage.cell');
        writeFileSync(garbage, Buffer.from('not a cell at all, just text\n'));
        const cases: Array<[string[], RegExp]> = [
            [[cut], /cut\.cell: truncated: .* 645 bytes, the file has 600/],
            [[revision], /rev\.cell: wrong revision: revision 9/],
            [[image(minerva, 'zynqmp-zcu102'), broken], /broken\.c: does not compile against .*minerva/],
            [[image(minerva, 'zynqmp-zcu102'), image(bu, 'zynqmp-zcu102-inmate-demo')], /tree mismatch: this is a bu configuration/],
            [['--tree', 'minerva', image(minerva, 'zynqmp-zcu102'), endless], /endless\.c: does not compile against .*\n {2}cc1: out of memory/],
            [['--tree', 'bu', image(minerva, 'zynqmp-zcu102')], /tree mismatch: this is a minerva configuration/],
            [[image(minerva, 'zynqmp-zcu102-inmate-demo')], /a cell configuration, not a system \(root\) configuration/],
            [[image(minerva, 'zynqmp-zcu102'), image(minerva, 'zynqmp-zcu102-omnv')], /a second system configuration/],
            [[garbage], /garbage\.cell: not a Jailhouse configuration/],
            [[join(dir, 'missing.cell')], /missing\.cell: cannot read/],
            [[dir], /not a regular file/],
            [['/dev/zero'], /not a regular file/],
            [['--tree', 'x86', image(minerva, 'zynqmp-zcu102')], /--tree must be one of minerva, bu, mainline/],
            [['--headers', join(dir), image(minerva, 'zynqmp-zcu102'), source(minerva, 'zynqmp-zcu102-inmate-demo')], /not a Jailhouse tree/],
            [['--cc', 'no-such-compiler-rtcell', '--tree', 'minerva', source(minerva, 'zynqmp-zcu102')], /cannot run the compiler 'no-such-compiler-rtcell'/],
            [[], /missing SYSTEM/],
            [['--bogus', image(minerva, 'zynqmp-zcu102')], /unknown option '--bogus'/],
        ];
        for (const [args, message] of cases) {
            const r = await runCli(['import', 'jailhouse', ...args, '-o', out]);
            expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(2);
            expect(r.err, args.join(' ')).toMatch(message);
            expect(existsSync(out), args.join(' ')).toBe(false);
        }
        expect((await runCli(['import'])).code).toBe(2);
        expect((await runCli(['import', 'xen', 'a.cell'])).err).toContain("unknown import source 'xen'");
    });

    it('a target it may not write: a folder, a link, an input (even with --force): exit 2, nothing left behind', async () => {
        const target = mkdtempSync(join(tmpdir(), 'rtcell-import-target-'));
        const r = await runCli(['import', 'jailhouse', image(minerva, 'zynqmp-zcu102'), '-o', target, '--force']);
        expect(r.code).toBe(2);
        expect(r.err).toContain(`not written: ${target} is a directory`);
        expect(readdirSync(target)).toEqual([]);
        const link = join(target, 'link.rtcell');
        symlinkSync(join(target, 'elsewhere.rtcell'), link);
        const viaLink = await runCli(['import', 'jailhouse', image(minerva, 'zynqmp-zcu102'), '--out', link, '--force']);
        expect([viaLink.code, viaLink.err]).toEqual([2, expect.stringContaining('is a symbolic link')]);
        expect(existsSync(join(target, 'elsewhere.rtcell'))).toBe(false);
        const input = join(target, 'root.cell');
        writeFileSync(input, readFileSync(image(minerva, 'zynqmp-zcu102')));
        const onInput = await runCli(['import', 'jailhouse', input, '-o', input, '--force']);
        expect([onInput.code, onInput.err]).toEqual([2, expect.stringContaining('is an input file of this command')]);
        expect(readFileSync(input).equals(readFileSync(image(minerva, 'zynqmp-zcu102')))).toBe(true);
        expect(readdirSync(target).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });

    it('never replaces an existing file without --force', async () => {
        const out = join(dir, 'mine.rtcell');
        writeFileSync(out, 'cell mine root { cores 0 } // my work\n');
        const args = ['import', 'jailhouse', image(minerva, 'zynqmp-zcu102'), '-o', out];
        const refused = await runCli(args);
        expect(refused.code).toBe(2);
        expect(refused.err).toMatch(new RegExp(`not written: .*mine\\.rtcell exists.*; use --force to replace it`));
        // Even a file rtcell wrote (an export) is not replaced without --force: an import target is the user's document.
        const marked = join(dir, 'marked.rtcell');
        writeFileSync(marked, '// Generated by rtcell\n');
        const refusedMarked = await runCli(['import', 'jailhouse', image(minerva, 'zynqmp-zcu102'), '-o', marked]);
        expect([refusedMarked.code, refusedMarked.err]).toEqual([2, expect.stringContaining('exists; use --force to replace it')]);
        expect(readFileSync(out, 'utf8')).toContain('my work');
        const forced = await runCli([...args, '--force']);
        expect(forced.code).toBe(0);
        expect(readFileSync(out, 'utf8')).toContain('cell ZynqMP-ZCU102 root os linux {');
    });

    it('cells that cannot run together: written, their check errors printed, exit 1', async () => {
        const out = join(dir, 'both.rtcell');
        // Two alternative Linux inmates of the tree: both want CPU 1..3 and the same memory.
        const r = await runCli(['import', 'jailhouse', image(minerva, 'zynqmp-zcu102'), image(minerva, 'zynqmp-zcu102-linux-demo'), image(minerva, 'zynqmp-zcu102-inmate-demo-col'), '-o', out]);
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/both\.rtcell:\d+:\d+ error core-conflict /);
        expect(r.err).toContain('cannot run together as configured');
        expect(existsSync(out)).toBe(true);
    });

    it('the trees default to ../shared/jailhouse beside the package', () => {
        expect(existsSync(join(TREES_ROOT, 'minerva', 'include', 'jailhouse', 'cell-config.h'))).toBe(true);
    });
});
