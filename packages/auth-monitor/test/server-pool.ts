// Starts auth servers (healthy or broken) for one test file and closes them all afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedServer, startServer } from '@mana/test-utils';
import type { RunReport } from '../src/index.js';
import { type AuthServerOptions, type AuthServerStats, createAuthHandler } from './auth-server.js';

export interface ServerPool {
  /** Starts an auth server and returns its base URL (`<origin>/api/v1/auth`). */
  serve(options?: AuthServerOptions, stats?: AuthServerStats): Promise<string>;
  /** Closes the server with the pool. */
  track(server: StartedServer): StartedServer;
  tempDir(): Promise<string>;
  close(): Promise<void>;
}

export function createServerPool(): ServerPool {
  const servers: StartedServer[] = [];
  const dirs: string[] = [];
  return {
    async serve(options = {}, stats) {
      const server = await startServer(createAuthHandler(options, stats));
      servers.push(server);
      return `${server.url}/api/v1/auth`;
    },
    track(server) {
      servers.push(server);
      return server;
    },
    async tempDir() {
      const dir = await mkdtemp(join(tmpdir(), 'mana-monitor-cli-'));
      dirs.push(dir);
      return dir;
    },
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}

/** Check statuses of a healthy plain-HTTP target without a login configured. */
export const HEALTHY_HTTP_CHECKS = Object.freeze({
  health: 'pass',
  jwks: 'pass',
  headers: 'pass',
  latency: 'pass',
  tls: 'skip',
  login: 'skip',
});

export function parseReport(stdout: string): RunReport {
  return JSON.parse(stdout) as RunReport;
}
