import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type HttpResult } from '../http-client.js';
import { AUTH, loggedInClient } from './attack-helpers.js';
import { type AttackSetup, type AttackTarget, startAttackTarget } from './target.js';

/** The raw session token inside the signed session cookie (`<token>.<signature>`). */
function sessionTokenOf(client: Client): string {
  const name = client.jar
    .header()
    .split('; ')
    .find((c) => /session_token=/.test(c));
  if (!name) throw new Error('no session cookie');
  return decodeURIComponent(name.slice(name.indexOf('=') + 1)).split('.')[0]!;
}

const expectNoStore = (result: HttpResult, label: string) => {
  expect(result.headers.get('cache-control'), label).toBe('no-store');
  expect(result.headers.get('pragma'), label).toBe('no-cache');
};

/**
 * Better Auth's whole API beside the facade: only the allow-list answers, and no answer a
 * signed-in client can get shows its session token (HttpOnly would be moot under XSS).
 */
export function describeExposureAttacks(setup: AttackSetup): void {
  describe('exposure: Better Auth routes and session tokens in bodies', () => {
    let target: AttackTarget;
    beforeAll(async () => {
      target = await startAttackTarget(setup);
    }, 60_000);
    afterAll(() => target?.stop());

    it('answers Better Auth routes outside the allow-list with 404 JSON, and they have no effect', async () => {
      const { client } = await loggedInClient(target.url, 'exposure-blocked');
      const blocked: Array<[string, string, unknown?]> = [
        ['GET', '/list-sessions'],
        ['GET', '/list-sessions/'],
        ['GET', '/list%2Dsessions'],
        ['GET', '//list-sessions'],
        ['GET', '/LIST-SESSIONS'],
        ['POST', '/update-user', { name: 'Mallory' }],
        ['POST', '/delete-user', {}],
        ['POST', '/revoke-sessions', {}],
        ['POST', '/sign-in/email', { email: 'x@example.com', password: 'x' }],
        ['POST', '/sign-up/email', { email: 'y@example.com', password: 'SecurePassword123!', name: 'Y' }],
        ['GET', '/list-accounts'],
        ['POST', '/change-email', { newEmail: 'mallory@example.com' }],
        ['GET', '/ok'],
      ];
      for (const [method, path, json] of blocked) {
        const result = await client.request(method, `${AUTH}${path}`, json === undefined ? {} : { json });
        expect(result.status, `${method} ${path}`).toBe(404);
        expect(result.body?.error?.code, `${method} ${path}`).toBe('NOT_FOUND');
      }
      const session = await client.request('GET', `${AUTH}/session`);
      expect(session.body.user.name).toBe('Victim');
    });

    it('still answers the allowed routes: get-session, token, jwks', async () => {
      const { client } = await loggedInClient(target.url, 'exposure-allowed');
      const getSession = await client.request('GET', `${AUTH}/get-session`);
      expect(getSession.status).toBe(200);
      expect(getSession.body.user.email).toMatch(/^exposure-allowed/);
      const token = await client.request('GET', `${AUTH}/token`);
      expect(token.status).toBe(200);
      expect(String(token.body.token).split('.')).toHaveLength(3);
      expectNoStore(token, '/token');
      expect((await client.request('GET', `${AUTH}/jwks`)).status).toBe(200);
    });

    it('never shows the session token in a body, on any route a signed-in client can call', async () => {
      const { client, email } = await loggedInClient(target.url, 'exposure-token');
      const token = sessionTokenOf(client);
      expect(token.length).toBeGreaterThan(16);
      const calls: Array<[string, string, unknown?]> = [
        ['GET', `${AUTH}/session`],
        ['GET', `${AUTH}/sessions`],
        ['POST', `${AUTH}/refresh`],
        ['GET', `${AUTH}/get-session`],
        ['GET', `${AUTH}/get-session?disableCookieCache=true`],
        ['POST', `${AUTH}/get-session`, {}],
        ['GET', `${AUTH}/token`],
        ['GET', '/api/v1/me'],
        ['POST', `${AUTH}/login`, { email, password: 'SecurePassword123!' }],
        ['GET', `${AUTH}/list-sessions`],
      ];
      for (const [method, path, json] of calls) {
        const result = await client.request(method, path, json === undefined ? {} : { json });
        expect(result.status, `${method} ${path}`).toBeLessThan(500);
        expect(result.text.includes(token), `${method} ${path} shows the session token`).toBe(false);
        expect(result.body?.session?.token, `${method} ${path}`).toBeUndefined();
      }
    });

    it('marks every answer carrying identity or tokens Cache-Control: no-store, Pragma: no-cache', async () => {
      const { client, email, accessToken } = await loggedInClient(target.url, 'exposure-cache');
      const bearer = new Client(target.url);
      const me = await bearer.request('GET', '/api/v1/me', {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(me.status).toBe(200);
      expectNoStore(me, '/api/v1/me');
      const login = await client.request('POST', `${AUTH}/login`, {
        json: { email, password: 'SecurePassword123!' },
      });
      expectNoStore(login, '/login');
      for (const [method, path] of [
        ['POST', `${AUTH}/refresh`],
        ['GET', `${AUTH}/session`],
        ['GET', `${AUTH}/sessions`],
        ['GET', `${AUTH}/get-session`],
        ['GET', `${AUTH}/token`],
      ] as const) {
        const result = await client.request(method, path);
        expect(result.status, path).toBe(200);
        expectNoStore(result, path);
      }
    });
  });
}
