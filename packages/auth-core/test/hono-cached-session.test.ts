import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manaAuthHono } from '../src/adapters/hono/index.js';
import type { ManaAuth } from '../src/create-auth.js';
import { createAuthApi } from '../src/rest-api/auth-api.js';
import { cachedSessionAnswerOf } from '../src/sessions/fast-session/cached-session-lane.js';
import { createFastSessionCheck } from '../src/sessions/fast-session/fast-session-check.js';
import {
  type AuthTestContext,
  BASE_PATH,
  type CookieJar,
  call,
  setupAuthTest,
  signIn,
  signUp,
} from './harness.js';

// The Hono adapter answers a cached session check before it copies the request to the
// configured origin (docs/benchmarks.md): the answer must be the one the handler gives.

let t: AuthTestContext;
let auth: ManaAuth;

beforeAll(async () => {
  t = await setupAuthTest();
  auth = t.makeAuth({ mailSender: async () => {} });
  expect(await createFastSessionCheck(auth).ready).toBe(true);
});
afterAll(() => t.close());

const withoutDate = (headers: Headers) =>
  [...headers.entries()].filter(([name]) => name !== 'date').sort(([a], [b]) => a.localeCompare(b));
const headersOf = (jar: CookieJar) => {
  const headers = new Headers();
  jar.applyTo(headers);
  return headers;
};
async function liveSession() {
  const { email } = await signUp(auth);
  return (await signIn(auth, email, { rememberMe: true })).jar;
}

describe('manaAuthHono and cached session checks', () => {
  for (const path of ['/get-session', '/session']) {
    it(`GET ${path} from another Host: the router's status, body and headers, zero queries`, async () => {
      const jar = await liveSession();
      const api = createAuthApi(auth);
      expect(cachedSessionAnswerOf(api)).toBeDefined();
      const app = new Hono();
      app.use(manaAuthHono(api));
      const routed = await call(auth, 'GET', `${path}?through=router`, { jar: jar.clone() });
      t.queries.length = 0;
      const response = await app.request(`http://evil.example:8080${BASE_PATH}${path}`, {
        headers: headersOf(jar),
      });
      expect(t.queries).toEqual([]);
      expect(response.status).toBe(routed.status);
      expect(await response.json()).toEqual(routed.body);
      expect(withoutDate(response.headers)).toEqual(withoutDate(routed.headers));
    });
  }

  it('without cookies, or through a handler of its own, the request reaches the handler at the configured origin', async () => {
    const api = createAuthApi(auth);
    const seen: string[] = [];
    const wrapped = Object.assign(
      async (request: Request) => {
        seen.push(request.url);
        return api(request);
      },
      { settings: api.settings },
    );
    expect(cachedSessionAnswerOf(wrapped)).toBeUndefined();
    const app = new Hono();
    app.use(manaAuthHono(wrapped));
    const jar = await liveSession();
    const answered = await app.request(`http://evil.example:8080${BASE_PATH}/session`, {
      headers: headersOf(jar),
    });
    expect(answered.status).toBe(200);
    const refused = await app.request(`http://evil.example:8080${BASE_PATH}/session`);
    expect(refused.status).toBe(401);
    const origin = new URL(auth.settings.baseURL).origin;
    expect(seen).toEqual([`${origin}${BASE_PATH}/session`, `${origin}${BASE_PATH}/session`]);
  });
});
