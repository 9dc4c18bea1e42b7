/** The shape every `rtcell` subcommand has: it parses its own arguments and returns the process exit code. */
import type { LoadResult } from '../language/load.js';
import type { CommandSpec } from './args.js';

export interface CliIo {
    out(text: string): void;
    err(text: string): void;
    /** Resolves when the output can take more (a command that streams a large output awaits it between pieces). */
    drained?(): Promise<void>;
}

/**
 * Reads and loads an input file; throws only when the file cannot be read. Commands default to `loadModelFromFile`;
 * `rtcell start` passes one that loads its file once for all of its steps.
 */
export type FileLoader = (file: string) => Promise<LoadResult>;

export type CliCommand = (args: string[], io: CliIo, loadFile?: FileLoader) => Promise<number>;

/** What each cli/commands/<name>.ts module exports. */
export interface CommandModule {
    spec: CommandSpec;
    run: CliCommand;
}

/** Exit codes shared by all commands (README.md, "Command line", lists them). */
export const EXIT_OK = 0;
/** Errors in the input (diagnostics), an unschedulable item, or a deadline miss. */
export const EXIT_FINDINGS = 1;
/** Unreadable input or bad usage, refused output file. */
export const EXIT_USAGE = 2;
/** A bug in rtcell (an exception nobody expected). */
export const EXIT_INTERNAL = 3;
/** The analysis found nothing late but could not bound everything: no guarantee, and no proof of a miss either. */
export const EXIT_INCONCLUSIVE = 4;
