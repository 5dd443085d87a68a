import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../test/auth-harness.js';
import { expectNoSecrets, IP, type PluginTest, setupPluginTest, UA } from '../../test/plugin-fixture.js';
import { securityEvents } from './security-events-plugin.js';

const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1c2VyLTEiLCJleHAiOjF9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

// The refusals and account changes added for audit completeness (docs/security.md): each leaves
// one row with a stable reason, and the sanitiser strips a token even where a caller let one in.

/** What the per-(IP, route, minute) aggregation adds to a refusal row seen once. */
const ONCE = { count: 1, firstSeen: expect.any(String), lastSeen: expect.any(String) };
describe('securityEvents plugin: refused tokens, CSRF, profile changes, failed /token', () => {
  let t: PluginTest;
  beforeAll(async () => {
    t = await setupPluginTest('coverage');
    t.secrets.add(JWT);
  });
  afterAll(() => t.close());

  it('token_invalid from manaHooks: the reason as given; a token in the path or user agent is redacted', async () => {
    const plugin = securityEvents(t.service);
    await plugin.manaHooks.onAccessTokenRefused({
      reason: 'bad_signature',
      method: 'GET',
      path: `/api/items/${JWT}`,
      ip: IP,
      userAgent: `probe Bearer ${JWT}`,
    });
    const [row] = await t.fresh();
    expect(row).toMatchObject({
      event_type: 'token_invalid',
      user_id: null,
      ip_address: t.ip(IP),
      user_agent: 'probe Bearer [REDACTED]',
      metadata: { reason: 'bad_signature', status: 401, path: '/api/items/[REDACTED]', method: 'GET' },
    });
    await expectNoSecrets(t);
  });

  it('csrf_refused from manaHooks: reason, path, method and origin as auth-core reports them', async () => {
    const plugin = securityEvents(t.service);
    const request = new Request('http://localhost/api/v1/auth/update-user', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'user-agent': UA },
    });
    const event = {
      request,
      reason: 'invalid_origin',
      path: '/update-user',
      ip: IP,
      origin: 'https://evil.example',
    };
    await plugin.manaHooks.onOriginRefused(event);
    const rows = await t.fresh();
    // The request carries no client-IP header of an auth instance: the IP is unknown.
    expect(rows.map((r) => [r.event_type, r.ip_address, r.user_agent, r.metadata])).toEqual([
      [
        'csrf_refused',
        null,
        UA,
        {
          reason: 'invalid_origin',
          status: 403,
          path: '/update-user',
          method: 'POST',
          origin: 'https://evil.example',
          ...ONCE,
        },
      ],
    ]);
  });

  it('/update-user: user_updated with the field names, user_update_failure with the reason', async () => {
    const { userId, jar } = await t.signUp();
    expect(
      (await t.post('/update-user', { name: 'Secret Name', image: 'https://img.example/a.png' }, { jar }))
        .status,
    ).toBe(200);
    expect((await t.post('/update-user', {}, { jar })).status).toBe(400);
    const rows = await t.fresh();
    expect(rows.map((r) => [r.event_type, r.user_id, r.ip_address, r.user_agent, r.metadata])).toEqual([
      ['user_updated', userId, t.ip(IP), UA, { fields: ['name', 'image'] }],
      ['user_update_failure', userId, t.ip(IP), UA, { reason: 'http_400', status: 400, fields: [] }],
    ]);
    expect(JSON.stringify(rows)).not.toContain('Secret Name');
  });

  it('/change-email: email_change_requested with the new address; email_change_failure when refused', async () => {
    const auth = t.makeAuth();
    // auth-core does not expose Better Auth's `user.changeEmail` yet: switch it on in this
    // instance's context, where Better Auth's /change-email reads it on every request.
    const context = (await auth.$context) as unknown as { options: { user?: Record<string, unknown> } };
    context.options.user = {
      ...context.options.user,
      changeEmail: { enabled: true, updateEmailWithoutVerification: true },
    };
    const { userId, jar } = await t.signUp({ auth });
    const target = t.email();
    expect((await t.post('/change-email', { newEmail: target }, { auth, jar })).status).toBe(200);
    expect((await t.post('/change-email', { newEmail: target }, { auth, jar })).status).toBe(400);
    const rows = await t.fresh();
    expect(rows.map((r) => [r.event_type, r.user_id, r.ip_address, r.metadata])).toEqual([
      ['email_change_requested', userId, t.ip(IP), { email: t.mail(target) }],
      [
        'email_change_failure',
        userId,
        t.ip(IP),
        { reason: expect.any(String), status: 400, email: t.mail(target) },
      ],
    ]);
  });

  it('/token without a session or with a forged one: token_refresh_failure no_session / invalid_session', async () => {
    expect((await call(t.auth, 'GET', '/token', { ip: IP, userAgent: UA })).status).toBe(401);
    const forged = { cookie: 'better-auth.session_token=forged.value' };
    expect((await call(t.auth, 'GET', '/token', { ip: IP, userAgent: UA, headers: forged })).status).toBe(
      401,
    );
    const rows = await t.fresh();
    expect(rows.map((r) => [r.event_type, r.user_id, r.metadata])).toEqual([
      ['token_refresh_failure', null, { reason: 'no_session', status: 401, ...ONCE }],
      ['token_refresh_failure', null, { reason: 'invalid_session', status: 401, ...ONCE }],
    ]);
  });
});
