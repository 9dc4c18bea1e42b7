/**
 * Command-line arguments of every `rtcell` command, from one declaration per command: the parser rejects an option
 * the command does not have (naming it), and `--help` prints the same declaration, so the two cannot disagree.
 */
import { EXIT_USAGE, type CliIo } from './command.js';

export interface OptionSpec {
    /** `--duration`. */
    flag: string;
    /** Placeholder of the value (`T`, `FILE`); absent for a switch such as `--json`. */
    value?: string;
    help: string;
    /** Shown without brackets in the usage line (the command checks that it is given). */
    required?: boolean;
}

export interface CommandSpec {
    /** `simulate`, or `export jailhouse` for a command with a fixed first word. */
    name: string;
    /** The operands as the usage line shows them: `FILE`, `FILE...`, `[FILE]`. */
    operands: string;
    /** One line: what the command does. */
    summary: string;
    /** What the operands are. */
    operandHelp: string;
    options: OptionSpec[];
    /** Lines printed after the options (exit codes, notes). */
    notes?: string[];
}

export interface ParsedArgs {
    operands: string[];
    /** Each option given, by flag: its value, or true for a switch. A repeated option keeps the last value. */
    options: Map<string, string | true>;
}

/**
 * Parses `args` against `spec`: options as `--flag value` or `--flag=value`, anything else an operand, and everything
 * after `--` an operand (a file whose name starts with `-`). Returns the reason as a string on bad usage.
 */
export function parseArgs(spec: CommandSpec, args: readonly string[]): ParsedArgs | string {
    const operands: string[] = [];
    const options = new Map<string, string | true>();
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '--') {
            operands.push(...args.slice(i + 1));
            break;
        }
        if (!arg.startsWith('-') || arg === '-') {
            operands.push(arg);
            continue;
        }
        const eq = arg.indexOf('=');
        const flag = eq > 0 ? arg.slice(0, eq) : arg;
        const option = spec.options.find((o) => o.flag === flag);
        if (!option) return `unknown option '${flag}'`;
        if (option.value === undefined) {
            if (eq > 0) return `${flag} takes no value`;
            options.set(flag, true);
            continue;
        }
        const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
        if (value === undefined || value === '') return `${flag} needs a value (${flag} ${option.value})`;
        options.set(flag, value);
    }
    return { operands, options };
}

/** The value of an option that takes one (undefined when not given). */
export function optionValue(parsed: ParsedArgs, flag: string): string | undefined {
    const v = parsed.options.get(flag);
    return typeof v === 'string' ? v : undefined;
}

export function usageLine(spec: CommandSpec): string {
    const options = spec.options.map((o) => {
        const text = `${o.flag}${o.value ? ` ${o.value}` : ''}`;
        return o.required ? text : `[${text}]`;
    }).join(' ');
    return `usage: rtcell ${spec.name} ${spec.operands}${options ? ` ${options}` : ''}`;
}

/** Bad usage: prints `rtcell COMMAND: problem` and the usage line on stderr; returns the exit code for it. */
export function usageError(io: CliIo, spec: CommandSpec, problem: string | undefined): number {
    io.err(`rtcell ${spec.name.split(' ')[0]}: ${problem}\n${usageLine(spec)}\n`);
    return EXIT_USAGE;
}

/** What `rtcell COMMAND --help` prints. */
export function helpText(spec: CommandSpec): string {
    const rows: Array<[string, string]> = [
        [spec.operands.replace(/[[\]]/g, ''), spec.operandHelp],
        ...spec.options.map((o): [string, string] => [`${o.flag}${o.value ? ` ${o.value}` : ''}`, o.help]),
        ['-h, --help', 'print this help'],
    ];
    const width = Math.max(...rows.map(([left]) => left.length));
    const lines = [usageLine(spec), '', spec.summary, '', ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`)];
    if (spec.notes?.length) lines.push('', ...spec.notes);
    return lines.join('\n') + '\n';
}
