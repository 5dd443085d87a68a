import { ManaError } from '@mana/internal';

/**
 * Exit codes of `mana-auth`:
 * - `ok` 0: done;
 * - `failed` 1: the operation failed (database unreachable, receiver down after its retries);
 * - `usage` 2: bad input (unknown command or flag, bad duration, unknown kid, user or session);
 * - `problem` 3: a verification found a problem (reserved for `audit verify`);
 * - `interrupted` 130: stopped by SIGINT/SIGTERM before it finished (what was done is kept).
 *
 * @example
 * ```ts
 * process.exitCode = CLI_EXIT.usage;
 * ```
 */
export const CLI_EXIT = { ok: 0, failed: 1, usage: 2, problem: 3, interrupted: 130 } as const;

/** The code of a {@link CliError}. */
export type CliErrorCode = 'CLI_USAGE' | 'CLI_FAILURE';

/** The base of the CLI's errors: a message, and the fix the one-line error names. */
export class CliError extends ManaError<CliErrorCode> {
  override readonly name: string = 'CliError';
}

/**
 * Bad input: the runner prints `mana-auth <command>: <message> — <fix>` on one line of stderr
 * and exits 2.
 *
 * @example
 * ```ts
 * throw new CliUsageError('unknown key "k1"', 'run "mana-auth keys list" to see the key ids');
 * ```
 */
export class CliUsageError extends CliError {
  override readonly name = 'CliUsageError';
  constructor(message: string, fix: string, options: { cause?: unknown } = {}) {
    super('CLI_USAGE', message, { fix, cause: options.cause });
  }
}

/**
 * An operation that failed (not the operator's input): one line on stderr, exit 1.
 *
 * @example
 * ```ts
 * throw new CliFailure('the receiver refused the batch 5 times', 'check the receiver and run again');
 * ```
 */
export class CliFailure extends CliError {
  override readonly name = 'CliFailure';
  constructor(message: string, fix?: string, options: { cause?: unknown } = {}) {
    super('CLI_FAILURE', message, { fix, cause: options.cause });
  }
}
