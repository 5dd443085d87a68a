import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManaAuthConfig } from '../src/config/auth-config.js';
import type { MailMessage } from '../src/config/mail-sender.js';
import { type AuthTestContext, call, PASSWORD, setupAuthTest } from './harness.js';

let t: AuthTestContext;
beforeAll(async () => {
  t = await setupAuthTest();
});
afterAll(() => t.close());

let n = 0;
const freshEmail = () => `reg${Date.now()}${n++}@example.com`;
const shape = (value: unknown): unknown =>
  value && typeof value === 'object'
    ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]))
    : typeof value;

function setup(overrides: Partial<ManaAuthConfig> = {}) {
  const mails: MailMessage[] = [];
  const auth = t.makeAuth({ mailSender: async (m) => void mails.push(m), ...overrides });
  const register = (email: string, name = 'R') =>
    call(auth, 'POST', '/register', { body: { email, password: PASSWORD, name } });
  return { auth, mails, register };
}

describe('registration with a mail sender (uniform answers by default)', () => {
  it('answers a taken email exactly like a new one, and mails the owner instead', async () => {
    const { mails, register } = setup();
    const email = freshEmail();
    const first = await register(email);
    const again = await register(email, 'Attacker');
    const other = await register(freshEmail());
    for (const res of [first, again, other]) {
      expect(res.status).toBe(201);
      expect(res.setCookies).toEqual([]);
      expect(shape(res.body)).toEqual(shape(first.body));
    }
    expect((again.body as { user: { email: string; id: string } }).user.email).toBe(email);
    expect((again.body as { user: { id: string } }).user.id).not.toBe(
      (first.body as { user: { id: string } }).user.id,
    );
    await new Promise((resolve) => setImmediate(resolve));
    const notices = mails.filter((m) => m.kind === 'existing-account');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ to: email, url: 'http://127.0.0.1:3001' });
    expect(notices[0]!.text).not.toContain(PASSWORD);
  });

  it('keeps the account of the first registration: the owner logs in with their password', async () => {
    const { auth, register } = setup();
    const email = freshEmail();
    await register(email);
    await call(auth, 'POST', '/register', { body: { email, password: 'AttackerPassword999!', name: 'X' } });
    const login = await call(auth, 'POST', '/login', { body: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
    const hijack = await call(auth, 'POST', '/login', { body: { email, password: 'AttackerPassword999!' } });
    expect(hijack.status).toBe(401);
  });

  it("answers Better Auth's own /sign-up/email uniformly too", async () => {
    const { auth } = setup();
    const email = freshEmail();
    const signUp = () =>
      call(auth, 'POST', '/sign-up/email', { body: { email, password: PASSWORD, name: 'S' } });
    const [first, again] = [await signUp(), await signUp()];
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.setCookies).toEqual([]);
    expect(shape(again.body)).toEqual(shape(first.body));
  });

  it('keeps 409 CONFLICT when uniformResponse is false', async () => {
    const { mails, register } = setup({ registration: { uniformResponse: false } });
    const email = freshEmail();
    expect((await register(email)).status).toBe(201);
    const again = await register(email);
    expect(again.status).toBe(409);
    expect(mails.filter((m) => m.kind === 'existing-account')).toEqual([]);
  });

  it('answers uniformly without a mail sender only when opted in', async () => {
    const auth = t.makeAuth({ registration: { uniformResponse: true } });
    const email = freshEmail();
    const register = () =>
      call(auth, 'POST', '/register', { body: { email, password: PASSWORD, name: 'N' } });
    expect([(await register()).status, (await register()).status]).toEqual([201, 201]);
    expect(() => t.makeAuth({ registration: { uniform: true } as never })).toThrow(/registration\.uniform/);
  });
});
