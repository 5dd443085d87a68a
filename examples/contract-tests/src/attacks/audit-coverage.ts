import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client } from '../http-client.js';
import { type AttackSetup, type AttackTarget, startAttackTarget } from './target.js';

const AUTH = '/api/v1/auth';
const PASSWORD = 'SecurePassword123!';

interface AuditRow {
  event_type: string;
  user_id: string | null;
  user_agent: string | null;
  metadata: Record<string, unknown>;
  /** The whole row as JSON text, to search for anything that must never be stored. */
  raw: string;
}

/** What the per-(type, reason, route, IP, minute) aggregation adds to a refusal row seen once. */
const ONCE = { count: 1, firstSeen: expect.any(String), lastSeen: expect.any(String) };

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The forged-token catalogue, built from one genuine token of the target and its JWKS. */
function forgeries(
  token: string,
  jwk: Record<string, unknown>,
): Array<[name: string, token: string, reason: string]> {
  const [h, p, s] = token.split('.') as [string, string, string];
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  const hs256 = b64({ alg: 'HS256', kid: header.kid, typ: 'at+jwt' });
  const mac = createHmac('sha256', JSON.stringify(jwk)).update(`${hs256}.${p}`).digest('base64url');
  return [
    ['alg none', `${b64({ alg: 'none', kid: header.kid, typ: 'at+jwt' })}.${p}.`, 'wrong_alg'],
    ['HS256 with the public key as secret', `${hs256}.${p}.${mac}`, 'wrong_alg'],
    ['wrong kid', `${b64({ ...header, kid: 'attacker-key' })}.${p}.${s}`, 'unknown_kid'],
    ['jku header', `${b64({ ...header, jku: 'https://evil.example/jwks' })}.${p}.${s}`, 'forbidden_header'],
    ['tampered payload', `${h}.${b64({ ...claims, sub: 'admin' })}.${s}`, 'bad_signature'],
    ['garbage', 'not-a-token', 'malformed'],
  ];
}

/**
 * Audit completeness (docs/security.md): refusals that used to leave no trace now leave one row
 * each, with a stable reason and without the token, cookie or password that was sent.
 */
export function describeAuditCoverageAttacks(setup: AttackSetup): void {
  describe('audit coverage: every refusal leaves one row, never a secret', () => {
    let target: AttackTarget;
    let victim: Client;
    let token: string;
    let sessionCookie = 'better-auth.session_token';
    const secrets = new Set<string>([PASSWORD]);

    beforeAll(async () => {
      // Better Auth's own profile routes are not exposed by default (betterAuthRoutes): this class
      // exposes them, as a service that offers them would, to attack them.
      target = await startAttackTarget(setup, {
        EXPOSE_BETTER_AUTH_ROUTES: '/update-user,/change-email,/sign-in/email',
      });
      victim = new Client(target.url);
      const email = `audit-${setup.name}-${Date.now()}@example.com`;
      const signUp = await victim.request('POST', `${AUTH}/register`, {
        json: { email, password: PASSWORD, name: 'V' },
      });
      expect(signUp.status).toBe(201);
      const login = await victim.request('POST', `${AUTH}/login`, { json: { email, password: PASSWORD } });
      token = login.body.accessToken as string;
      secrets.add(token);
      for (const cookie of login.headers.getSetCookie()) {
        const [name = '', value = ''] = cookie.split(';')[0]!.split('=');
        if (name.endsWith('session_token')) sessionCookie = name;
        if (value.length >= 16) secrets.add(decodeURIComponent(value)).add(value);
      }
    }, 60_000);
    afterAll(() => target?.stop());

    async function rows(type: string, userAgent?: string): Promise<AuditRow[]> {
      await target.services.audit.flush();
      return target.services.database.query<AuditRow & Record<string, unknown>>(
        `SELECT event_type, user_id, user_agent, metadata, row_to_json(e)::text AS raw
           FROM auth.security_events e
          WHERE event_type = $1 AND ($2::text IS NULL OR user_agent = $2) ORDER BY created_at`,
        [type, userAgent ?? null],
      );
    }

    /**
     * A client on a fresh address with its own user agent, so that its rows are told apart;
     * `victimCookies`: it rides on the victim's session cookies (as a cross-site form would).
     */
    function attacker(
      label: string,
      origin = target.url,
      victimCookies = false,
    ): { client: Client; ua: string } {
      const client = victimCookies
        ? new Client(target.url, undefined, origin, victim.jar)
        : new Client(target.url, undefined, origin);
      return { client, ua: `attack/${label}` };
    }

    it('the forged-token catalogue at the resource route: 401 and one token_invalid row each', async () => {
      const jwks = await new Client(target.url).request('GET', `${AUTH}/jwks`);
      const cases = forgeries(token, jwks.body.keys[0]);
      cases.push(['Basic credentials', 'Basic dXNlcjpodW50ZXIy', 'unsupported_scheme']);
      for (const [index, [name, forged, reason]] of cases.entries()) {
        // A neutral user agent: "Basic <word>" in it would itself be redacted as a credential.
        const { client, ua } = attacker(`forged-${index}`);
        const authorization = forged.startsWith('Basic ') ? forged : `Bearer ${forged}`;
        secrets.add(forged.replace(/^Basic /, ''));
        const me = await client.request('GET', '/api/v1/me', {
          headers: { authorization, 'user-agent': ua },
        });
        expect(me.status, name).toBe(401);
        const found = await rows('token_invalid', ua);
        // toMatchObject: a per-(IP, route, minute) aggregation may add count / firstSeen / lastSeen.
        expect(
          found.map((r) => r.user_id),
          name,
        ).toEqual([null]);
        expect(found[0]!.metadata, name).toMatchObject({
          reason,
          status: 401,
          path: '/api/v1/me',
          method: 'GET',
        });
        for (const part of forged.split('.').filter((x) => x.length > 16))
          expect(found[0]!.raw).not.toContain(part);
      }
    });

    it('an authentic JWT of another type, an expired and a revoked access token: wrong_typ, expired, revoked', async () => {
      const api = target.services.auth.api as unknown as {
        signJWT(input: { body: { payload: Record<string, unknown> } }): Promise<{ token: string }>;
      };
      const idToken = (await api.signJWT({ body: { payload: { sub: 'someone' } } })).token;
      // A genuine access token minted 20 minutes ago (the server's clock moved back while it signs).
      const second = new Client(target.url, undefined, target.url, victim.jar);
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 20 * 60_000 });
      let stale: string;
      try {
        stale = (await second.request('POST', `${AUTH}/refresh`)).body.accessToken as string;
      } finally {
        vi.useRealTimers();
      }
      secrets.add(idToken).add(stale);
      const send = (label: string, bearer: string) => {
        const { client, ua } = attacker(label);
        return client.request('GET', '/api/v1/me', {
          headers: { authorization: `Bearer ${bearer}`, 'user-agent': ua },
        });
      };
      expect((await send('typ', idToken)).status).toBe(401);
      expect((await send('expired', stale)).status).toBe(401);
      // Sign in a second session, end it, replay its token.
      const other = new Client(target.url);
      const email = `audit-revoked-${setup.name}-${Date.now()}@example.com`;
      await other.request('POST', `${AUTH}/register`, { json: { email, password: PASSWORD, name: 'R' } });
      // Registration answers uniformly and signs nobody in (a mail sender is set): log in.
      await other.request('POST', `${AUTH}/login`, { json: { email, password: PASSWORD } });
      const revoked = (await other.request('POST', `${AUTH}/refresh`)).body.accessToken as string;
      secrets.add(revoked);
      expect((await other.request('POST', `${AUTH}/logout`)).status).toBe(200);
      expect((await send('revoked', revoked)).status).toBe(401);
      for (const [label, reason] of [
        ['typ', 'wrong_typ'],
        ['expired', 'expired'],
        ['revoked', 'revoked'],
      ]) {
        const found = await rows('token_invalid', `attack/${label}`);
        expect(
          found.map((r) => r.metadata.reason),
          label,
        ).toEqual([reason]);
      }
    });

    it('cross-origin POSTs refused by the Origin / CSRF checks: one csrf_refused row each', async () => {
      const evil = 'https://evil.example';
      const update = attacker('csrf-update', evil, true);
      const refused = await update.client.request('POST', `${AUTH}/update-user`, {
        json: { name: 'pwned' },
        headers: { 'user-agent': update.ua },
      });
      expect(refused.status).toBe(403);
      const logout = attacker('csrf-logout', evil, true);
      expect(
        (await logout.client.request('POST', `${AUTH}/logout`, { headers: { 'user-agent': logout.ua } }))
          .status,
      ).toBe(403);
      const signIn = new Client(target.url, undefined, evil);
      const signInUa = 'attack/csrf-sign-in';
      const cross = await signIn.request('POST', `${AUTH}/sign-in/email`, {
        json: { email: 'someone@example.com', password: PASSWORD },
        headers: { 'user-agent': signInUa },
      });
      expect(cross.status).toBe(403);
      const expected: Array<[string, string]> = [
        [update.ua, '/update-user'],
        [logout.ua, '/logout'],
        [signInUa, '/sign-in/email'],
      ];
      for (const [ua, path] of expected) {
        const found = await rows('csrf_refused', ua);
        expect(found, path).toHaveLength(1);
        const want = { reason: 'invalid_origin', status: 403, path, method: 'POST', origin: evil };
        expect(found[0]!.metadata, path).toMatchObject(want);
      }
      expect(await rows('login_failure', signInUa)).toEqual([]);
    });

    it('/update-user and /change-email: user_updated and email_change rows, no values', async () => {
      const ua = 'attack/profile';
      const client = new Client(target.url, undefined, target.url, victim.jar);
      const update = await client.request('POST', `${AUTH}/update-user`, {
        json: { name: 'New Name Value' },
        headers: { 'user-agent': ua },
      });
      expect(update.status).toBe(200);
      const change = await client.request('POST', `${AUTH}/change-email`, {
        json: { newEmail: 'new-address@example.com' },
        headers: { 'user-agent': ua },
      });
      expect(change.status).toBe(400); // change-email is not enabled in the examples
      const [updated] = await rows('user_updated', ua);
      expect(updated?.user_id).toBeTruthy();
      expect(updated?.metadata).toEqual({ fields: ['name'] });
      expect(updated?.raw).not.toContain('New Name Value');
      const [failed] = await rows('email_change_failure', ua);
      expect(failed?.user_id).toBe(updated?.user_id);
      expect(failed?.metadata).toMatchObject({ reason: 'change_email_disabled', status: 400 });
      expect(failed?.raw).not.toContain('new-address@example.com');
    });

    it('failed /token and /refresh: token_refresh_failure with no_session or invalid_session', async () => {
      const none = attacker('token-none');
      const bare = new Client(target.url);
      const noCookie = await bare.request('GET', `${AUTH}/token`, { headers: { 'user-agent': none.ua } });
      expect(noCookie.status).toBe(401);
      const forged = 'forged-session-value.forged-signature-value';
      secrets.add(forged);
      const refresh = await bare.request('POST', `${AUTH}/refresh`, {
        headers: { 'user-agent': 'attack/refresh-forged', cookie: `${sessionCookie}=${forged}` },
      });
      expect(refresh.status).toBe(401);
      expect((await rows('token_refresh_failure', none.ua)).map((r) => r.metadata)).toEqual([
        { reason: 'no_session', status: 401, ...ONCE },
      ]);
      expect((await rows('token_refresh_failure', 'attack/refresh-forged')).map((r) => r.metadata)).toEqual([
        { reason: 'invalid_session', status: 401, ...ONCE },
      ]);
    });

    it('a REST body that fails validation: one request_invalid row naming the fields, not the values', async () => {
      const ua = 'attack/validation';
      const client = new Client(target.url);
      const bad = await client.request('POST', `${AUTH}/login`, {
        json: { email: 'not-an-email', password: 12345 },
        headers: { 'user-agent': ua },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
      const found = await rows('request_invalid', ua);
      expect(found.map((r) => r.metadata)).toEqual([
        {
          reason: 'validation_failed',
          status: 400,
          path: '/login',
          method: 'POST',
          fields: ['email', 'password'],
          ...ONCE,
        },
      ]);
      expect(found[0]!.raw).not.toContain('not-an-email');
    });
    it('no audit row anywhere holds a token, cookie or password that was sent', async () => {
      await target.services.audit.flush();
      const all = await target.services.database.query<{ raw: string }>(
        'SELECT row_to_json(e)::text AS raw FROM auth.security_events e',
      );
      expect(all.length).toBeGreaterThan(10);
      for (const { raw } of all) for (const secret of secrets) expect(raw).not.toContain(secret);
    });
  });
}
