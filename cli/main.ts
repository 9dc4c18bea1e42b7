#!/usr/bin/env node
/** `rtcell` entry point (the package's bin). */
import type { CliIo } from './command.js';
import { main } from './cli.js';

const io: CliIo = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
};

main(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
        io.err(`rtcell: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
        process.exitCode = 3;
    },
);
