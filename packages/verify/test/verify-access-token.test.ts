import { createHmac, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { startServer } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccessTokenError,
  type AccessTokenErrorCode,
  localJwks,
  type PublicJwk,
  remoteJwks,
  verifyAccessToken,
} from '../src/index.js';

const ISS = 'https://auth.example.com';
const AUD = 'https://auth.example.com';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const ed = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicJwk = (key: KeyObject, kid: string): PublicJwk => ({
  ...(key.export({ format: 'jwk' }) as { kty: string }),
  kid,
  alg: 'EdDSA',
  use: 'sig',
});
const jwks = { keys: [publicJwk(ed.publicKey, 'k1')] };

function token(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = { alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' },
  key: KeyObject = ed.privateKey,
): string {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64(header)}.${b64({ sub: 'user-1', iss: ISS, aud: AUD, iat: now, exp: now + 900, ...claims })}`;
  return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
}

async function codeOf(promise: Promise<unknown>): Promise<AccessTokenErrorCode | 'ok'> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof AccessTokenError) return error.code;
    throw error;
  }
}
const check = (t: string, options: Partial<Parameters<typeof verifyAccessToken>[1]> = {}) =>
  codeOf(verifyAccessToken(t, { jwks, issuer: ISS, audience: AUD, ...options }));

describe('verifyAccessToken', () => {
  it('accepts a valid EdDSA token and returns its claims', async () => {
    await expect(
      verifyAccessToken(token({ email: 'a@b.c' }), { jwks, issuer: ISS, audience: AUD }),
    ).resolves.toMatchObject({
      sub: 'user-1',
      email: 'a@b.c',
    });
  });

  it('rejects alg "none"', async () => {
    const [h, p] = token().split('.');
    expect(h).toBeDefined();
    // The header is judged first: an unsigned token is refused for its algorithm.
    expect(await check(`${b64({ alg: 'none', kid: 'k1' })}.${p}.`)).toBe('TOKEN_WRONG_ALGORITHM');
    expect(await check(`${b64({ alg: 'none', kid: 'k1' })}.${p}.AAAA`)).toBe('TOKEN_WRONG_ALGORITHM');
  });

  it('rejects HS256 signed with the public key (algorithm confusion)', async () => {
    const header = b64({ alg: 'HS256', kid: 'k1' });
    const payload = token().split('.')[1]!;
    const mac = createHmac('sha256', JSON.stringify(jwks.keys[0]))
      .update(`${header}.${payload}`)
      .digest('base64url');
    expect(await check(`${header}.${payload}.${mac}`)).toBe('TOKEN_WRONG_ALGORITHM');
  });

  it('rejects RS256, even with an RSA key in the JWKS', async () => {
    const withRsa = {
      keys: [
        ...jwks.keys,
        { ...(rsa.publicKey.export({ format: 'jwk' }) as { kty: string }), kid: 'rsa', alg: 'RS256' },
      ],
    };
    const header = b64({ alg: 'RS256', kid: 'rsa' });
    const payload = token().split('.')[1]!;
    const sig = sign('sha256', Buffer.from(`${header}.${payload}`), rsa.privateKey).toString('base64url');
    expect(await check(`${header}.${payload}.${sig}`, { jwks: withRsa })).toBe('TOKEN_WRONG_ALGORITHM');
    // An EdDSA header pointing at the RSA key finds no usable key.
    expect(await check(token({}, { alg: 'EdDSA', kid: 'rsa' }), { jwks: withRsa })).toBe('TOKEN_UNKNOWN_KEY');
  });

  it('rejects a token that embeds its own key (jwk) or key URL (jku)', async () => {
    const embedded = { alg: 'EdDSA', kid: 'k1', jwk: publicJwk(other.publicKey, 'evil') };
    expect(await check(token({}, embedded, other.privateKey))).toBe('TOKEN_FORBIDDEN_HEADER');
    expect(await check(token({}, { alg: 'EdDSA', kid: 'k1', jku: 'https://evil.example/jwks' }))).toBe(
      'TOKEN_FORBIDDEN_HEADER',
    );
    expect(await check(token({}, { alg: 'EdDSA', kid: 'k1', x5u: 'https://evil.example/cert' }))).toBe(
      'TOKEN_FORBIDDEN_HEADER',
    );
  });

  it('rejects a tampered payload and a token signed by another key', async () => {
    const [h, , s] = token().split('.');
    const forged = b64({ sub: 'admin', iss: ISS, aud: AUD, exp: Math.floor(Date.now() / 1000) + 900 });
    expect(await check(`${h}.${forged}.${s}`)).toBe('TOKEN_BAD_SIGNATURE');
    expect(await check(token({}, { alg: 'EdDSA', kid: 'k1' }, other.privateKey))).toBe('TOKEN_BAD_SIGNATURE');
  });

  it('rejects expired, not-yet-valid, wrong-issuer and wrong-audience tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await check(token({ exp: now - 60, iat: now - 960 }))).toBe('TOKEN_EXPIRED');
    expect(await check(token({ nbf: now + 600 }))).toBe('TOKEN_NOT_YET_VALID');
    expect(await check(token({ iss: 'https://evil.example' }))).toBe('TOKEN_WRONG_ISSUER');
    expect(await check(token({ aud: 'https://other-service.example' }))).toBe('TOKEN_WRONG_AUDIENCE');
    expect(await check(token({ aud: ['x', AUD] }))).toBe('ok');
  });

  it('requires the typ header at+jwt (RFC 9068), compared as a media type', async () => {
    for (const typ of ['at+jwt', 'AT+JWT', 'application/at+jwt', 'Application/At+Jwt'])
      expect(await check(token({}, { alg: 'EdDSA', kid: 'k1', typ }))).toBe('ok');
    // An ID token or any other genuine JWT of the issuer is not an access token.
    for (const header of [{ typ: 'JWT' }, {}, { typ: 'application/jwt' }, { typ: 'at+jwt ' }, { typ: 1 }])
      expect(await check(token({}, { alg: 'EdDSA', kid: 'k1', ...header }))).toBe('TOKEN_TYPE_INVALID');
    const error = await verifyAccessToken(token({}, { alg: 'EdDSA', kid: 'k1', typ: 'JWT' }), {
      jwks,
      issuer: ISS,
      audience: AUD,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'TOKEN_TYPE_INVALID',
      message: expect.stringContaining('typ header is "JWT", not "at+jwt"'),
      fix: expect.stringContaining('/refresh'),
    });
    // Judged after the signature: a forgery is reported as one, whatever its typ.
    expect(await check(token({}, { alg: 'EdDSA', kid: 'k1', typ: 'JWT' }, other.privateKey))).toBe(
      'TOKEN_BAD_SIGNATURE',
    );
  });

  it('rejects malformed input', async () => {
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', '!!!.e30.AAAA', `${b64([1])}.e30.AAAA`]) {
      expect(await check(bad)).toMatch(/^(TOKEN_MALFORMED|TOKEN_WRONG_ALGORITHM)$/);
    }
    expect(await check(token({ sub: 42 }))).toBe('TOKEN_MALFORMED');
    expect(await check(token({}, { alg: 'EdDSA', kid: 'nope' }))).toBe('TOKEN_UNKNOWN_KEY');
  });
});

describe('remote JWKS', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let served: { keys: PublicJwk[] } = jwks;
  let fetches = 0;
  let failing = false;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url === '/hang') return; // never answers
      fetches++;
      if (failing) {
        res.statusCode = 503;
        res.end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(served));
    });
  });
  afterAll(() => server.close());

  it('caches the set, refetches on an unknown kid, and rate-limits refetches', async () => {
    let clock = Date.now();
    const source = remoteJwks(`${server.url}/jwks`, { cooldownMs: 30_000, now: () => clock });
    const options = { jwks: source, issuer: ISS, audience: AUD };
    fetches = 0;
    await verifyAccessToken(token(), options);
    await verifyAccessToken(token(), options);
    expect(fetches).toBe(1);

    // A rotated key appears: the first token with its kid triggers one refetch.
    served = { keys: [...jwks.keys, publicJwk(other.publicKey, 'k2')] };
    const rotated = token({}, { alg: 'EdDSA', kid: 'k2', typ: 'at+jwt' }, other.privateKey);
    clock += 30_001; // past the cooldown of the first fetch
    await expect(verifyAccessToken(rotated, options)).resolves.toBeTruthy();
    expect(fetches).toBe(2);

    // Forged kids cannot make it fetch on every request.
    for (let i = 0; i < 20; i++)
      expect(await codeOf(verifyAccessToken(token({}, { alg: 'EdDSA', kid: `forged-${i}` }), options))).toBe(
        'TOKEN_UNKNOWN_KEY',
      );
    expect(fetches).toBe(2);

    // One refetch per cooldown, however many forged kids arrive.
    clock += 30_001;
    for (let i = 0; i < 5; i++)
      expect(
        await codeOf(verifyAccessToken(token({}, { alg: 'EdDSA', kid: `forged-again-${i}` }), options)),
      ).toBe('TOKEN_UNKNOWN_KEY');
    expect(fetches).toBe(3);

    // After cacheMaxAgeMs (10 minutes by default) the set is fetched again, known kid or not.
    clock += 10 * 60_000 + 1;
    await verifyAccessToken(token(), options);
    expect(fetches).toBe(4);
  });

  it('keeps serving the last good set when a refetch fails, and retries after the cooldown', async () => {
    let clock = Date.now();
    const source = remoteJwks(`${server.url}/jwks`, {
      cacheMaxAgeMs: 60_000,
      cooldownMs: 5_000,
      now: () => clock,
    });
    const options = { jwks: source, issuer: ISS, audience: AUD };
    served = jwks;
    fetches = 0;
    await verifyAccessToken(token(), options);
    failing = true;
    clock += 60_001; // the set is stale: the refetch fails, the old keys still verify
    await expect(verifyAccessToken(token(), options)).resolves.toBeTruthy();
    await expect(verifyAccessToken(token(), options)).resolves.toBeTruthy();
    expect(fetches).toBe(2);
    failing = false;
    clock += 5_001;
    await verifyAccessToken(token(), options);
    expect(fetches).toBe(3);
  });

  it('gives up on a JWKS server that does not answer after timeoutMs', async () => {
    const source = remoteJwks(`${server.url}/hang`, { timeoutMs: 50 });
    const error = await verifyAccessToken(token(), { jwks: source, issuer: ISS, audience: AUD }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(AccessTokenError);
    expect(error).toMatchObject({
      code: 'JWKS_UNAVAILABLE',
      message: expect.stringContaining('within 50 ms'),
    });
  });

  it('reports JWKS_UNAVAILABLE when the set cannot be fetched', async () => {
    expect(
      await codeOf(
        verifyAccessToken(token(), { jwksUrl: 'http://127.0.0.1:9/jwks', issuer: ISS, audience: AUD }),
      ),
    ).toBe('JWKS_UNAVAILABLE');
  });

  it('uses only Ed25519 keys from a set', async () => {
    const source = localJwks({
      keys: [{ kty: 'RSA', kid: 'k1', alg: 'RS256' }, publicJwk(ed.publicKey, 'k1')] as never,
    });
    expect(await source.getKey('k1')).not.toBeNull();
  });
});
