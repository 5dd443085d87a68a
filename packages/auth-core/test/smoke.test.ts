import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AuthTestContext, call, setupAuthTest, signIn, signUp } from './harness.js';

let t: AuthTestContext;
beforeAll(async () => {
  t = await setupAuthTest();
});
afterAll(() => t.close());

it('smoke', async () => {
  const auth = t.makeAuth();
  const { email } = await signUp(auth);
  const { result, jar } = await signIn(auth, email, { rememberMe: true });
  console.log(result.status, result.setCookies);
  const jwks = await call(auth, 'GET', '/jwks');
  console.log(JSON.stringify(jwks.body));
  const token = await call(auth, 'GET', '/token', { jar });
  console.log(token.status, token.body);
  t.queries.length = 0;
  const s = await call(auth, 'GET', '/get-session', { jar });
  console.log(s.status, JSON.stringify(s.body), t.queries);
  const rows = await t.database.query('SELECT remember_me, expires_at FROM auth.sessions');
  console.log(rows);
  expect(result.status).toBe(200);
});
