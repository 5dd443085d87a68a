import { createAuthApi, createAuthOptions, type ManaAuth } from '@mana/auth-core';
import { betterAuth } from 'better-auth';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allEvents,
  BASE_URL,
  call,
  type EventRow,
  Jar,
  makeAuth,
  PASSWORD,
  SECRET,
  userIdOf,
} from '../../test/auth-harness.js';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/helpers.js';
import { SecurityEventsService } from '../security-events-service.js';
import { securityEvents } from './security-events-plugin.js';

const UA = 'Mozilla/5.0 (TestOS) Browser/1.0';

describe('refusals, client details and failure isolation', () => {
  let db: MigratedDatabase;
  let service: SecurityEventsService;
  const seen = new Set<string>();
  let counter = 0;
  const fresh = async (): Promise<EventRow[]> => {
    await service.flush();
    const rows = (await allEvents(db)).filter((row) => !seen.has(row.id));
    for (const row of rows) seen.add(row.id);
    return rows;
  };
  const email = () => `refusal${++counter}@example.test`;
  const signUp = async (auth: ManaAuth, address = email(), ip = '192.0.2.1') => {
    const reply = await call(auth, 'POST', '/sign-up/email', {
      body: { email: address, password: PASSWORD, name: 'R' },
      ip,
    });
    expect(reply.status).toBe(200);
    return { email: address, userId: userIdOf(reply) };
  };

  beforeAll(async () => {
    db = await openMigratedDatabase();
    service = new SecurityEventsService({ database: db.database, logger: false, flushIntervalMs: 10 });
  });
  afterAll(async () => {
    await service.close();
    await db.close();
  });

  it('rate_limited: a refused request is logged, and a refused sign-in is also a login_failure', async () => {
    const auth = makeAuth(db, {
      rateLimit: { signIn: { window: 60, max: 2 } },
      plugins: [securityEvents(service)],
    });
    const { email: address } = await signUp(auth);
    await fresh();
    const ip = '203.0.113.50';
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (
          await call(auth, 'POST', '/sign-in/email', {
            body: { email: address, password: PASSWORD },
            ip,
            userAgent: UA,
          })
        ).status,
      );
    }
    expect(statuses).toEqual([200, 200, 429]);
    const rows = (await fresh()).filter((r) => r.event_type !== 'login_success');
    expect(rows.map((r) => [r.event_type, r.user_id, r.ip_address, r.user_agent])).toEqual([
      ['rate_limited', null, ip, UA],
      ['login_failure', null, ip, UA],
    ]);
    expect(rows[0]?.metadata).toEqual({
      reason: 'rate_limited',
      path: '/sign-in/email',
      method: 'POST',
      retryAfterSeconds: expect.any(Number),
    });
    expect(rows[1]?.metadata).toEqual({
      reason: 'rate_limited',
      status: 429,
      method: 'email',
      retryAfterSeconds: expect.any(Number),
    });
    expect(Number(rows[0]?.metadata?.retryAfterSeconds)).toBeGreaterThan(0);
  });

  it('account_locked when the per-account limit trips; each sign-in refused while locked is a login_failure', async () => {
    const auth = makeAuth(db, {
      loginLockout: { maxFailuresPerAccountAndIp: 3 },
      plugins: [securityEvents(service)],
    });
    const { email: address, userId } = await signUp(auth);
    await fresh();
    const ip = '203.0.113.60';
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (
          await call(auth, 'POST', '/sign-in/email', {
            body: { email: address, password: 'Wrong-Password-123' },
            ip,
            userAgent: UA,
          })
        ).status,
      );
    }
    statuses.push(
      (
        await call(auth, 'POST', '/sign-in/email', {
          body: { email: address, password: PASSWORD },
          ip,
          userAgent: UA,
        })
      ).status,
    );
    expect(statuses).toEqual([401, 401, 401, 429]);
    const rows = await fresh();
    // auth-core's lockout hook and ours run in plugin order: compare the third attempt's two rows as a set.
    const summary = rows.map((r) => `${r.event_type}|${r.user_id}|${r.metadata?.reason}`);
    expect(summary.slice(0, 2)).toEqual([
      'login_failure|null|invalid_credentials',
      'login_failure|null|invalid_credentials',
    ]);
    expect(summary.slice(2, 4).sort()).toEqual([
      `account_locked|${userId}|too_many_failures`,
      'login_failure|null|invalid_credentials',
    ]);
    expect(summary[4]).toBe('login_failure|null|account_locked');
    expect(rows).toHaveLength(5);
    const locked = rows.find((r) => r.event_type === 'account_locked');
    expect(locked).toMatchObject({ ip_address: ip, user_agent: UA });
    expect(locked?.metadata).toEqual({
      reason: 'too_many_failures',
      email: address,
      failures: 3,
      retryAfterSeconds: expect.any(Number),
    });
    const refused = rows[rows.length - 1];
    expect(refused?.metadata).toEqual({
      reason: 'account_locked',
      status: 429,
      method: 'email',
      email: address,
      failures: 3,
      retryAfterSeconds: expect.any(Number),
    });
  });

  it('reads the client IP by the trusted-header rules, keeping IPv6 whole', async () => {
    const direct = makeAuth(db, { plugins: [securityEvents(service)] });
    const proxied = makeAuth(db, {
      clientIp: { headers: ['x-forwarded-for'], trustedProxies: ['10.0.0.0/8'] },
      plugins: [securityEvents(service)],
    });
    const tries: Array<[ManaAuth, string]> = [
      [direct, '2001:db8:1:2:3:4:5:6'],
      [direct, '198.51.100.1, 198.51.100.2'], // two hops and no trusted proxy: spoofable, ignored
      [proxied, '198.51.100.9, 10.1.2.3'], // the proxy's hop is stripped
      [direct, 'not-an-ip'],
    ];
    for (const [auth, ip] of tries) {
      await call(auth, 'POST', '/sign-in/email', {
        body: { email: 'nobody@example.test', password: 'x' },
        ip,
      });
    }
    const rows = await fresh();
    expect(rows.map((r) => r.ip_address)).toEqual(['2001:db8:1:2:3:4:5:6', null, '198.51.100.9', null]);
  });

  it('fills the columns from the login body only for a trusted server', async () => {
    const auth = makeAuth(db, {
      plugins: [
        securityEvents(service, { trustedServer: (request) => request?.headers.get('x-bff-key') === 'k' }),
      ],
    });
    const { email: address } = await signUp(auth);
    await fresh();
    const body = {
      email: address,
      password: PASSWORD,
      ipAddress: '198.51.100.77',
      userAgent: 'EndUserBrowser/9',
      deviceId: 'd1',
    };
    await call(auth, 'POST', '/sign-in/email', {
      body,
      ip: '192.0.2.200',
      userAgent: 'BFF/1.0',
      headers: { 'x-bff-key': 'k' },
    });
    await call(auth, 'POST', '/sign-in/email', { body, ip: '192.0.2.200', userAgent: 'BFF/1.0' });
    const [trusted, untrusted] = await fresh();
    expect(trusted).toMatchObject({
      ip_address: '198.51.100.77',
      user_agent: 'EndUserBrowser/9',
      metadata: { deviceId: 'd1' },
    });
    expect(trusted?.metadata).not.toHaveProperty('clientIpAddress');
    expect(untrusted).toMatchObject({
      ip_address: '192.0.2.200',
      user_agent: 'BFF/1.0',
      metadata: { deviceId: 'd1', clientIpAddress: '198.51.100.77', clientUserAgent: 'EndUserBrowser/9' },
    });
  });

  it('logs the REST facade /login with the spec body fields', async () => {
    const auth = makeAuth(db, { mailSender: async () => {}, plugins: [securityEvents(service)] });
    const api = createAuthApi(auth, { database: db.database });
    const { email: address, userId } = await signUp(auth);
    await fresh();
    const jar = new Jar();
    const reply = await call({ handler: api }, 'POST', '/login', {
      body: {
        email: address,
        password: PASSWORD,
        rememberMe: true,
        deviceId: 'ios-7',
        ipAddress: '198.51.100.3',
        userAgent: 'App/1',
      },
      jar,
      ip: '192.0.2.44',
      userAgent: UA,
    });
    expect(reply.status).toBe(200);
    const rows = await fresh();
    expect(rows.map((r) => [r.event_type, r.user_id, r.ip_address])).toEqual([
      ['login_success', userId, '192.0.2.44'],
      ['token_refresh', userId, '192.0.2.44'],
    ]);
    expect(rows[0]?.metadata).toMatchObject({
      rememberMe: true,
      deviceId: 'ios-7',
      clientIpAddress: '198.51.100.3',
      clientUserAgent: 'App/1',
    });
    expect((await call({ handler: api }, 'POST', '/logout', { jar, ip: '192.0.2.44' })).status).toBe(200);
    expect((await fresh()).map((r) => [r.event_type, r.user_id])).toEqual([['logout', userId]]);
  });

  it('tells a real sign-up from a taken email when Better Auth hides the difference', async () => {
    const options = createAuthOptions({
      database: db.database,
      secret: SECRET,
      baseURL: BASE_URL,
      clientIp: { headers: ['x-forwarded-for'] },
      rateLimit: { enabled: false },
      loginLockout: false,
      plugins: [securityEvents(service)],
    });
    const auth = betterAuth({
      ...options,
      emailAndPassword: { ...options.emailAndPassword, autoSignIn: false },
    });
    const address = email();
    const first = await call(auth, 'POST', '/sign-up/email', {
      body: { email: address, password: PASSWORD, name: 'A' },
      ip: '192.0.2.5',
    });
    const second = await call(auth, 'POST', '/sign-up/email', {
      body: { email: address, password: PASSWORD, name: 'B' },
      ip: '192.0.2.5',
    });
    expect([first.status, second.status]).toEqual([200, 200]);
    const rows = await fresh();
    expect(rows.map((r) => [r.event_type, r.user_id, r.metadata?.reason ?? r.metadata?.autoSignIn])).toEqual([
      ['signup', userIdOf(first), false],
      ['signup_failure', null, 'email_taken'],
    ]);
  });

  it('a failing audit log never fails a sign-in', async () => {
    const deadPool = new pg.Pool({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      connectionTimeoutMillis: 100,
    });
    const unreachable = new SecurityEventsService({ database: deadPool, logger: false, closeTimeoutMs: 0 });
    const errors: string[] = [];
    const throwing = {
      record: () => {
        throw new Error('sink exploded');
      },
    };
    const auth = makeAuth(db, {
      plugins: [
        securityEvents(unreachable),
        securityEvents(throwing, { onError: (error) => errors.push(String(error)) }),
      ],
    });
    const { email: address } = await signUp(auth);
    const jar = new Jar();
    const reply = await call(auth, 'POST', '/sign-in/email', {
      body: { email: address, password: PASSWORD },
      jar,
      ip: '192.0.2.9',
    });
    expect(reply.status).toBe(200);
    expect((await call(auth, 'GET', '/token', { jar, ip: '192.0.2.9' })).status).toBe(200);
    expect(
      (
        await call(auth, 'POST', '/sign-in/email', {
          body: { email: address, password: 'nope-nope-nope' },
          ip: '192.0.2.9',
        })
      ).status,
    ).toBe(401);
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(errors[0]).toMatch(/sink exploded/);
    expect(unreachable.stats().queued + unreachable.stats().writing).toBe(4);
    await unreachable.close();
    await deadPool.end();
    await fresh();
  });

  it('validates its options', () => {
    expect(() => securityEvents(service, { email: { hashKey: 'short' } })).toThrow(
      /Invalid option email.*16 characters/,
    );
    expect(() => securityEvents(service, { signInPaths: ['no-slash'] })).toThrow(
      /Invalid option signInPaths/,
    );
  });
});
