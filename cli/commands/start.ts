/**
 * `rtcell start` (what `npm start` runs): the main job on the bundled example. Checks the file, analyses it,
 * simulates it beside the bounds and writes the standalone HTML report, so a newcomer without VS Code sees everything.
 */
import { join } from 'node:path';
import { EXIT_OK, type CliCommand } from '../command.js';
import { main } from '../cli.js';
import { PACKAGE_ROOT } from '../package-root.js';

export const run: CliCommand = async (args, io) => {
    const file = args[0] ?? join(PACKAGE_ROOT, 'examples', 'zcu102-broker.rtcell');
    const report = join(PACKAGE_ROOT, 'out', 'report.html');
    const steps: Array<{ title: string; argv: string[] }> = [
        { title: 'Structural checks', argv: ['check', file] },
        { title: 'Schedulability analysis', argv: ['analyze', file] },
        { title: 'Simulation (1 s, adversarial scenario) and HTML report', argv: ['simulate', file, '--duration', '1s', '--scenario', 'adversarial', '--html', report] },
    ];
    for (const step of steps) {
        io.out(`\n== ${step.title}: rtcell ${step.argv.join(' ')}\n`);
        const code = await main(step.argv, io);
        if (code !== EXIT_OK) {
            io.err(`rtcell start: '${step.argv[0]}' exited with ${code}\n`);
            return code;
        }
    }
    io.out(`\nReport with the timeline: ${report}\n`);
    return EXIT_OK;
};
