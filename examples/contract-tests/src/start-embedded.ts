import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MailMessage } from '@mana/auth-core';
import { createServices, loadConfig } from '@mana/example-shared';
import { freePort, type RunningExample, type StartServer, testEnv } from './start.js';

/**
 * Starts an example the way a developer does without DATABASE_URL: embedded PGlite in a
 * fresh temporary data directory (removed by `stop()`), no Redis.
 */
export async function startEmbeddedExample(
  start: StartServer,
  env: NodeJS.ProcessEnv = {},
): Promise<RunningExample> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mana-embedded-'));
  const port = await freePort();
  const config = loadConfig(testEnv({}, undefined, port, { DATA_DIR: dataDir, ...env }));
  if (config.databaseUrl) throw new Error('startEmbeddedExample: DATABASE_URL must stay unset.');
  const mails: MailMessage[] = [];
  const services = await createServices(config, { mailSender: async (m) => void mails.push(m) });
  const server = await start(services, config);
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    mails,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await services.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
