/** The `rtcell` command table and dispatcher. Each subcommand lives in cli/commands/<name>.ts. */
import { helpText } from './args.js';
import type { CliIo, CommandModule, FileLoader } from './command.js';
import { EXIT_USAGE } from './command.js';
import { terminalSafeIo } from './terminal-safe.js';

// Each command is imported when it runs, so a command loads only its own code (the CLI bundle makes each a chunk).
const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
    check: { summary: 'check FILE...            print diagnostics; exit 1 on any error', load: () => import('./commands/check.js') },
    model: { summary: 'model FILE --json        print the lowered system model', load: () => import('./commands/model.js') },
    analyze: { summary: 'analyze FILE [--json]    worst-case latencies; exit 1 if anything is unschedulable', load: () => import('./commands/analyze.js') },
    simulate: { summary: 'simulate FILE [options]  discrete-event simulation beside the analysis bounds', load: () => import('./commands/simulate.js') },
    export: { summary: 'export jailhouse FILE --out DIR [--coloring minerva|bu|none]', load: () => import('./commands/export.js') },
    import: { summary: 'import jailhouse [--tree minerva|bu|mainline] SYSTEM INMATE... [-o FILE.rtcell]', load: () => import('./commands/import.js') },
    start: { summary: 'start [FILE]             the main job (bundled example by default) and the HTML report', load: () => import('./commands/start.js') },
};

function usage(): string {
    const lines = Object.values(COMMANDS).map((c) => `  rtcell ${c.summary}`);
    return `usage:\n${lines.join('\n')}\n\n'rtcell COMMAND --help' lists the options of a command.\n`;
}

/** `loadFile` is handed to the command (see FileLoader); left out, the command reads its file itself. */
export async function main(argv: string[], rawIo: CliIo, loadFile?: FileLoader): Promise<number> {
    const io = terminalSafeIo(rawIo);
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
        io.out(usage());
        return name ? 0 : EXIT_USAGE;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) {
        io.err(`rtcell: unknown command '${name}'\n${usage()}`);
        return EXIT_USAGE;
    }
    const module = await command.load();
    // `rtcell start --help` must not take `--help` for a file name: every command answers it here (before `--`).
    const end = rest.indexOf('--');
    if ((end < 0 ? rest : rest.slice(0, end)).some((a) => a === '--help' || a === '-h')) {
        io.out(helpText(module.spec));
        return 0;
    }
    return module.run(rest, io, loadFile);
}
