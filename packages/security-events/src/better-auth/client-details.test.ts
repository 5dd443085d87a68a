import { createAuthApi, createAuthOptions, type ManaAuth } from '@mana/auth-core';
import { betterAuth } from 'better-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, call, Jar, PASSWORD, SECRET, userIdOf } from '../../test/auth-harness.js';
import { type PluginTest, setupPluginTest, UA } from '../../test/plugin-fixture.js';
import { securityEvents } from './security-events-plugin.js';

// Where the IP and user agent come from, the spec's login body fields through auth-core's REST
// API, Better Auth's hidden duplicate sign-up, and option validation.
describe('securityEvents plugin: client details', () => {
  let t: PluginTest;
  beforeAll(async () => {
    t = await setupPluginTest('client');
  });
  afterAll(() => t.close());

  it('reads the client IP auth-core resolved (socket, or trusted proxy header), keeping IPv6 whole', async () => {
    const direct = t.makeAuth();
    const proxied = t.makeAuth({ clientIp: { trustedProxies: ['10.0.0.0/8'] } });
    const tries: Array<[ManaAuth, { ip?: string; forwardedFor?: string }]> = [
      [direct, { ip: '2001:db8:1:2:3:4:5:6' }],
      [direct, { ip: '192.0.2.7', forwardedFor: '198.51.100.1' }], // untrusted peer: header ignored
      [proxied, { ip: '10.1.2.3', forwardedFor: '6.6.6.6, 198.51.100.9, 10.1.2.4' }], // proxy hops skipped
      [direct, { forwardedFor: '198.51.100.1' }], // no socket address: unknown
    ];
    for (const [auth, from] of tries) {
      await call(auth, 'POST', '/sign-in/email', {
        body: { email: 'nobody@example.test', password: 'x' },
        ...from,
      });
    }
    const rows = await t.fresh();
    expect(rows.map((r) => r.ip_address)).toEqual([
      t.ip('2001:db8:1:2:3:4:5:6'),
      t.ip('192.0.2.7'),
      t.ip('198.51.100.9'),
      null,
    ]);
  });

  it('fills the columns from the login body only for a trusted server', async () => {
    const auth = t.makeAuth({
      plugins: [
        securityEvents(t.service, { trustedServer: (request) => request?.headers.get('x-bff-key') === 'k' }),
      ],
    });
    const { email: address } = await t.signUp({ auth });
    await t.fresh();
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
    const [trusted, untrusted] = await t.fresh();
    expect(trusted).toMatchObject({
      ip_address: t.ip('198.51.100.77'),
      user_agent: 'EndUserBrowser/9',
      metadata: { deviceId: 'd1' },
    });
    expect(trusted?.metadata).not.toHaveProperty('clientIpAddress');
    expect(untrusted).toMatchObject({
      ip_address: t.ip('192.0.2.200'),
      user_agent: 'BFF/1.0',
      metadata: {
        deviceId: 'd1',
        clientIpAddress: t.ip('198.51.100.77'),
        clientUserAgent: 'EndUserBrowser/9',
      },
    });
  });

  it('logs the REST facade /login with the spec body fields', async () => {
    const auth = t.makeAuth();
    const api = createAuthApi(auth, { database: t.db.database });
    const { email: address, userId } = await t.signUp({ auth });
    await t.fresh();
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
    const rows = await t.fresh();
    expect(rows.map((r) => [r.event_type, r.user_id, r.ip_address])).toEqual([
      ['login_success', userId, t.ip('192.0.2.44')],
      ['token_refresh', userId, t.ip('192.0.2.44')],
    ]);
    expect(rows[0]?.metadata).toMatchObject({
      rememberMe: true,
      deviceId: 'ios-7',
      clientIpAddress: t.ip('198.51.100.3'),
      clientUserAgent: 'App/1',
    });
    expect((await call({ handler: api }, 'POST', '/logout', { jar, ip: '192.0.2.44' })).status).toBe(200);
    expect((await t.fresh()).map((r) => [r.event_type, r.user_id])).toEqual([['logout', userId]]);
  });

  it('tells a real sign-up from a taken email when Better Auth hides the difference', async () => {
    const options = createAuthOptions({
      database: t.db.database,
      secret: SECRET,
      baseURL: BASE_URL,
      rateLimit: { enabled: false },
      loginLockout: false,
      plugins: [securityEvents(t.service)],
    });
    const auth = betterAuth({
      ...options,
      emailAndPassword: { ...options.emailAndPassword, autoSignIn: false },
    });
    const address = t.email();
    const first = await call(auth, 'POST', '/sign-up/email', {
      body: { email: address, password: PASSWORD, name: 'A' },
      ip: '192.0.2.5',
    });
    const second = await call(auth, 'POST', '/sign-up/email', {
      body: { email: address, password: PASSWORD, name: 'B' },
      ip: '192.0.2.5',
    });
    expect([first.status, second.status]).toEqual([200, 200]);
    const rows = await t.fresh();
    expect(rows.map((r) => [r.event_type, r.user_id, r.metadata?.reason ?? r.metadata?.autoSignIn])).toEqual([
      ['signup', userIdOf(first), false],
      ['signup_failure', null, 'email_taken'],
    ]);
  });

  it('validates its options', () => {
    expect(() => securityEvents(t.service, { email: { hashKey: 'short' } })).toThrow(
      /Invalid option email.*16 characters/,
    );
    expect(() => securityEvents(t.service, { signInPaths: ['no-slash'] })).toThrow(
      /Invalid option signInPaths/,
    );
    expect(() => securityEvents(t.service, { trustedServers: true } as never)).toThrow(
      'Invalid option trustedServers: not an option of securityEvents(service, options). Did you mean "trustedServer"?',
    );
    expect(() => securityEvents(t.service, null as never)).toThrow(
      /Invalid option options: null\. Pass an object/,
    );
  });
});
