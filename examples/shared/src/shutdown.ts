import type { Server } from 'node:http';
import type { Services } from './services.js';

/**
 * Graceful shutdown on SIGTERM/SIGINT: stop accepting connections, let in-flight requests
 * finish (their audit events are queued by then), stop the revocation listener
 * (`auth.revocations.close()`), flush the audit queue, close the database.
 * A second signal, or 10 seconds, forces the exit.
 */
export function installShutdown(
  server: Server,
  services: Services,
  log: (line: string) => void = console.log,
): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`[example] ${signal}: draining requests, flushing the audit log`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    // Keep-alive connections that finish their request become idle: close them as they do.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearInterval(idle);
      services.auth.revocations
        .close()
        .then(() => services.close())
        .then(() => {
          log('[example] shut down cleanly');
          process.exit(0);
        })
        .catch((error: unknown) => {
          console.error('[example] shutdown failed:', error);
          process.exit(1);
        });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
