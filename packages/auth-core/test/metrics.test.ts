import { CookieJar } from '@mana/internal';
import { createTestMeter, type TestMeter } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthMetrics } from '../src/metrics/auth-metrics.js';
import { createFastSessionCheck } from '../src/sessions/fast-session/fast-session-check.js';
import { createRequestAuthenticator } from '../src/tokens/request-authenticator.js';
import { type AuthTestContext, call, PASSWORD, setupAuthTest, signUp } from './harness.js';

let t: AuthTestContext;
beforeAll(async () => {
  t = await setupAuthTest();
});
afterAll(async () => {
  await t.close();
});

const login = (auth: ReturnType<AuthTestContext['makeAuth']>, email: string, password: string, ip: string) =>
  call(auth, 'POST', '/sign-in/email', {
    body: { email, password },
    remoteAddress: ip,
    jar: new CookieJar(),
  });

describe('metrics through OpenTelemetry', () => {
  let meter: TestMeter;
  let auth: ReturnType<AuthTestContext['makeAuth']>;
  beforeAll(() => {
    meter = createTestMeter();
    auth = t.makeAuth({
      meterProvider: meter.meterProvider,
      rateLimit: { signIn: { window: 60, max: 5 } },
      loginLockout: { maxFailuresPerAccountAndIp: 2 },
    });
  });
  afterAll(() => meter.shutdown());

  it('counts sign-ups and sign-ins by outcome, lockouts by scope, and times each HTTP sign-in', async () => {
    const { email } = await signUp(auth);
    expect(await meter.value('mana_auth.sign_ups', { 'mana_auth.outcome': 'success' })).toBe(1);
    expect((await login(auth, email, PASSWORD, '203.0.113.10')).status).toBe(200);
    expect((await login(auth, email, 'wrong-password-1', '203.0.113.10')).status).toBe(401);
    expect((await login(auth, email, 'wrong-password-1', '203.0.113.10')).status).toBe(401);
    expect((await login(auth, email, PASSWORD, '203.0.113.10')).status).toBe(429);
    const signIns = (outcome: string) => meter.value('mana_auth.sign_ins', { 'mana_auth.outcome': outcome });
    expect(await signIns('success')).toBe(1);
    expect(await signIns('failure')).toBe(2);
    expect(await signIns('locked')).toBe(1);
    expect(await meter.value('mana_auth.lockouts', { 'mana_auth.lock_scope': 'unknown-devices' })).toBe(1);
    expect(await meter.histogramCount('mana_auth.login.duration')).toBe(4);
    expect(await meter.histogramCount('mana_auth.login.duration', { 'http.response.status_code': 401 })).toBe(
      2,
    );
  });

  it('counts limiter refusals by route and as limited sign-ins', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await login(auth, `nobody${i}@example.com`, 'wrong-password-1', '203.0.113.20')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(await meter.value('mana_auth.rate_limit.refusals', { 'http.route': '/sign-in/email' })).toBe(1);
    expect(await meter.value('mana_auth.sign_ins', { 'mana_auth.outcome': 'limited' })).toBe(1);
  });

  it('counts token mints, verifications by result, fast-path session checks and revocations', async () => {
    expect(await createFastSessionCheck(auth).ready).toBe(true);
    const { jar } = await signUp(auth);
    const session = await call(auth, 'GET', '/get-session', { jar });
    expect(session.status).toBe(200);
    const fast = { 'mana_auth.session_check.source': 'fast_path' };
    expect(await meter.value('mana_auth.session_checks', fast)).toBe(1);
    expect(await meter.histogramCount('mana_auth.session_check.duration', fast)).toBe(1);
    expect(await meter.value('mana_auth.session_check.fast_path_ratio')).toBe(1);
    // A request without cookies is Better Auth's to answer: the ratio falls to 1/2.
    expect((await call(auth, 'GET', '/get-session')).status).toBe(200);
    expect(await meter.value('mana_auth.session_check.fast_path_ratio')).toBe(0.5);

    const minted = await call(auth, 'GET', '/token', { jar });
    expect(minted.status).toBe(200);
    expect(await meter.value('mana_auth.tokens.minted')).toBe(1);
    const authenticate = createRequestAuthenticator(auth);
    const token = (minted.body as { token: string }).token;
    expect(await authenticate(new Headers({ authorization: `Bearer ${token}` }))).not.toBeNull();
    expect(await authenticate(new Headers({ authorization: 'Bearer not-a-jwt' }))).toBeNull();
    expect(await meter.value('mana_auth.tokens.verified', { 'mana_auth.result': 'ok' })).toBe(1);
    expect(await meter.value('mana_auth.tokens.verified', { 'mana_auth.result': 'malformed' })).toBe(1);

    expect(await meter.value('mana_auth.sessions.revoked')).toBe(0);
    expect((await call(auth, 'POST', '/sign-out', { jar, body: {} })).status).toBe(200);
    expect(await meter.value('mana_auth.sessions.revoked')).toBe(1);
  });

  it('names every instrument in the mana_auth namespace, with units on the histograms', async () => {
    const names = await meter.names();
    expect(names.every((name) => name.startsWith('mana_auth.'))).toBe(true);
    expect(names).toContain('mana_auth.session_check.fast_path_ratio');
  });
});

describe('without a meter provider', () => {
  it('uses the no-op meter and says so, so hot paths skip timing', () => {
    expect(createAuthMetrics().enabled).toBe(false);
    expect(createAuthMetrics(createTestMeter().meterProvider).enabled).toBe(true);
  });

  it('refuses a meterProvider that is not one, naming the option', () => {
    expect(() => t.makeAuth({ meterProvider: 'prometheus' as never })).toThrow(
      /meterProvider.*MeterProvider/s,
    );
  });
});
