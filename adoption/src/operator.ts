import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** What one `mana-auth` run printed and returned. */
export interface OperatorRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the installed `mana-auth` bin (`node_modules/.bin/mana-auth`, the file npm linked) with
 * the Node under test, in the operator project, with only `env` as configuration.
 */
export function runOperator(
  node: string,
  dir: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<OperatorRun> {
  const bin = join(dir, 'node_modules', '.bin', 'mana-auth');
  return new Promise((resolve) => {
    execFile(
      node,
      [bin, ...args],
      { cwd: dir, timeout: 60_000, env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '', ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
