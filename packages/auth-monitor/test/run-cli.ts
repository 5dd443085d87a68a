// Runs the BUILT command-line tools as child processes, the way cron would.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
export const HEALTH_CLI = fileURLToPath(new URL('../dist/cli-health.js', import.meta.url));
export const DASHBOARD_CLI = fileURLToPath(new URL('../dist/cli-dashboard.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Fails loudly when the package has not been built, instead of skipping. */
export function assertBuilt(): void {
  for (const file of [HEALTH_CLI, DASHBOARD_CLI]) {
    if (!existsSync(file))
      throw new Error(`${file} is missing: build the package first (cd packages/auth-monitor && npx tsup).`);
  }
}

/** Runs `node <file> ...args` (without colour unless `env` asks for it). */
export function runCli(
  file: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 30_000,
): Promise<CliResult> {
  return runProcess(process.execPath, [file, ...args], env, timeoutMs);
}

/** Runs a command to its end and collects its exit code and output; kills it after `timeoutMs`. */
export function runProcess(
  command: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 30_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${command} ${args.join(' ')} did not exit within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export const runHealth = (args: string[], env?: Record<string, string | undefined>) =>
  runCli(HEALTH_CLI, args, env);
export const runDashboard = (args: string[], env?: Record<string, string | undefined>) =>
  runCli(DASHBOARD_CLI, args, env);
