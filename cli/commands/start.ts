/**
 * `rtcell start [FILE]` (what `npm start` runs): the main job, on the bundled example by default. Checks the file,
 * analyses it, simulates it beside the bounds and writes the standalone HTML report, so a newcomer without VS Code sees
 * everything. The report is written even when the system is unschedulable (then it matters most), in the folder the
 * command runs in, and its path is printed; only a file with errors stops before it.
 */
import { join, resolve } from 'node:path';
import { loadModelFromFile } from '../../language/load.js';
import { parseArgs, usageError, type CommandSpec } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand, type FileLoader } from '../command.js';
import { main } from '../cli.js';
import { PACKAGE_ROOT } from '../package-root.js';

/** The report's name, in the folder where the command runs. */
export const REPORT_FILE = 'rtcell-report.html';

export const spec: CommandSpec = {
    name: 'start',
    operands: '[FILE]',
    summary: `Checks, analyses and simulates FILE (1 s, adversarial scenario) and writes the HTML report ./${REPORT_FILE}.`,
    operandHelp: 'the .rtcell file (default: the bundled examples/zcu102-broker.rtcell)',
    options: [{ flag: '--force', help: `replace ./${REPORT_FILE} even if rtcell did not write it` }],
    notes: ['Exit codes: those of the steps: 0 all schedulable and no miss, 1 errors in the file (no report), something',
        'unschedulable or a missed deadline (report written), 4 inconclusive, 2 bad usage or an unwritable report.'],
};

/**
 * Every step reads the same file: parse, link and validate it once and hand all of them that result. The load starts
 * when the first step asks for it, so an unreadable file is reported by that step as before. Sharing the model is safe:
 * analysis and simulation only read it.
 */
function loadingOnce(loadFile: FileLoader): FileLoader {
    const loads = new Map<string, ReturnType<FileLoader>>();
    return (file) => {
        let loading = loads.get(file);
        if (!loading) loads.set(file, (loading = loadFile(file)));
        return loading;
    };
}

export const run: CliCommand = async (args, io, loadFile = loadModelFromFile) => {
    const parsed = parseArgs(spec, args);
    const problem = typeof parsed === 'string' ? parsed : parsed.operands.length > 1 ? 'expected at most one FILE' : undefined;
    if (problem || typeof parsed === 'string') return usageError(io, spec, problem);
    const file = parsed.operands[0] ?? join(PACKAGE_ROOT, 'examples', 'zcu102-broker.rtcell');
    // `npm start` runs in the package folder; npm says where the user typed it (INIT_CWD).
    const report = resolve(process.env.INIT_CWD ?? process.cwd(), REPORT_FILE);
    const loadOnce = loadingOnce(loadFile);
    const step = async (title: string, argv: string[]) => {
        io.out(`\n== ${title}: rtcell ${argv.join(' ')}\n`);
        return main(argv, io, loadOnce);
    };
    const checked = await step('Structural checks', ['check', file]);
    if (checked !== EXIT_OK) {
        io.err(`rtcell start: 'check' exited with ${checked}: no analysis, simulation or report for a file with errors\n`);
        return checked;
    }
    const analyzed = await step('Schedulability analysis', ['analyze', file]);
    if (analyzed === EXIT_USAGE) return analyzed;
    const simulateArgs = ['simulate', file, '--duration', '1s', '--scenario', 'adversarial', '--html', report, ...(parsed.options.has('--force') ? ['--force'] : [])];
    const simulated = await step('Simulation (1 s, adversarial scenario) and HTML report', simulateArgs);
    if (simulated === EXIT_USAGE) {
        io.err(`rtcell start: no report written\n`);
        return simulated;
    }
    io.out(`\nReport with the timeline: ${report}\n`);
    const code = analyzed !== EXIT_OK ? analyzed : simulated;
    if (code === EXIT_FINDINGS) io.err(`rtcell start: ${analyzed === EXIT_FINDINGS ? 'something is unschedulable' : 'a deadline was missed'}: see the report\n`);
    else if (code !== EXIT_OK) io.err(`rtcell start: the analysis is inconclusive (exit ${code}): see the report\n`);
    return code;
};
