import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, describeWithServer, type RunningExample, startExample } from '@mana/contract-tests';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHonoServer } from './app.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../../packages/auth-monitor/dist/cli-health.js', import.meta.url));

let app: RunningExample;
describeWithServer('monitoring the example', () => {
  beforeAll(async () => {
    app = await startExample(startHonoServer);
  }, 60_000);
  afterAll(() => app?.stop());

  // The monitoring CLI (issue: health check) against a real example server: every check healthy.
  it('mana-auth-health reports the example server healthy, login smoke test included', async () => {
    const email = `monitor-${Date.now()}@example.com`;
    const password = 'SecurePassword123!';
    expect(
      (
        await new Client(app.url).request('POST', '/api/v1/auth/register', {
          json: { email, password, name: 'M' },
        })
      ).status,
    ).toBe(201);
    const { stdout } = await run(
      process.execPath,
      [cli, `${app.url}/api/v1/auth`, '--json', '--login', '--degraded-ms', '2000', '--down-ms', '5000'],
      {
        env: { ...process.env, MANA_AUTH_MONITOR_EMAIL: email, MANA_AUTH_MONITOR_PASSWORD: password },
      },
    );
    const report = JSON.parse(stdout);
    expect(report.targets[0].status).toBe('healthy');
    const checks = report.targets[0].checks as Array<{ name: string; status: string }>;
    for (const name of ['headers', 'health', 'jwks', 'latency', 'login']) {
      expect(checks.find((c) => c.name === name)?.status, name).toBe('pass');
    }
  });
});
