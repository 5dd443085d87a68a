import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badInputCases } from './bad-inputs.js';
import { curl } from './curl.js';
import { SPEC_HEADERS } from './expected-headers.js';
import { Client } from './http-client.js';
import { describeMetricsEndpoint } from './metrics-endpoint.js';
import { describeWithServer } from './needs-server.js';
import { type RunningExample, type StartServer, startExample } from './start.js';

const PASSWORD = 'SecurePassword123!';
const AUTH = '/api/v1/auth';

function expectSpecHeaders(headers: Headers) {
  for (const [name, value] of Object.entries(SPEC_HEADERS)) expect(headers.get(name), name).toBe(value);
  expect(headers.get('x-powered-by')).toBeNull();
}

interface AuditRow {
  event_type: string;
  user_id: string | null;
  ip_address: string | null;
  user_agent: string | null;
  metadata: Record<string, unknown> | null;
}

/**
 * The behaviour every example server must show, over real HTTP on loopback against real
 * PostgreSQL: the spec's manual test flow, the whole REST API, the resource route, limits, a
 * table of bad inputs, security headers on every response, and the audit rows each step leaves.
 */
export function describeExampleServer(name: string, start: StartServer): void {
  describeWithServer(`${name} example server`, () => {
    let app: RunningExample;
    const email = `contract-${name}-${Date.now()}@example.com`;

    beforeAll(async () => {
      app = await startExample(start);
    }, 60_000);
    afterAll(() => app?.stop());
    // Audit rows hold a keyed pseudonym of the client IP (the default), never the address.
    const stored = (ip: string) => app.services.audit.storedIpAddress(ip);

    async function audit(userId: string | null, type?: string): Promise<AuditRow[]> {
      await app.services.audit.flush();
      const rows = await app.services.database.query<AuditRow & Record<string, unknown>>(
        `SELECT event_type, user_id, ip_address, user_agent, metadata FROM auth.security_events
         WHERE ($1::text IS NULL OR user_id = $1) AND ($2::text IS NULL OR event_type = $2) ORDER BY created_at`,
        [userId, type ?? null],
      );
      return rows;
    }

    it('runs the spec manual test flow: register, login with rememberMe, headers, EdDSA JWKS', async () => {
      const client = new Client(app.url);
      const register = await client.request('POST', `${AUTH}/register`, {
        json: { email, password: PASSWORD, name: 'Test' },
      });
      expect(register.status).toBe(201);
      expect(register.body.user).toMatchObject({ email, name: 'Test' });

      const login = await client.request('POST', `${AUTH}/login`, {
        json: { email, password: PASSWORD, rememberMe: true, deviceId: 'device-1' },
        headers: { 'user-agent': 'contract-suite/1.0' },
      });
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        session: { rememberMe: true },
      });
      const cookies = login.headers.getSetCookie();
      expect(cookies.length).toBeGreaterThanOrEqual(2);
      expect(cookies.find((c) => c.includes('session_token='))).toMatch(/Max-Age=2592000/);
      expectSpecHeaders(login.headers);

      const head = await client.request('HEAD', `${AUTH}/health`);
      expect(head.status).toBe(200);
      expectSpecHeaders(head.headers);
      const health = await client.request('GET', `${AUTH}/health`);
      expect(health.body).toMatchObject({ status: 'ok', database: 'reachable' });

      const jwks = await client.request('GET', `${AUTH}/jwks`);
      expect(jwks.status).toBe(200);
      expect(jwks.body.keys.length).toBeGreaterThan(0);
      for (const key of jwks.body.keys) {
        expect(key).toMatchObject({ alg: 'EdDSA', crv: 'Ed25519', kty: 'OKP' });
        expect(key.kid).toBeTruthy();
        expect(key).not.toHaveProperty('d');
      }

      const userId = register.body.user.id as string;
      const rows = await audit(userId);
      expect(rows.map((r) => r.event_type)).toEqual(
        expect.arrayContaining(['signup', 'login_success', 'token_refresh']),
      );
      const success = rows.find((r) => r.event_type === 'login_success')!;
      expect(success.user_agent).toBe('contract-suite/1.0');
      expect(success.ip_address).toBe(stored(client.ip));
      expect(JSON.stringify(rows)).not.toContain(client.ip);
      expect(success.metadata).toMatchObject({ rememberMe: true, deviceId: 'device-1' });
      expect(JSON.stringify(rows)).not.toContain(PASSWORD);
    });

    it('accepts the spec curl commands as written (no Origin, no cookies)', async () => {
      const user = `curl-${name}-${Date.now()}@example.com`;
      const json = { 'Content-Type': 'application/json' };
      const register = await curl(`${app.url}${AUTH}/register`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: user, password: PASSWORD, name: 'Test' }),
      });
      expect(register.status, register.body).toBe(201);
      const login = await curl(`${app.url}${AUTH}/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: user, password: PASSWORD, rememberMe: true }),
      });
      expect(login.status, login.body).toBe(200);
      expect(JSON.parse(login.body).accessToken).toBeTruthy();
      const head = await curl(`${app.url}${AUTH}/health`, { method: 'HEAD' });
      expectSpecHeaders(new Headers(head.headers as Record<string, string>));
      expect(JSON.parse((await curl(`${app.url}${AUTH}/jwks`)).body).keys[0].alg).toBe('EdDSA');
    });

    it('protects /api/v1/me: Bearer token or session cookie, else 401', async () => {
      const client = new Client(app.url);
      const login = await client.request('POST', `${AUTH}/login`, { json: { email, password: PASSWORD } });
      const token = login.body.accessToken as string;
      const anonymous = new Client(app.url);

      const withToken = await anonymous.request('GET', '/api/v1/me', {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(withToken.status).toBe(200);
      expect(withToken.body.user).toMatchObject({ email, via: 'token' });
      expectSpecHeaders(withToken.headers);

      const withCookie = await client.request('GET', '/api/v1/me');
      expect(withCookie.body.user).toMatchObject({ email, via: 'session' });

      for (const authorization of [
        undefined,
        'Bearer not-a-token',
        `Bearer ${token.slice(0, -4)}AAAA`,
        `Basic ${token}`,
      ]) {
        const res = await anonymous.request('GET', '/api/v1/me', {
          headers: authorization ? { authorization } : {},
        });
        expect(res.status, authorization).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHORIZED');
        expectSpecHeaders(res.headers);
      }
    });

    it('refreshes, lists and revokes sessions, and logs out', async () => {
      const a = new Client(app.url);
      const b = new Client(app.url);
      await a.request('POST', `${AUTH}/login`, { json: { email, password: PASSWORD } });
      await b.request('POST', `${AUTH}/login`, { json: { email, password: PASSWORD } });
      const refreshed = await a.request('POST', `${AUTH}/refresh`);
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.accessToken.split('.')).toHaveLength(3);

      const list = await a.request('GET', `${AUTH}/sessions`);
      expect(list.status).toBe(200);
      expect(list.text).not.toMatch(/token/i);
      const bSession = (await b.request('GET', `${AUTH}/session`)).body.session.id as string;
      expect(list.body.sessions.map((s: { id: string }) => s.id)).toContain(bSession);

      const revoke = await a.request('DELETE', `${AUTH}/sessions/${bSession}`);
      expect(revoke.status).toBe(204);
      expectSpecHeaders(revoke.headers);
      expect((await b.request('POST', `${AUTH}/refresh`)).status).toBe(401);

      const stolen = a.clone();
      expect((await a.request('POST', `${AUTH}/logout`)).status).toBe(200);
      expect((await a.request('GET', `${AUTH}/session`)).status).toBe(401);
      expect((await stolen.request('POST', `${AUTH}/refresh`)).status).toBe(401);

      const userId = refreshed.body && (await audit(null, 'session_revoked')).at(-1)?.user_id;
      expect(userId).toBeTruthy();
      const types = (await audit(userId ?? null)).map((r) => r.event_type);
      expect(types).toEqual(expect.arrayContaining(['session_revoked', 'logout']));
    });

    it('refuses replayed cookies and pre-revocation access tokens after logout, session revoke and password change', async () => {
      const revocations: Array<[string, (victim: Client, user: string) => Promise<void>]> = [
        [
          'logout',
          async (victim) => {
            expect((await victim.request('POST', `${AUTH}/logout`)).status).toBe(200);
          },
        ],
        [
          'session revoke',
          async (victim, user) => {
            const id = (await victim.clone().request('GET', `${AUTH}/session`)).body.session.id as string;
            const other = new Client(app.url);
            await other.request('POST', `${AUTH}/login`, { json: { email: user, password: PASSWORD } });
            expect((await other.request('DELETE', `${AUTH}/sessions/${id}`)).status).toBe(204);
          },
        ],
        [
          'password change',
          async (_victim, user) => {
            const other = new Client(app.url);
            await other.request('POST', `${AUTH}/login`, { json: { email: user, password: PASSWORD } });
            const change = await other.request('POST', `${AUTH}/password/change`, {
              json: { currentPassword: PASSWORD, newPassword: 'ChangedPassword456!' },
            });
            expect(change.status).toBe(200);
            expect((await other.request('GET', '/api/v1/me')).status).toBe(200);
          },
        ],
      ];
      for (const [label, revoke] of revocations) {
        const user = `revoke-${name}-${label.replace(' ', '-')}-${Date.now()}@example.com`;
        const victim = new Client(app.url);
        await victim.request('POST', `${AUTH}/register`, {
          json: { email: user, password: PASSWORD, name: 'R' },
        });
        const login = await victim.request('POST', `${AUTH}/login`, {
          json: { email: user, password: PASSWORD },
        });
        const bearer = { authorization: `Bearer ${login.body.accessToken as string}` };
        const stolen = victim.clone(); // the cookies as captured, cache cookie included
        // Every replay starts from the captured cookies (a refusal expires them in the jar).
        const replay = async () => ({
          meCookie: (await stolen.clone().request('GET', '/api/v1/me')).status,
          meBearer: (await new Client(app.url).request('GET', '/api/v1/me', { headers: bearer })).status,
          session: (await stolen.clone().request('GET', `${AUTH}/session`)).status,
          sessions: (await stolen.clone().request('GET', `${AUTH}/sessions`)).status,
          refresh: (await stolen.clone().request('POST', `${AUTH}/refresh`)).status,
          getSession: (await stolen.clone().request('GET', `${AUTH}/get-session`)).body,
          token: (await stolen.clone().request('GET', `${AUTH}/token`)).status,
          updateUser: (
            await stolen.clone().request('POST', `${AUTH}/update-user`, { json: { name: 'Mallory' } })
          ).status,
        });
        const before = await replay();
        expect(before, label).toMatchObject({ meCookie: 200, meBearer: 200, session: 200, sessions: 200 });
        await revoke(victim, user);
        expect(await replay(), label).toEqual({
          meCookie: 401,
          meBearer: 401,
          session: 401,
          sessions: 401,
          refresh: 401,
          getSession: null,
          token: 401,
          // Not exposed by default (betterAuthRoutes): refused before any session check.
          updateUser: 404,
        });
      }
    });

    it('changes the password, then forgets and resets it through the mailed link', async () => {
      const user = `pw-${name}-${Date.now()}@example.com`;
      const client = new Client(app.url);
      const reg = await client.request('POST', `${AUTH}/register`, {
        json: { email: user, password: PASSWORD, name: 'P' },
      });
      const userId = reg.body.user.id as string;
      // Registration answers uniformly (a mail sender is set): it does not sign in.
      expect(reg.headers.getSetCookie()).toEqual([]);
      await client.request('POST', `${AUTH}/login`, { json: { email: user, password: PASSWORD } });
      const change = await client.request('POST', `${AUTH}/password/change`, {
        json: { currentPassword: PASSWORD, newPassword: 'ChangedPassword456!', revokeOtherSessions: true },
      });
      expect(change.status).toBe(200);
      expect(
        (
          await new Client(app.url).request('POST', `${AUTH}/login`, {
            json: { email: user, password: PASSWORD },
          })
        ).status,
      ).toBe(401);

      const known = await client.request('POST', `${AUTH}/password/forgot`, { json: { email: user } });
      const unknown = await client.request('POST', `${AUTH}/password/forgot`, {
        json: { email: `nobody-${Date.now()}@example.com` },
      });
      expect(known.status).toBe(202);
      expect(unknown.status).toBe(202);
      expect(unknown.text).toBe(known.text);
      await expect.poll(() => app.mails.find((m) => m.to === user), { timeout: 5000 }).toBeTruthy();
      const token = /reset-password\/([^?]+)/.exec(app.mails.find((m) => m.to === user)!.url)![1]!;
      const reset = await client.request('POST', `${AUTH}/password/reset`, {
        json: { token, newPassword: 'ResetPassword789!' },
      });
      expect(reset.status).toBe(200);
      expect(
        (
          await new Client(app.url).request('POST', `${AUTH}/login`, {
            json: { email: user, password: 'ResetPassword789!' },
          })
        ).status,
      ).toBe(200);

      const types = (await audit(userId)).map((r) => r.event_type);
      expect(types).toEqual(expect.arrayContaining(['password_change', 'password_reset_completed']));
      const requested = await audit(null, 'password_reset_requested');
      expect(requested.length).toBeGreaterThanOrEqual(2);
      expect(requested.every((r) => r.user_id === null)).toBe(true);
      expect(JSON.stringify(requested)).not.toContain(user);
    });

    it('answers 429 with Retry-After after the sign-in limit, and logs failures and the refusal', async () => {
      const client = new Client(app.url);
      const statuses: number[] = [];
      let last = await client.request('POST', `${AUTH}/login`, {
        json: { email, password: 'wrong-password-1' },
      });
      statuses.push(last.status);
      for (let i = 0; i < 12 && last.status !== 429; i++) {
        last = await client.request('POST', `${AUTH}/login`, {
          json: { email, password: 'wrong-password-1' },
        });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 10), JSON.stringify(statuses)).toEqual(Array(10).fill(401));
      expect(last.status).toBe(429);
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last.body.error.code).toBe('RATE_LIMITED');
      expectSpecHeaders(last.headers);
      const failures = (await audit(null, 'login_failure')).filter((r) => r.ip_address === stored(client.ip));
      expect(failures.length).toBeGreaterThanOrEqual(10);
      expect(failures[0]!.metadata).toMatchObject({ reason: 'invalid_credentials' });
      const limited = (await audit(null, 'rate_limited')).filter((r) => r.ip_address === stored(client.ip));
      expect(limited).toHaveLength(1); // one row per client, route and minute, with the count
      expect(limited[0]!.metadata).toMatchObject({ path: '/sign-in/email', count: 1 });
    });

    it('keys the limiter on the socket address: separate buckets per client, spoofed headers ignored', async () => {
      const attacker = new Client(app.url);
      const bystander = new Client(app.url);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) {
        const spoof = { 'x-forwarded-for': `203.0.113.${i + 1}`, 'x-mana-client-ip': `198.51.100.${i + 1}` };
        const res = await attacker.request('POST', `${AUTH}/login`, {
          json: { email: `ghost-${i}@example.com`, password: 'wrong-password-1' },
          headers: spoof,
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([...Array(10).fill(401), 429]);
      const other = await bystander.request('POST', `${AUTH}/login`, {
        json: { email: 'ghost@example.com', password: 'wrong-password-1' },
        headers: { 'x-forwarded-for': attacker.ip },
      });
      expect(other.status).toBe(401);
      const failures = await audit(null, 'login_failure');
      expect(failures.filter((r) => r.ip_address === stored(attacker.ip)).length).toBeGreaterThanOrEqual(10);
      const spoofed = Array.from({ length: 11 }, (_, i) => stored(`203.0.113.${i + 1}`));
      expect(failures.some((r) => spoofed.includes(r.ip_address))).toBe(false);
    });

    it('answers unknown routes with a JSON 404 that carries the security headers', async () => {
      const res = await new Client(app.url).request('GET', '/no/such/route');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      expectSpecHeaders(res.headers);
    });

    describe('bad input', () => {
      for (const c of badInputCases) {
        it(`${c.method} ${c.path}: ${c.label} → ${c.status} ${c.code}`, async () => {
          const res = await new Client(app.url).request(c.method, `${AUTH}${c.path}`, c.request);
          expect(res.status).toBe(c.status);
          expect(res.body?.error?.code).toBe(c.code);
          expect(res.text).not.toMatch(/\bat .+:\d+:\d+/);
          expectSpecHeaders(res.headers);
        });
      }
    });
  });

  describeWithServer(`${name} example server behind a trusted proxy (TRUSTED_PROXIES=127.0.0.1/32)`, () => {
    let app: RunningExample;
    beforeAll(async () => {
      app = await startExample(start, {
        env: { TRUSTED_PROXIES: '127.0.0.1/32', RATE_LIMIT_SIGN_IN: '2/60' },
      });
    }, 60_000);
    afterAll(() => app?.stop());

    const attempt = (from: string, forwardedFor?: string) =>
      new Client(app.url, from)
        .request('POST', `${AUTH}/login`, {
          json: { email: 'ghost@example.com', password: 'wrong-password-1' },
          ...(forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {}),
        })
        .then((r) => r.status);

    it('hides /metrics (404) from a forwarded remote client without METRICS_TOKEN, not from loopback', async () => {
      const remote = await new Client(app.url, '127.0.0.1').request('GET', '/metrics', {
        headers: { 'x-forwarded-for': '203.0.113.78' },
      });
      expect(remote.status).toBe(404);
      expect(remote.body).toEqual({ error: { code: 'NOT_FOUND', message: 'No such route.' } });
      expectSpecHeaders(remote.headers);
      const local = await new Client(app.url).request('GET', '/metrics');
      expect(local.status).toBe(200);
      expectSpecHeaders(local.headers);
    });

    it('uses the forwarded address from the proxy, and only from it', async () => {
      // Through the proxy (127.0.0.1): the right-most hop it appended is the client.
      expect(await attempt('127.0.0.1', '6.6.6.6, 203.0.113.10')).toBe(401);
      expect(await attempt('127.0.0.1', '7.7.7.7, 203.0.113.10')).toBe(401);
      expect(await attempt('127.0.0.1', '203.0.113.10')).toBe(429);
      expect(await attempt('127.0.0.1', '203.0.113.11')).toBe(401);
      // A client connecting directly cannot borrow that bucket or escape its own.
      const direct = new Client(app.url).ip;
      expect(await attempt(direct, '203.0.113.11')).toBe(401);
      expect(await attempt(direct, '203.0.113.12')).toBe(401);
      expect(await attempt(direct, '203.0.113.13')).toBe(429);
      await app.services.audit.flush();
      const rows = await app.services.database.query<{ ip_address: string | null }>(
        `SELECT ip_address FROM auth.security_events WHERE event_type = 'login_failure'`,
      );
      const ips = rows.map((r) => r.ip_address);
      const stored = (ip: string) => app.services.audit.storedIpAddress(ip);
      expect(ips).toEqual(
        expect.arrayContaining([stored('203.0.113.10'), stored('203.0.113.11'), stored(direct)]),
      );
      expect(ips).not.toContain(stored('203.0.113.12'));
    });
  });

  describeWithServer(`${name} example server metrics`, () => describeMetricsEndpoint(name, start));
}
