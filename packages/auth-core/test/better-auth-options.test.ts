import { startServer } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNodeHandler } from '../src/adapters/node/index.js';
import type { MailMessage, MailSender } from '../src/config/mail-sender.js';
import type { ManaAuth } from '../src/create-auth.js';
import {
  type AuthTestContext,
  BASE_PATH,
  BASE_URL,
  CookieJar,
  call,
  PASSWORD,
  setupAuthTest,
  signUp,
  TEST_SECRET,
} from './harness.js';

let t: AuthTestContext;
beforeAll(async () => {
  t = await setupAuthTest();
});
afterAll(() => t.close());

function mailbox(): {
  mails: MailMessage[];
  sender: MailSender;
  next(kind: string, to: string): Promise<MailMessage>;
} {
  const mails: MailMessage[] = [];
  return {
    mails,
    sender: async (message) => {
      mails.push(message);
    },
    // Mail goes out in the background: wait for it (bounded).
    async next(kind, to) {
      for (let i = 0; i < 100; i++) {
        const found = mails.find((m) => m.kind === kind && m.to === to);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no ${kind} mail to ${to}`);
    },
  };
}

/** `auth` behind a real loopback HTTP server, and a JSON client for it. */
async function serve(auth: ManaAuth) {
  const server = await startServer(toNodeHandler(auth.handler));
  const send = async (method: string, path: string, body?: unknown, jar?: CookieJar) => {
    const headers = new Headers({ origin: BASE_URL });
    if (body !== undefined) headers.set('content-type', 'application/json');
    jar?.applyTo(headers);
    const response = await fetch(`${server.url}${BASE_PATH}${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    jar?.store(response.headers.getSetCookie());
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };
  return { send, close: () => server.close() };
}

const uniqueEmail = (tag: string) =>
  `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;

describe('appName in emails', () => {
  it('a config with appName "Acme" sends reset emails that say Acme and never "Mana"', async () => {
    const box = mailbox();
    const auth = t.makeAuth({ appName: 'Acme', mailSender: box.sender });
    const server = await serve(auth);
    try {
      const email = uniqueEmail('acme');
      expect(
        (await server.send('POST', '/register', { email, password: PASSWORD, name: 'Ann' })).status,
      ).toBe(201);
      expect((await server.send('POST', '/password/forgot', { email })).status).toBe(202);
      const mail = await box.next('password-reset', email);
      expect(mail.subject).toBe('Reset your Acme password');
      expect(mail.text).toContain('your Acme account');
      expect(JSON.stringify(mail)).not.toMatch(/mana/i);
    } finally {
      await server.close();
    }
  });

  it('without appName, emails name the host of baseURL, not us', async () => {
    const box = mailbox();
    const auth = t.makeAuth({ mailSender: box.sender });
    const { email } = await signUp(auth);
    await call(auth, 'POST', '/request-password-reset', { body: { email, redirectTo: '/reset' } });
    const mail = await box.next('password-reset', email);
    expect(mail.subject).toBe(`Reset your ${new URL(BASE_URL).host} password`);
    expect(JSON.stringify(mail)).not.toMatch(/mana/i);
  });
});

describe('email verification', () => {
  it('sends the verification email through mailSender, and the link verifies the address', async () => {
    const box = mailbox();
    const auth = t.makeAuth({
      appName: 'Acme',
      mailSender: box.sender,
      emailVerification: { sendOnSignUp: true },
      requireEmailVerification: true,
    });
    const server = await serve(auth);
    try {
      const email = uniqueEmail('verify');
      await server.send('POST', '/sign-up/email', { email, password: PASSWORD, name: 'Vic' });
      const mail = await box.next('email-verification', email);
      expect(mail.subject).toBe('Verify your email for Acme');
      expect(JSON.stringify(mail)).not.toMatch(/mana/i);

      // Required: no sign-in before the link is followed.
      const refused = await server.send('POST', '/sign-in/email', { email, password: PASSWORD });
      expect(refused.status).toBe(403);
      const link = new URL(mail.url);
      const verified = await server.send('GET', `${link.pathname.slice(BASE_PATH.length)}${link.search}`);
      expect(verified.status).toBeLessThan(400);
      const [row] = await t.database.query<{ email_verified: boolean }>(
        'SELECT email_verified FROM auth.users WHERE email = $1',
        [email],
      );
      expect(row?.email_verified).toBe(true);
      expect((await server.send('POST', '/sign-in/email', { email, password: PASSWORD })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('social providers', () => {
  it('a configured provider answers /sign-in/social with its authorization URL; others are refused', async () => {
    const auth = t.makeAuth({
      socialProviders: { github: { clientId: 'acme-client-id', clientSecret: 'acme-client-secret' } },
    });
    const server = await serve(auth);
    try {
      const answer = await server.send('POST', '/sign-in/social', { provider: 'github', callbackURL: '/' });
      expect(answer.status).toBe(200);
      const url = new URL((answer.body as { url: string }).url);
      expect(url.origin).toBe('https://github.com');
      expect(url.searchParams.get('client_id')).toBe('acme-client-id');
      expect(url.searchParams.get('redirect_uri')).toBe(`${BASE_URL}${BASE_PATH}/callback/github`);
      const other = await server.send('POST', '/sign-in/social', { provider: 'google', callbackURL: '/' });
      expect(other.status).toBeGreaterThanOrEqual(400);
      expect(other.status).toBeLessThan(500);
    } finally {
      await server.close();
    }
  });
});

describe('logger', () => {
  it("receives Better Auth's logs", async () => {
    const logs: Array<{ level: string; message: string }> = [];
    const auth = t.makeAuth({
      logger: { level: 'warn', log: (level, message) => logs.push({ level, message }) },
    });
    const res = await call(auth, 'POST', '/sign-in/email', {
      body: { email: uniqueEmail('nobody'), password: PASSWORD },
    });
    expect(res.status).toBe(401);
    expect(logs).toContainEqual({ level: 'warn', message: 'User not found' });
  });
});

describe('cookie options', () => {
  it('advanced.cookiePrefix names the session cookies, and sessions keep working', async () => {
    const auth = t.makeAuth({ advanced: { cookiePrefix: 'acme' } });
    const { jar, userId } = await signUp(auth);
    expect(jar.get('acme.session_token')).toBeDefined();
    const session = await call(auth, 'GET', '/get-session', { jar });
    expect((session.body as { user: { id: string } }).user.id).toBe(userId);
  });
});

describe('secret rotation (secrets)', () => {
  const NEW_SECRET = 'the-new-secret-that-is-also-32-bytes-long!!';

  it('a session made with the old secret still works after rotation; new sessions use the new one', async () => {
    const before = t.makeAuth();
    const { jar, userId } = await signUp(before);
    const rotated = t.makeAuth({
      secrets: [
        { version: 2, value: NEW_SECRET },
        { version: 1, value: TEST_SECRET },
      ],
    });
    const session = await call(rotated, 'GET', '/get-session', { jar });
    expect((session.body as { user?: { id: string } } | null)?.user?.id).toBe(userId);
    // The REST facade and access tokens (signing keys encrypted under the old secret) too.
    expect((await call(rotated, 'GET', '/session', { jar })).status).toBe(200);
    expect((await call(rotated, 'GET', '/token', { jar })).status).toBe(200);

    const fresh = await signUp(rotated);
    expect((await call(rotated, 'GET', '/session', { jar: fresh.jar })).status).toBe(200);
    // Control: the old session is only accepted because the old secret is still listed.
    const withoutOld = t.makeAuth({ secret: NEW_SECRET });
    expect((await call(withoutOld, 'GET', '/session', { jar: jar.clone() })).status).toBe(401);
  });
});
