import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyEdDsaJwt } from './verify-eddsa-jwt.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'EdDSA', use: 'sig' }] };
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function token(header: Record<string, unknown>, payload: Record<string, unknown>, key = privateKey): string {
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
}

describe('verifyEdDsaJwt', () => {
  const now = Math.floor(Date.now() / 1000);

  it('verifies a token signed with a published key', () => {
    const result = verifyEdDsaJwt(token({ alg: 'EdDSA', kid: 'k1' }, { iat: now, exp: now + 900 }), jwks);
    expect(result).toMatchObject({ ok: true, kid: 'k1', lifetimeS: 900 });
  });

  it('refuses other algorithms, unknown kids, bad signatures and expired tokens', () => {
    const hs = verifyEdDsaJwt(
      `${encode({ alg: 'HS256', kid: 'k1' })}.${encode({ exp: now + 60 })}.c2ln`,
      jwks,
    );
    expect(hs).toEqual({ ok: false, problem: expect.stringContaining('alg "HS256"') });
    const unknown = verifyEdDsaJwt(token({ alg: 'EdDSA', kid: 'other' }, { exp: now + 60 }), jwks);
    expect(unknown).toEqual({
      ok: false,
      problem: expect.stringContaining('kid "other" is not in the JWKS'),
    });
    const foreign = verifyEdDsaJwt(
      token({ alg: 'EdDSA', kid: 'k1' }, { exp: now + 60 }, generateKeyPairSync('ed25519').privateKey),
      jwks,
    );
    expect(foreign).toEqual({ ok: false, problem: expect.stringContaining('signature does not verify') });
    const expired = verifyEdDsaJwt(token({ alg: 'EdDSA', kid: 'k1' }, { exp: now - 5 }), jwks);
    expect(expired).toEqual({ ok: false, problem: expect.stringContaining('expired') });
    expect(verifyEdDsaJwt('not-a-jwt', jwks)).toEqual({
      ok: false,
      problem: 'the access token is not a well-formed JWT.',
    });
  });
});
