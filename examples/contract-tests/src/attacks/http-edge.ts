import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPEC_HEADERS } from '../expected-headers.js';
import { Client } from '../http-client.js';
import { rawRequest, rawSocketRequest } from './raw-request.js';
import { type AttackSetup, type AttackTarget, startAttackTarget } from './target.js';

const AUTH = '/api/v1/auth';
const PASSWORD = 'SecurePassword123!';
const MIB = 1024 * 1024;

function expectSpecHeaders(headers: Headers): void {
  for (const [name, value] of Object.entries(SPEC_HEADERS)) expect(headers.get(name), name).toBe(value);
}

function expectError(
  result: { status: number; headers: Headers; text: string },
  status: number,
  code: string,
) {
  expect(result.status, result.text).toBe(status);
  expect(JSON.parse(result.text)).toMatchObject({ error: { code } });
  expect(result.headers.get('content-type')).toMatch(/^application\/json/);
  expectSpecHeaders(result.headers);
}

/**
 * Clean refusals at the HTTP edge (docs/security.md): bodies past the cap get 413 before any
 * route parses them (declared, streamed or lying), bad percent-encodings get 400 instead of 500,
 * and a hostile `Host` or `X-Forwarded-Host` changes neither links, nor origin checks, nor routing.
 */
export function describeHttpEdgeAttacks(setup: AttackSetup): void {
  describe('HTTP edge: body limits, path encoding, Host header', () => {
    let target: AttackTarget;
    let victim: Client;
    const email = `edge-${setup.name}-${Date.now()}@example.com`;

    beforeAll(async () => {
      // Better Auth's own profile routes are not exposed by default (betterAuthRoutes): this class
      // exposes them, as a service that offers them would, to attack them.
      target = await startAttackTarget(setup, { EXPOSE_BETTER_AUTH_ROUTES: '/update-user,/sign-up/email' });
      victim = new Client(target.url);
      const registered = await victim.request('POST', `${AUTH}/register`, {
        json: { email, password: PASSWORD, name: 'Edge Victim' },
      });
      expect(registered.status).toBe(201);
      // Registration answers uniformly and signs nobody in (a mail sender is set): log in.
      const login = await victim.request('POST', `${AUTH}/login`, { json: { email, password: PASSWORD } });
      expect(login.status).toBe(200);
    }, 60_000);
    afterAll(() => target?.stop());

    it("refuses 2 MiB to Better Auth's /update-user with 413 before parsing it", async () => {
      const huge = await victim.request('POST', `${AUTH}/update-user`, {
        json: { name: 'x'.repeat(2 * MIB) },
      });
      expectError({ ...huge, text: huge.text }, 413, 'PAYLOAD_TOO_LARGE');
      const session = await victim.request('GET', `${AUTH}/session`);
      expect(session.body.user.name).toBe('Edge Victim');
      const small = await victim.request('POST', `${AUTH}/update-user`, { json: { name: 'Still Works' } });
      expect(small.status).toBe(200);
    });

    it('refuses an oversized body on every kind of route: REST, Better Auth, unknown', async () => {
      const body = JSON.stringify({ email, password: PASSWORD, name: 'n'.repeat(17 * 1024) });
      for (const path of [
        '/register',
        '/login',
        '/sign-in/email',
        '/sign-up/email',
        '/password/forgot',
        '/nope',
      ]) {
        const result = await rawRequest(target.url, {
          method: 'POST',
          path: `${AUTH}${path}`,
          headers: { 'content-type': 'application/json', origin: target.url },
          body,
        });
        expectError(result, 413, 'PAYLOAD_TOO_LARGE');
      }
    });

    it('counts a streamed body without Content-Length and stops reading at the cap', async () => {
      const chunks = Array.from({ length: 256 }, () => Buffer.alloc(8 * 1024, 'a'));
      const result = await rawRequest(target.url, {
        method: 'POST',
        path: `${AUTH}/sign-up/email`,
        headers: { 'content-type': 'application/json', origin: target.url },
        body: { chunks: [Buffer.from('{"name":"'), ...chunks] },
      });
      expectError(result, 413, 'PAYLOAD_TOO_LARGE');
      expect(result.headers.get('connection')).toBe('close');
    });

    it('answers a lying Content-Length (10 MB promised, 20 bytes sent) at once with 413', async () => {
      const port = Number(new URL(target.url).port);
      const head = `POST ${AUTH}/update-user HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n`;
      const result = await rawSocketRequest(port, head, '{"name":"partial...');
      expectError(result, 413, 'PAYLOAD_TOO_LARGE');
    }, 5_000);

    it('answers bad percent-encodings below the base path with 400 INVALID_ENCODING', async () => {
      const cases: [string, string][] = [
        ['DELETE', '/sessions/%ZZ'],
        ['DELETE', '/sessions/%E2%82'],
        ['GET', '/%ZZ'],
        ['GET', '/get-session%E2%82'],
        ['POST', '/sign-in/%C0'],
        ['GET', '/sessions/%'],
      ];
      for (const [method, path] of cases) {
        const result = await victim.request(method, `${AUTH}${path}`);
        expectError(result, 400, 'INVALID_ENCODING');
      }
    });

    it('answers bad percent-encodings outside the auth API with a JSON 4xx, never 500', async () => {
      for (const path of ['/api/v1/me/%ZZ', '/api/v1/me%E2%82', '/%E2%82', '/api/v1/%ZZ/x']) {
        const result = await victim.request('GET', path);
        expect(result.status, path).toBeGreaterThanOrEqual(400);
        expect(result.status, path).toBeLessThan(500);
        expect(result.body?.error?.code, path).toEqual(expect.any(String));
        expectSpecHeaders(result.headers);
      }
    });

    it('builds the reset link from the configured base URL, whatever Host and X-Forwarded-Host say', async () => {
      const before = target.mails.length;
      const result = await rawRequest(target.url, {
        method: 'POST',
        path: `${AUTH}/password/forgot`,
        headers: {
          host: 'evil.example',
          'x-forwarded-host': 'evil.example',
          'x-forwarded-proto': 'https',
          'content-type': 'application/json',
          origin: target.url,
        },
        body: JSON.stringify({ email }),
      });
      expect(result.status, result.text).toBe(202);
      await expect.poll(() => target.mails.length, { timeout: 5_000 }).toBeGreaterThan(before);
      const mail = JSON.stringify(target.mails.at(-1));
      expect(mail).not.toContain('evil.example');
      expect(mail).toContain(new URL(target.url).origin);
    });

    it('keeps origin checks and routing on the configured origin under a hostile Host', async () => {
      const cookie = (() => {
        const headers = new Headers();
        victim.jar.applyTo(headers);
        return headers.get('cookie') ?? '';
      })();
      const spoofed = { host: 'evil.example', 'x-forwarded-host': 'evil.example', cookie };
      const json = { 'content-type': 'application/json' };
      const body = JSON.stringify({ name: 'Hijacked' });
      const evilOrigin = await rawRequest(target.url, {
        method: 'POST',
        path: `${AUTH}/update-user`,
        headers: { ...spoofed, ...json, origin: 'http://evil.example' },
        body,
      });
      expect(evilOrigin.status).toBe(403);
      expectSpecHeaders(evilOrigin.headers);
      const redirect = await rawRequest(target.url, {
        method: 'GET',
        path: `${AUTH}/reset-password/bogus?callbackURL=${encodeURIComponent('http://evil.example/cb')}`,
        headers: spoofed,
      });
      expect(redirect.headers.get('location') ?? '').not.toContain('evil.example');
      expect(redirect.status).toBeLessThan(500);
      const health = await rawRequest(target.url, {
        method: 'GET',
        path: `${AUTH}/health`,
        headers: spoofed,
      });
      expect(health.status).toBe(200);
      const session = await victim.request('GET', `${AUTH}/session`);
      expect(session.body.user.name).toBe('Still Works');
    });
  });
}
