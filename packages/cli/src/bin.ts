import { COMMANDS } from './commands/index.js';
import { runCli } from './run-cli.js';

// SIGINT/SIGTERM abort the running command, which stops at its next safe point (a batch
// boundary) and keeps what it did; a second signal exits at once.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  });
}

// The reader of stdout went away (`mana-auth audit stream | head`): stop like SIGPIPE would,
// at the next safe point, instead of crashing on an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  controller.abort();
});

const code = await runCli(COMMANDS, process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
process.exitCode = code;
// Pools and sockets are closed by the runner; a stray timer in a dependency must not keep the
// process alive after stdout is drained.
process.stdout.write('', () => process.exit(code));
