/**
 * `rtcell start` (what `npm start` runs): the main job on the bundled example. Checks the file, analyses it,
 * simulates it beside the bounds and writes the standalone HTML report, so a newcomer without VS Code sees everything.
 */
import { join } from 'node:path';
import { loadModelFromFile } from '../../language/load.js';
import { EXIT_OK, type CliCommand, type FileLoader } from '../command.js';
import { main } from '../cli.js';
import { PACKAGE_ROOT } from '../package-root.js';

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
    const file = args[0] ?? join(PACKAGE_ROOT, 'examples', 'zcu102-broker.rtcell');
    const report = join(PACKAGE_ROOT, 'out', 'report.html');
    const steps: Array<{ title: string; argv: string[] }> = [
        { title: 'Structural checks', argv: ['check', file] },
        { title: 'Schedulability analysis', argv: ['analyze', file] },
        { title: 'Simulation (1 s, adversarial scenario) and HTML report', argv: ['simulate', file, '--duration', '1s', '--scenario', 'adversarial', '--html', report] },
    ];
    const loadOnce = loadingOnce(loadFile);
    for (const step of steps) {
        io.out(`\n== ${step.title}: rtcell ${step.argv.join(' ')}\n`);
        const code = await main(step.argv, io, loadOnce);
        if (code !== EXIT_OK) {
            io.err(`rtcell start: '${step.argv[0]}' exited with ${code}\n`);
            return code;
        }
    }
    io.out(`\nReport with the timeline: ${report}\n`);
    return EXIT_OK;
};
