import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A started app: a real server process on loopback. */
export interface RunningApp {
  url: string;
  port: number;
  /** Everything the process wrote so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the app needs it before it starts: it is in its base URL). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `<node> <entry>` in an installed app's directory and waits until it prints
 * `{"listening":<port>}`. Rejects with the process output when it exits first or takes over
 * `timeoutMs`.
 */
export async function runApp(
  node: string,
  dir: string,
  entry: string,
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<RunningApp> {
  const port = await freePort();
  const child = spawn(node, [join(dir, entry)], {
    cwd: dir,
    env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await waitForListening(child, () => output, timeoutMs);
  return { url: `http://127.0.0.1:${port}`, port, output: () => output, stop: () => stop(child) };
}

function waitForListening(child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    const onData = () => {
      if (!/"listening":\d+/.test(output())) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve();
    };
    function fail(why: string) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${child.spawnargs.join(' ')} ${why}:\n${output()}`));
    }
    child.stdout?.on('data', onData);
    child.once('exit', (code) => fail(`exited with ${code}`));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
