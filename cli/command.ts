/** The shape every `rtcell` subcommand has: it parses its own arguments and returns the process exit code. */
import type { LoadResult } from '../language/load.js';

export interface CliIo {
    out(text: string): void;
    err(text: string): void;
}

/**
 * Reads and loads an input file; throws only when the file cannot be read. Commands default to `loadModelFromFile`;
 * `rtcell start` passes one that loads its file once for all of its steps.
 */
export type FileLoader = (file: string) => Promise<LoadResult>;

export type CliCommand = (args: string[], io: CliIo, loadFile?: FileLoader) => Promise<number>;

/** Exit codes shared by all commands. */
export const EXIT_OK = 0;
/** Errors in the input (diagnostics), an unschedulable item, or a deadline miss. */
export const EXIT_FINDINGS = 1;
/** Unreadable input or bad usage. */
export const EXIT_USAGE = 2;
