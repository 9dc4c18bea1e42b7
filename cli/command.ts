/** The shape every `rtcell` subcommand has: it parses its own arguments and returns the process exit code. */
export interface CliIo {
    out(text: string): void;
    err(text: string): void;
}

export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

/** Exit codes shared by all commands. */
export const EXIT_OK = 0;
/** Errors in the input (diagnostics), an unschedulable item, or a deadline miss. */
export const EXIT_FINDINGS = 1;
/** Unreadable input or bad usage. */
export const EXIT_USAGE = 2;
