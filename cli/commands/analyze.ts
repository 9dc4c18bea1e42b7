import { EXIT_USAGE, type CliCommand } from '../command.js';

// Placeholder until the analyze command lands: says so plainly instead of pretending to work.
export const run: CliCommand = async (_args, io) => {
    io.err('rtcell analyze: not implemented yet\n');
    return EXIT_USAGE;
};
