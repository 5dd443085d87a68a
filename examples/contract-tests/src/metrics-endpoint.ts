import { loadConfig } from '@mana/example-shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from './http-client.js';
import { type RunningExample, type StartServer, startExample, testEnv } from './start.js';

const AUTH = '/api/v1/auth';
const PASSWORD = 'SecurePassword123!';
const TOKEN = 'metrics-token-of-the-contract-suite-0123456789';

/**
 * The value of one sample in Prometheus text (`name{labels} value`) whose labels include
 * `labels`; 0 when the series is not there yet (a counter that never moved).
 */
export function prometheusSample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const series = match[2] ?? '';
    if (Object.entries(labels).every(([key, value]) => series.includes(`${key}="${value}"`))) {
      total += Number(match[3]);
    }
  }
  return total;
}

/**
 * `GET /metrics` (docs/operations.md, "Metrics"): Prometheus text for loopback clients and
 * token holders, with the sign-in and limiter counters moving as requests come in; a remote
 * client (a forwarded address from the trusted proxy: every socket address here is loopback)
 * is refused.
 */
export function describeMetricsEndpoint(name: string, start: StartServer): void {
  describe(`${name} GET /metrics (Prometheus)`, () => {
    let app: RunningExample;
    beforeAll(async () => {
      app = await startExample(start, {
        env: { TRUSTED_PROXIES: '127.0.0.1/32', RATE_LIMIT_SIGN_IN: '3/60', METRICS_TOKEN: TOKEN },
      });
    }, 60_000);
    afterAll(() => app?.stop());

    const scrape = async () => {
      const result = await new Client(app.url).request('GET', '/metrics');
      expect(result.status).toBe(200);
      expect(result.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return result.text;
    };

    it('shows the sign-in counter move after a login, and times it', async () => {
      const signIns = (text: string) =>
        prometheusSample(text, 'mana_auth_sign_ins_total', { mana_auth_outcome: 'success' });
      const before = await scrape();
      const client = new Client(app.url);
      const email = `metrics-${name}-${Date.now()}@example.com`;
      const register = await client.request('POST', `${AUTH}/register`, {
        json: { email, password: PASSWORD, name: 'Metrics' },
      });
      expect(register.status).toBe(201);
      const login = await client.request('POST', `${AUTH}/login`, { json: { email, password: PASSWORD } });
      expect(login.status).toBe(200);
      const after = await scrape();
      expect(signIns(after)).toBe(signIns(before) + 1);
      expect(prometheusSample(after, 'mana_auth_sign_ups_total', { mana_auth_outcome: 'success' })).toBe(
        prometheusSample(before, 'mana_auth_sign_ups_total', { mana_auth_outcome: 'success' }) + 1,
      );
      expect(prometheusSample(after, 'mana_auth_login_duration_count')).toBeGreaterThan(0);
      expect(after).toMatch(/^mana_auth_audit_queue_size\{.*\} \d+$/m);
    });

    it('shows the 429 counter move after a limited request', async () => {
      const refusals = (text: string) =>
        prometheusSample(text, 'mana_auth_rate_limit_refusals_total', { http_route: '/sign-in/email' });
      const before = await scrape();
      const client = new Client(app.url);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const attempt = await client.request('POST', `${AUTH}/login`, {
          json: { email: `nobody${i}@example.com`, password: 'Wrong-password-1' },
        });
        statuses.push(attempt.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      const after = await scrape();
      expect(refusals(after)).toBe(refusals(before) + 1);
      expect(prometheusSample(after, 'mana_auth_sign_ins_total', { mana_auth_outcome: 'limited' })).toBe(1);
    });

    it('refuses a remote client with 403, and lets it in with the token', async () => {
      // Through the trusted proxy (127.0.0.1) for a remote client: not loopback.
      const proxy = new Client(app.url, '127.0.0.1');
      const remote = { 'x-forwarded-for': '203.0.113.77' };
      const refused = await proxy.request('GET', '/metrics', { headers: remote });
      expect(refused.status).toBe(403);
      expect(refused.text).not.toMatch(/mana_auth_/);
      const wrong = await proxy.request('GET', '/metrics', {
        headers: { ...remote, authorization: `Bearer ${TOKEN.slice(0, -1)}x` },
      });
      expect(wrong.status).toBe(403);
      const allowed = await proxy.request('GET', '/metrics', {
        headers: { ...remote, authorization: `Bearer ${TOKEN}` },
      });
      expect(allowed.status).toBe(200);
      expect(allowed.text).toMatch(/^# TYPE mana_auth_sign_ins_total counter$/m);
    });

    it('refuses to start with a METRICS_TOKEN shorter than 32 characters', () => {
      const env = testEnv({}, undefined, 3999, { METRICS_TOKEN: 'too-short-a-token' });
      expect(() => loadConfig(env)).toThrow(/METRICS_TOKEN must be at least 32 characters/);
    });
  });
}
