import { describe, expect, it } from 'vitest';
import { createManaLog } from './create-log.js';
import type { ManaLogFields } from './mana-logger.js';
import { REDACTED, redactText, redactValue } from './redact.js';

const JWT =
  'eyJhbGciOiJFZERTQSIsImtpZCI6ImFiYyJ9.eyJzdWIiOiJ1c2VyLTEiLCJleHAiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMTIzNDU2Nzg5MA';
const JWE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..aXZpdml2aXZpdg.Y2lwaGVydGV4dA.dGFndGFndGFn';
const SESSION_TOKEN = 'Xk9fQ2mR7tLp3VwZ8yBc1NdH6jGs4AeU';
const PASSWORD = 'correct-Horse-battery-9';

// Each entry: where the secret sits, and the secret that must not survive.
const TEXT_CATALOGUE: ReadonlyArray<readonly [string, string]> = [
  [`token ${JWT} was refused`, JWT],
  [`cookie cache ${JWE}`, 'aXZpdml2aXZpdg'],
  [`Authorization: Bearer ${SESSION_TOKEN}`, SESSION_TOKEN],
  ['authorization: Basic dXNlcjpodW50ZXIy', 'dXNlcjpodW50ZXIy'],
  ['connect postgres://mana:s3cr3t-pw@db.internal:5432/auth failed', 's3cr3t-pw'],
  ['redis://:r3dis-Pass@cache:6379 refused', 'r3dis-Pass'],
  ['open https://app.example.com/reset-password/tok3nValue?callbackURL=/', 'tok3nValue'],
  ['link https://app.example.com/reset-password?token=abc.def-ghi', 'abc.def-ghi'],
  ['https://a.example/api/auth/verify-email?token=vErIfY1&callbackURL=/', 'vErIfY1'],
  ['Cookie: better-auth.session_token=abc.def; theme=dark', 'abc.def'],
  ['set-cookie: __Host-better-auth.session_token=xyz; Path=/; HttpOnly', 'xyz'],
  ['sent better-auth.session_token=sessTok.sig to the client', 'sessTok.sig'],
  [`{"email":"a@b.c","password":"${PASSWORD}"}`, PASSWORD],
  [`password=${PASSWORD}&email=a@b.c`, PASSWORD],
  ['client_secret: my-client-secret-value', 'my-client-secret-value'],
  ['api_key=AKIA1234567890', 'AKIA1234567890'],
  [`session ${SESSION_TOKEN} not found`, SESSION_TOKEN],
  ['base64url secret Zm9vYmFyYmF6cXV4Q0FGRUJBQkUxMjM0NTY3OA_-x', 'Zm9vYmFyYmF6cXV4Q0FGRUJBQkUxMjM0NTY3OA_-x'],
];

describe('redactText', () => {
  it.each(TEXT_CATALOGUE)('removes the secret from %s', (text, secret) => {
    const redacted = redactText(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain(REDACTED);
  });

  it('keeps what an operator needs: UUIDs, hex hashes, emails, paths, plain words', () => {
    const text =
      'user 3f2b8c1e-9a4d-4e5f-8b6c-7d8e9f0a1b2c at /api/v1/auth/login hash ' +
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 ops@example.com';
    expect(redactText(text)).toBe(text);
  });
});

describe('redactValue', () => {
  it('replaces secret-bearing keys at any depth and in arrays', () => {
    const value = redactValue({
      email: 'a@b.c',
      password: PASSWORD,
      body: { newPassword: PASSWORD, currentPassword: PASSWORD, rememberMe: true },
      headers: { authorization: `Bearer ${SESSION_TOKEN}`, cookie: 'a=b', 'x-api-key': 'k', accept: '*/*' },
      list: [{ token: SESSION_TOKEN }, { access_token: JWT }, { refreshToken: 'r' }],
      sessionId: 'sid-1',
      sid: 'raw-session-id',
      secret: 'x',
      privateKey: 'pk',
      count: 3,
      kid: 'Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56',
    });
    expect(value).toEqual({
      email: 'a@b.c',
      password: REDACTED,
      body: { newPassword: REDACTED, currentPassword: REDACTED, rememberMe: true },
      headers: { authorization: REDACTED, cookie: REDACTED, 'x-api-key': REDACTED, accept: '*/*' },
      list: [{ token: REDACTED }, { access_token: REDACTED }, { refreshToken: REDACTED }],
      sessionId: REDACTED,
      sid: REDACTED,
      secret: REDACTED,
      privateKey: REDACTED,
      count: 3,
      kid: 'Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56',
    });
  });

  it('redacts Headers, errors (message, stack, cause) and survives cycles', () => {
    const cause = new Error(`connect postgres://u:pw-in-url@h/db failed`);
    const error = new Error(`bad token ${JWT}`, { cause });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const value = redactValue({
      headers: new Headers({ cookie: `better-auth.session_token=${SESSION_TOKEN}`, 'user-agent': 'curl' }),
      error,
      cyclic,
    });
    const json = JSON.stringify(value);
    for (const secret of [JWT, SESSION_TOKEN, 'pw-in-url']) expect(json).not.toContain(secret);
    expect(json).toContain('curl');
    expect((value as { cyclic: { self: unknown } }).cyclic.self).toBe('[truncated]');
  });
});

describe('createManaLog', () => {
  it('hands the logger redacted fields and message, tagged with source and event', () => {
    const seen: Array<{ fields: ManaLogFields; msg?: string | undefined }> = [];
    const capture = (fields: ManaLogFields, msg?: string) => seen.push({ fields, msg });
    const log = createManaLog({ error: capture, warn: capture, info: capture }, '@mana/test');
    log.error('internal_error', `failed with Bearer ${SESSION_TOKEN}`, {
      password: PASSWORD,
      path: '/login',
    });
    log.debug('dropped', 'no debug method: nothing arrives');
    expect(seen).toEqual([
      {
        fields: { source: '@mana/test', event: 'internal_error', password: REDACTED, path: '/login' },
        msg: `failed with Bearer ${REDACTED}`,
      },
    ]);
  });

  it('never throws when the logger throws or rejects', async () => {
    const boom = () => {
      throw new Error('logger down');
    };
    const rejecting = () => Promise.reject(new Error('async logger down')) as unknown as undefined;
    const log = createManaLog({ error: boom, warn: rejecting, info: boom }, '@mana/test');
    expect(() => log.error('e', 'm')).not.toThrow();
    expect(() => log.warn('e', 'm')).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
  });
});
