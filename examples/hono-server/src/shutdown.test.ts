import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Client, describeWithServer, freePort, testEnv } from '@mana/contract-tests';
import { createTestDatabase, type TestDatabase } from '@mana/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';

const AUTH = '/api/v1/auth';
const PASSWORD = 'SecurePassword123!';
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

let db: TestDatabase;
let child: ChildProcess;
let url: string;
let output = '';

describeWithServer('SIGTERM during a burst', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // The built server, as it runs in production: a separate process.
    child = spawn(process.execPath, [main], {
      env: { ...process.env, ...testEnv(db, undefined, port), RATE_LIMIT_SIGN_IN: '100000/60' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    for (let i = 0; i < 100 && !output.includes('listening'); i++)
      await new Promise((r) => setTimeout(r, 100));
    if (!output.includes('listening')) throw new Error(`server did not start:\n${output}`);
  }, 30_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await db.close();
  });

  it('SIGTERM during a burst of logins: every login that got 200 has its audit row', async () => {
    const email = `burst-${Date.now()}@example.com`;
    const register = await new Client(url).request('POST', `${AUTH}/register`, {
      json: { email, password: PASSWORD, name: 'B' },
    });
    expect(register.status).toBe(201);
    const userId = register.body.user.id as string;

    let ok = 0;
    let refused = 0;
    let stop = false;
    const worker = async (n: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await new Client(url, `127.${n + 10}.${Math.floor(i / 250)}.${(i % 250) + 1}`).request(
            'POST',
            `${AUTH}/login`,
            {
              json: { email, password: PASSWORD },
            },
          );
          if (res.status === 200) ok++;
        } catch {
          refused++; // connection refused or reset once the server stopped listening
          if (child.exitCode !== null || refused > 50) stop = true;
        }
      }
    };
    const workers = Array.from({ length: 6 }, (_, n) => worker(n));
    // Signal mid-burst: once logins are flowing (password hashing makes each take a while).
    for (let waited = 0; ok < 6 && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    const okBeforeSignal = ok;
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    stop = true;
    await Promise.all(workers);

    expect(code).toBe(0);
    expect(output).toContain('shut down cleanly');
    expect(okBeforeSignal, output).toBeGreaterThanOrEqual(6);
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM auth.security_events WHERE user_id = $1 AND event_type = 'login_success'",
      [userId],
    );
    expect(rows[0]!.n).toBe(ok);
  }, 60_000);
});
