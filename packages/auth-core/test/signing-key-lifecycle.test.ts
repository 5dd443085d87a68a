// The signing-key functions on their own: states and ages at given times, concurrent rotations,
// what signs when, and bad input (unknown kid, a publish delay within the JWKS max-age).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/database/create-database.js';
import { migrate } from '../src/database/migrate.js';
import { ManaAuthConfigError } from '../src/errors.js';
import { listSigningKeys } from '../src/keys/list-signing-keys.js';
import { revokeSigningKey } from '../src/keys/revoke-signing-key.js';
import { rotateSigningKey } from '../src/keys/rotate-signing-key.js';
import { SigningKeyError } from '../src/keys/signing-key-error.js';
import { createRequestAuthenticator } from '../src/tokens/request-authenticator.js';
import { type AuthTestContext, call, createTestAuth, setupAuthTest, signUp, TEST_SECRET } from './harness.js';
import { kidOf } from './key-instances.js';

let t: AuthTestContext;
beforeAll(async () => {
  t = await setupAuthTest();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.database.query('DELETE FROM auth.jwks');
});

const T0 = Date.UTC(2026, 0, 1);
const at = (seconds: number) => () => T0 + seconds * 1000;
const states = async (seconds: number) =>
  Object.fromEntries(
    (await listSigningKeys(t.database, { now: at(seconds) })).map((key) => [key.kid, key.state]),
  );

describe('listSigningKeys', () => {
  it('shows each key’s state and age through two rotations, a retirement and a revocation', async () => {
    const first = await rotateSigningKey(t.database, { secret: TEST_SECRET, now: at(0) });
    expect(first).toMatchObject({ created: true, previousKid: null });
    expect(first.activatesAt.getTime()).toBe(T0 + 150_000); // the default publish delay
    expect(await states(0)).toEqual({ [first.kid]: 'next' });
    expect(await states(150)).toEqual({ [first.kid]: 'active' });

    const second = await rotateSigningKey(t.database, {
      secret: TEST_SECRET,
      publishDelaySeconds: 90,
      retiredKeyGraceSeconds: 900,
      now: at(1_000),
    });
    expect(second).toMatchObject({ created: true, previousKid: first.kid });
    expect(second.previousPublishedUntil?.getTime()).toBe(T0 + (1_090 + 900) * 1000);
    expect(await states(1_089)).toEqual({ [first.kid]: 'active', [second.kid]: 'next' });
    expect(await states(1_090)).toEqual({ [first.kid]: 'retired', [second.kid]: 'active' });
    expect(await states(1_990)).toEqual({ [first.kid]: 'expired', [second.kid]: 'active' });

    const listed = await listSigningKeys(t.database, { now: at(1_500) });
    expect(listed.map((key) => key.kid)).toEqual([second.kid, first.kid]); // newest first
    expect(listed[1]).toMatchObject({
      state: 'retired',
      ageSeconds: 1_500,
      retiredAt: new Date(T0 + 1_090_000),
      publishedUntil: new Date(T0 + 1_990_000),
      revokedAt: null,
    });
    expect(listed[0]).toMatchObject({
      state: 'active',
      ageSeconds: 500,
      activatesAt: new Date(T0 + 1_090_000),
    });

    const revoked = await revokeSigningKey(t.database, second.kid, { secret: TEST_SECRET, now: at(1_600) });
    expect(revoked).toMatchObject({
      kid: second.kid,
      previousState: 'active',
      replacementKid: expect.any(String),
    });
    expect(await states(1_600)).toEqual({
      [first.kid]: 'retired',
      [second.kid]: 'revoked',
      [revoked.replacementKid!]: 'active',
    });
    const [row] = await t.database.query<{ private_key: string }>(
      'SELECT private_key FROM auth.jwks WHERE id = $1',
      [second.kid],
    );
    expect(row!.private_key).toBe(''); // it can never sign again
    // Revoking it again changes nothing.
    expect(await revokeSigningKey(t.database, second.kid, { now: at(1_700) })).toMatchObject({
      previousState: 'revoked',
      replacementKid: null,
    });
  });

  it('revoking the active key promotes a pending next key, which signs at once', async () => {
    const first = await rotateSigningKey(t.database, {
      secret: TEST_SECRET,
      now: at(0),
      publishDelaySeconds: 61,
    });
    const second = await rotateSigningKey(t.database, {
      secret: TEST_SECRET,
      now: at(100),
      publishDelaySeconds: 61,
    });
    const result = await revokeSigningKey(t.database, first.kid, { now: at(120) });
    expect(result).toMatchObject({ previousState: 'active', replacementKid: second.kid });
    expect(await states(120)).toEqual({ [first.kid]: 'revoked', [second.kid]: 'active' });
  });
});

describe('rotateSigningKey', () => {
  it('two rotations at once make one: the second returns the pending key', async () => {
    const [a, b] = await Promise.all([
      rotateSigningKey(t.database, { secret: TEST_SECRET, now: at(0) }),
      rotateSigningKey(t.database, { secret: TEST_SECRET, now: at(0) }),
    ]);
    expect(a.kid).toBe(b.kid);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(Object.values(await states(0))).toEqual(['next']);
  });

  it('refuses a publish delay not above the JWKS max-age, unknown options and a missing secret', async () => {
    const refused = (options: object) =>
      rotateSigningKey(t.database, { secret: TEST_SECRET, ...options }).then(
        () => undefined,
        (error: unknown) => error,
      );
    const tooShort = await refused({ publishDelaySeconds: 60 });
    expect(tooShort).toBeInstanceOf(ManaAuthConfigError);
    expect(tooShort).toMatchObject({ code: 'INVALID_OPTION', field: 'publishDelaySeconds' });
    expect((tooShort as Error).message).toContain('not more than the JWKS max-age (60 s)');
    expect(await refused({ publishDelaySeconds: 10, jwksMaxAgeSeconds: 5 })).toBeUndefined();
    expect(await refused({ publishDelaySeconds: -1 })).toMatchObject({ field: 'publishDelaySeconds' });
    expect(await refused({ publishDelaySeconds: Number.NaN })).toMatchObject({
      field: 'publishDelaySeconds',
    });
    const typo = await refused({ publishDelaySecond: 120 });
    expect(typo).toMatchObject({ code: 'INVALID_OPTION', field: 'publishDelaySecond' });
    expect((typo as Error).message).toContain('did you mean "publishDelaySeconds"?');
    expect(await refused({ secret: undefined })).toMatchObject({ field: 'secret' });
  });
});

describe('jwksMaxAge', () => {
  it('is the max-age /jwks is cached for (one setting, default 60)', async () => {
    const jwksOf = async (auth: ReturnType<AuthTestContext['makeAuth']>) =>
      (await call(auth, 'GET', '/jwks')).headers.get('cache-control');
    expect(await jwksOf(t.makeAuth())).toBe('public, max-age=60');
    const auth = t.makeAuth({ jwksMaxAge: 7 });
    expect(auth.settings.jwksMaxAgeSeconds).toBe(7);
    expect(await jwksOf(auth)).toBe('public, max-age=7');
    await auth.revocations.close();
  });
});

describe('revokeSigningKey', () => {
  it('refuses an unknown kid with KEY_NOT_FOUND, naming the kid and the fix', async () => {
    await rotateSigningKey(t.database, { secret: TEST_SECRET, now: at(0) });
    const error = await revokeSigningKey(t.database, 'no-such-kid').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SigningKeyError);
    expect(error).toMatchObject({ code: 'KEY_NOT_FOUND' });
    expect((error as Error).message).toContain('"no-such-kid"');
    expect((error as SigningKeyError).fix).toContain('mana-auth keys list');
  });
});

describe('revokeSigningKey on embedded PGlite (one process)', () => {
  it('the instances of the process refuse the key’s tokens at once, without a registry passed', async () => {
    const database = await createDatabase('memory://');
    try {
      await migrate(database);
      const auth = createTestAuth(database);
      const { jar } = await signUp(auth);
      const token = ((await call(auth, 'GET', '/token', { jar })).body as { token: string }).token;
      const authenticate = createRequestAuthenticator(auth);
      const bearer = new Headers({ authorization: `Bearer ${token}` });
      await call(auth, 'GET', '/jwks');
      expect(await authenticate(bearer)).toMatchObject({ via: 'token' });
      await revokeSigningKey(database, kidOf(token));
      expect(await authenticate(bearer)).toBeNull();
      await auth.revocations.close();
    } finally {
      await database.close();
    }
  }, 60_000);
});
