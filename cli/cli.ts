/** The `rtcell` command table and dispatcher. Each subcommand lives in cli/commands/<name>.ts. */
import type { CliCommand, CliIo, FileLoader } from './command.js';
import { EXIT_USAGE } from './command.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
    check: { summary: 'check FILE...            print diagnostics; exit 1 on any error', load: async () => (await import('./commands/check.js')).run },
    model: { summary: 'model FILE --json        print the lowered system model', load: async () => (await import('./commands/model.js')).run },
    analyze: { summary: 'analyze FILE [--json]    worst-case latencies; exit 1 if anything is unschedulable', load: async () => (await import('./commands/analyze.js')).run },
    simulate: { summary: 'simulate FILE [options]  discrete-event simulation beside the analysis bounds', load: async () => (await import('./commands/simulate.js')).run },
    export: { summary: 'export jailhouse FILE --out DIR [--coloring minerva|bu|none]', load: async () => (await import('./commands/export.js')).run },
    import: { summary: 'import jailhouse [--tree minerva|bu|mainline] SYSTEM INMATE... [-o FILE.rtcell]', load: async () => (await import('./commands/import.js')).run },
    start: { summary: 'start                    the main job on the bundled example', load: async () => (await import('./commands/start.js')).run },
};

function usage(): string {
    const lines = Object.values(COMMANDS).map((c) => `  rtcell ${c.summary}`);
    return `usage:\n${lines.join('\n')}\n`;
}

/** `loadFile` is handed to the command (see FileLoader); left out, the command reads its file itself. */
export async function main(argv: string[], io: CliIo, loadFile?: FileLoader): Promise<number> {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
        io.out(usage());
        return name ? 0 : EXIT_USAGE;
    }
    const command = COMMANDS[name];
    if (!command) {
        io.err(`rtcell: unknown command '${name}'\n${usage()}`);
        return EXIT_USAGE;
    }
    // `rtcell start --help` must not take `--help` for a file name: every command answers it here, with its usage line.
    if (rest.some((a) => a === '--help' || a === '-h')) {
        io.out(`usage: rtcell ${command.summary}\n`);
        return 0;
    }
    return (await command.load())(rest, io, loadFile);
}
