import type { CliContext } from './context.js';

/**
 * A flag of one command, given as `--<name>` (`--<name> <value>` for strings).
 *
 * @example
 * ```ts
 * const flag: CliFlag = { name: 'older-than', type: 'string', valueName: '<duration>', description: 'age of the rows to delete, e.g. 90d' };
 * ```
 */
export interface CliFlag {
  /** kebab-case name, e.g. `older-than`. */
  readonly name: string;
  readonly type: 'string' | 'boolean';
  /** A string flag that may be repeated (`--type a --type b`); its value is a `string[]`. */
  readonly multiple?: boolean;
  /** How the value is shown in the help, e.g. `<duration>`. */
  readonly valueName?: string;
  /** One line; states the default. */
  readonly description: string;
}

/** A positional argument of one command. */
export interface CliPositional {
  readonly name: string;
  readonly required: boolean;
}

/**
 * One `mana-auth` command: its words, its help and what it does.
 *
 * @example
 * ```ts
 * const hello: CliCommand = {
 *   path: ['hello'], summary: 'say hello', usage: 'hello', description: 'Says hello.', flags: [],
 *   run: async (context) => { context.out.line('hello'); return 0; },
 * };
 * ```
 */
export interface CliCommand {
  /** The words that name it, e.g. `['keys', 'rotate']`. */
  readonly path: readonly string[];
  /** One line for the command index. */
  readonly summary: string;
  /** The usage line without the program name, e.g. `keys rotate [--publish-delay <duration>]`. */
  readonly usage: string;
  /** Paragraphs for `--help`. */
  readonly description: string;
  /** The command's own flags (the runner adds the global ones). */
  readonly flags: readonly CliFlag[];
  readonly positionals?: readonly CliPositional[];
  /** Example invocations without the program name. */
  readonly examples?: readonly string[];
  /** Does the work; resolves to the exit code (see `CLI_EXIT`). */
  run(context: CliContext): Promise<number>;
}
