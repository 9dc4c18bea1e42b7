#!/usr/bin/env node
/** `rtcell` entry point (the package's bin). */
import type { CliIo } from './command.js';
import { EXIT_INTERNAL } from './command.js';
import { main } from './cli.js';

// Output piped into a reader that stops early (`rtcell check big.rtcell | head`): the reader has what it wanted, so
// stop quietly with the usual status of a process whose pipe closed (128 + SIGPIPE), not a stack trace.
for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(141);
        throw error;
    });
}

const io: CliIo = {
    out: (text) => { process.stdout.write(text); },
    err: (text) => { process.stderr.write(text); },
    drained: () => (process.stdout.writableNeedDrain ? new Promise((resolve) => process.stdout.once('drain', resolve)) : Promise.resolve()),
};

main(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
        io.err(`rtcell: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
        process.exitCode = EXIT_INTERNAL;
    },
);
