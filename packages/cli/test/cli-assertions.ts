// What the CLI tests assert about a refused run: the exit code and one stderr line naming the fix.
import { expect } from 'vitest';
import type { CliResult } from './run-cli.js';

/** Whether `text` is a single line (trailing newline aside). */
export const oneLine = (text: string): boolean => text.trim().split('\n').length === 1;

/**
 * Asserts a refused run: exit `code`, stderr a single line, and stderr containing (a string) or
 * matching (a RegExp) each of `messages`. `label` names the case in a failure.
 */
export function expectOneLineError(
  result: CliResult,
  code: number,
  messages: ReadonlyArray<string | RegExp>,
  label?: string,
): void {
  expect(result.code, label ?? result.stderr).toBe(code);
  expect(oneLine(result.stderr), result.stderr).toBe(true);
  for (const message of messages) expect(result.stderr, label).toMatch(message);
}

/** One bad-input case: the arguments, what stderr must say, and optionally the environment. */
export type BadInputCase = readonly [args: string[], message: string | RegExp, env?: Record<string, string>];

/**
 * Runs every case at once (bad input changes nothing) with `run`, and asserts each is refused
 * as bad input: exit 2, one stderr line saying the case's message, nothing on stdout.
 */
export async function expectBadInput(
  cases: readonly BadInputCase[],
  run: (args: string[], env?: Record<string, string>) => Promise<CliResult>,
): Promise<void> {
  const results = await Promise.all(cases.map(([args, , env]) => run(args, env)));
  for (const [i, result] of results.entries()) {
    const [args, message] = cases[i] as BadInputCase;
    expectOneLineError(result, 2, [message], args.join(' '));
    expect(result.stdout).toBe('');
  }
}
