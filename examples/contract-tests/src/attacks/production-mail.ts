// Password-reset links printed to stdout land in log files, and whoever reads the logs can take
// over accounts. The BUILT example, started as a process with NODE_ENV=production and no mail
// sender, must refuse to start; with the explicit opt-in it starts but logs no link or token.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, createTestRedis, type TestDatabase, type TestRedis } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../http-client.js';
import { freePort, testEnv } from '../start.js';
import type { AttackSetup } from './target.js';

const AUTH = '/api/v1/auth';
const OPT_IN = 'ALLOW_CONSOLE_MAIL_IN_PRODUCTION';

interface ExampleProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed (stdout and stderr). */
  output: () => string;
}

/** Starts `examples/<name>-server/dist/main.js` the way a deployment would, with its own output captured. */
async function spawnExample(
  setup: AttackSetup,
  db: TestDatabase,
  redis: TestRedis | undefined,
  env: NodeJS.ProcessEnv,
): Promise<ExampleProcess> {
  const main = fileURLToPath(new URL(`../../../${setup.name}-server/dist/main.js`, import.meta.url));
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      ...testEnv(db, redis, port, { ...(redis ? { REDIS_KEY_PREFIX: redis.prefix } : {}), ...env }),
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, url: `http://127.0.0.1:${port}`, output: () => output };
}

async function stopped(example: ExampleProcess | undefined): Promise<void> {
  if (!example || example.child.exitCode !== null || example.child.signalCode !== null) return;
  const exit = once(example.child, 'exit');
  example.child.kill('SIGTERM');
  await exit;
}

/** The one reset token issued: a verification row in PostgreSQL, or a key in Redis when it has one. */
async function resetToken(db: TestDatabase, redis: TestRedis | undefined): Promise<string> {
  const marker = 'reset-password:';
  const { rows } = await db.query<{ identifier: string }>(
    `SELECT identifier FROM auth.verifications WHERE identifier LIKE '${marker}%'`,
  );
  const found = rows.map((row) => row.identifier);
  if (redis) found.push(...(await redis.client.keys(`${redis.prefix}*${marker}*`)));
  expect(found).toHaveLength(1);
  return found[0]!.slice(found[0]!.indexOf(marker) + marker.length);
}

/** Production start-up without a mail sender, and what the opt-in logs. */
export function describeProductionMailAttacks(setup: AttackSetup): void {
  describe('reset links in production logs', () => {
    let db: TestDatabase;
    let redis: TestRedis | undefined;
    let refused: ExampleProcess | undefined;
    let optedIn: ExampleProcess | undefined;

    beforeAll(async () => {
      db = await createTestDatabase();
      redis = setup.redis ? await createTestRedis() : undefined;
    }, 30_000);
    afterAll(async () => {
      await stopped(refused);
      await stopped(optedIn);
      await redis?.close();
      await db?.close();
    });

    it('refuses to start with NODE_ENV=production and no mail sender, naming the opt-in', async () => {
      refused = await spawnExample(setup, db, redis, {});
      const [code] = (await once(refused.child, 'exit')) as [number | null];
      expect(code).not.toBe(0);
      expect(refused.output()).toContain('NODE_ENV=production but no mail sender is configured');
      expect(refused.output()).toContain(`set ${OPT_IN}=1`);
      expect(refused.output()).not.toContain('listening');
      await expect(fetch(`${refused.url}${AUTH}/health`)).rejects.toThrow();
    }, 20_000);

    it(`with ${OPT_IN}=1, logs that a reset email was not delivered, never its link or token`, async () => {
      optedIn = await spawnExample(setup, db, redis, { [OPT_IN]: '1' });
      await expect.poll(() => optedIn!.output(), { timeout: 15_000 }).toContain('listening');
      const email = `reset-${setup.name}-${Date.now()}@example.com`;
      const client = new Client(optedIn.url);
      const register = await client.request('POST', `${AUTH}/register`, {
        json: { email, password: 'SecurePassword123!', name: 'R' },
      });
      expect(register.status).toBeLessThan(300);
      const forgot = await client.request('POST', `${AUTH}/password/forgot`, { json: { email } });
      expect(forgot.status).toBe(202);
      await expect
        .poll(() => optedIn!.output(), { timeout: 5000 })
        .toContain('password-reset email to r***@example.com not delivered');
      const token = await resetToken(db, redis);
      expect(token.length).toBeGreaterThan(10);
      const output = optedIn.output();
      expect(output).not.toContain(token);
      expect(output).not.toContain('reset-password/');
      expect(output).not.toContain(email);
    }, 30_000);
  });
}
