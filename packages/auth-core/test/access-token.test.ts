import { execFileSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthTestContext, BASE_URL, call, setupAuthTest, signIn, signUp } from './harness.js';

interface Jwk {
  kty: string;
  crv: string;
  alg: string;
  kid: string;
  x: string;
  d?: string;
}

let t: AuthTestContext;
let jwks: { keys: Jwk[] };
let token: string;
let userId: string;

beforeAll(async () => {
  t = await setupAuthTest();
  const auth = t.makeAuth();
  const user = await signUp(auth);
  userId = user.userId;
  const { jar } = await signIn(auth, user.email);
  token = ((await call(auth, 'GET', '/token', { jar })).body as { token: string }).token;
  jwks = (await call(auth, 'GET', '/jwks')).body as { keys: Jwk[] };
});
afterAll(() => t.close());

const decode = (part: string) =>
  JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;

describe('JWKS', () => {
  it('serves one EdDSA/Ed25519/OKP key with a kid and no private part', () => {
    expect(jwks.keys).toHaveLength(1);
    const [key] = jwks.keys;
    expect(key).toMatchObject({ alg: 'EdDSA', crv: 'Ed25519', kty: 'OKP' });
    expect(key!.kid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Buffer.from(key!.x, 'base64url')).toHaveLength(32);
    expect(key).not.toHaveProperty('d');
  });

  it('stores the private key encrypted at rest', async () => {
    const [row] = await t.database.query<{ private_key: string; alg: string; crv: string }>(
      'SELECT private_key, alg, crv FROM auth.jwks',
    );
    expect(row!.alg).toBe('EdDSA');
    expect(row!.crv).toBe('Ed25519');
    expect(row!.private_key).not.toContain('"d"');
    expect(row!.private_key).not.toContain('OKP');
  });
});

describe('access token', () => {
  it('has an EdDSA at+jwt header with the JWKS kid and iss, aud, sub, sid, jti, 15-minute lifetime', () => {
    const [header, payload] = token.split('.');
    expect(decode(header!)).toEqual({ alg: 'EdDSA', typ: 'at+jwt', kid: jwks.keys[0]!.kid });
    const claims = decode(payload!);
    expect(claims.iss).toBe(BASE_URL);
    expect(claims.aud).toBe(BASE_URL);
    expect(claims.sub).toBe(userId);
    expect(claims.sid).toEqual(expect.any(String));
    expect(claims.jti).toEqual(expect.any(String));
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
    expect(claims).not.toHaveProperty('token');
  });

  it('verifies with node:crypto Ed25519 over the JWS signing input', () => {
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwks.keys[0]!.x }, format: 'jwk' });
    expect(verify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))).toBe(
      true,
    );
    const tampered = Buffer.from(`${header}.${payload.slice(0, -2)}AA`);
    expect(verify(null, tampered, key, Buffer.from(signature, 'base64url'))).toBe(false);
  });

  it('verifies with openssl', () => {
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const dir = mkdtempSync(join(tmpdir(), 'mana-openssl-'));
    const pem = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwks.keys[0]!.x }, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    writeFileSync(join(dir, 'pub.pem'), pem);
    writeFileSync(join(dir, 'data'), `${header}.${payload}`);
    writeFileSync(join(dir, 'sig'), Buffer.from(signature, 'base64url'));
    const out = execFileSync(
      'openssl',
      ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'data', '-sigfile', 'sig'],
      {
        cwd: dir,
      },
    ).toString();
    expect(out).toMatch(/Signature Verified Successfully/);
  });

  it('verifies with PyJWT (python3-jwt), an independent implementation', () => {
    const script = `
import json, sys, jwt
from jwt.algorithms import OKPAlgorithm
jwk = json.loads(sys.argv[2])
key = OKPAlgorithm.from_jwk(json.dumps(jwk))
claims = jwt.decode(sys.argv[1], key=key, algorithms=["EdDSA"], audience=sys.argv[3], issuer=sys.argv[3])
print(json.dumps(claims))
`;
    const out = execFileSync('/usr/bin/python3', [
      '-c',
      script,
      token,
      JSON.stringify(jwks.keys[0]),
      BASE_URL,
    ]).toString();
    expect(JSON.parse(out)).toMatchObject({ sub: userId, iss: BASE_URL, aud: BASE_URL });
  });
});
