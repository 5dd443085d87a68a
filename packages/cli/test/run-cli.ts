// Runs the BUILT `mana-auth` as a child process, the way an operator (or cron) would; and
// builds in-process contexts for tests that call a command directly.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CliConfig } from '../src/config.js';
import { resolveCliConfig } from '../src/config.js';
import { type CliFlagValue, type OpenedContext, openContext } from '../src/context.js';

/** The built bin. */
export const CLI_FILE = fileURLToPath(new URL('../dist/mana-auth.js', import.meta.url));

/** What one run printed and returned. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Environment on top of a clean one (PATH and HOME only; no DATABASE_URL leaks in). */
  env?: Record<string, string | undefined>;
  /** Written to stdin. */
  input?: string;
  /** Killed (SIGKILL) after this long, as a failure. Default 60 s. */
  timeoutMs?: number;
}

/** Fails loudly when the package has not been built, instead of skipping. */
export function assertBuilt(): void {
  if (!existsSync(CLI_FILE)) {
    throw new Error(`${CLI_FILE} is missing: build first (npx -y pnpm@12.4.2 build).`);
  }
}

/** Runs `mana-auth ...args` to its end. */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_FILE, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end(options.input ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`mana-auth ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`),
      );
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A context whose stdout and stderr are strings, for calling `command.run()` directly. */
export interface TestContext extends OpenedContext {
  stdout(): string;
  stderr(): string;
  abort(): void;
}

/** Builds a context for `command.run()` from flags and an environment (closed by `close()`). */
export function createTestContext(
  input: {
    flags?: Record<string, CliFlagValue>;
    positionals?: string[];
    env?: Record<string, string | undefined>;
    config?: Partial<CliConfig>;
  } = {},
): TestContext {
  let stdout = '';
  let stderr = '';
  const controller = new AbortController();
  const sink = (append: (text: string) => void) => ({
    write(chunk: string, callback?: (error?: Error | null) => void) {
      append(chunk);
      callback?.();
      return true;
    },
    once: () => undefined,
    isTTY: false,
  });
  const env = input.env ?? {};
  const flags = input.flags ?? {};
  const config = { ...resolveCliConfig(flags, env), ...input.config };
  const opened = openContext({
    flags,
    positionals: input.positionals ?? [],
    config,
    io: {
      stdout: sink((text) => {
        stdout += text;
      }),
      stderr: sink((text) => {
        stderr += text;
      }),
      env,
      signal: controller.signal,
    },
  });
  return { ...opened, stdout: () => stdout, stderr: () => stderr, abort: () => controller.abort() };
}
