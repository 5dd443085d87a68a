import { generateKeyPairSync } from 'node:crypto';
import { importJWK, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AccessTokenError, type PublicJwk, verifyAccessToken } from '../src/index.js';

const ISS = 'https://auth.example.com';
const AUD = 'https://auth.example.com';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const jwk: PublicJwk = {
  ...(publicKey.export({ format: 'jwk' }) as { kty: string }),
  kid: 'k1',
  alg: 'EdDSA',
};
const jwks = { keys: [jwk] };

/** A genuine access token, signed by jose (not by our code). */
async function joseToken(): Promise<string> {
  return new SignJWT({ email: 'a@b.c' })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' })
    .setSubject('user-1')
    .setIssuer(ISS)
    .setAudience(AUD)
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(privateKey);
}

/** The same segment with unused low bits of its last character set (same decoded bytes). */
function flipUnusedBits(segment: string): string {
  const tail = segment.length % 4;
  if (tail === 0) throw new Error(`segment of length ${segment.length} has no unused bits`);
  const last = ALPHABET.indexOf(segment.at(-1)!);
  return segment.slice(0, -1) + ALPHABET[last | (tail === 2 ? 0x0f : 0x03)];
}

/** The same bytes in standard base64 (`+/`), padded with `=`. */
const standardPadded = (segment: string) => Buffer.from(segment, 'base64url').toString('base64');
const padded = (segment: string) => segment + '='.repeat((4 - (segment.length % 4)) % 4);

type Part = 0 | 1 | 2;
const respell = (token: string, part: Part, spell: (s: string) => string) =>
  token
    .split('.')
    .map((s, i) => (i === part ? spell(s) : s))
    .join('.');

async function refusal(token: string): Promise<string> {
  try {
    await verifyAccessToken(token, { jwks, issuer: ISS, audience: AUD });
    return 'accepted';
  } catch (error) {
    if (error instanceof AccessTokenError) return error.code;
    throw error;
  }
}

describe('token malleability: only canonical base64url verifies', () => {
  it('accepts the jose-signed token as issued', async () => {
    expect(await refusal(await joseToken())).toBe('accepted');
  });

  it('refuses a signature with flipped unused low bits, which jose itself accepts', async () => {
    const token = await joseToken();
    // A 64-byte Ed25519 signature is 86 characters: the last one carries 4 unused bits.
    const mutated = respell(token, 2, flipUnusedBits);
    expect(mutated).not.toBe(token);
    const key = await importJWK(jwk, 'EdDSA');
    await expect(jwtVerify(mutated, key, { typ: 'at+jwt' })).resolves.toBeDefined();
    expect(await refusal(mutated)).toBe('TOKEN_MALFORMED');
  });

  it('refuses "=" padding and the standard "+/" alphabet in header, payload and signature', async () => {
    const token = await joseToken();
    // The signature (86 characters) always differs once padded.
    expect(respell(token, 2, padded)).not.toBe(token);
    for (const part of [0, 1, 2] as const) {
      const withPadding = respell(token, part, padded);
      if (withPadding !== token)
        expect(await refusal(withPadding), `padding in part ${part}`).toBe('TOKEN_MALFORMED');
      const standard = respell(token, part, standardPadded);
      if (standard !== token)
        expect(await refusal(standard), `base64 in part ${part}`).toBe('TOKEN_MALFORMED');
    }
  });

  it('refuses a "+/" spelling of a signature whose base64url form has "-" or "_"', async () => {
    // Signatures are random: sign until one contains a character that differs between alphabets.
    let token = await joseToken();
    while (!/[-_]/.test(token.split('.')[2]!)) token = await joseToken();
    const plusSlash = respell(token, 2, (s) => s.replace(/-/g, '+').replace(/_/g, '/'));
    expect(await refusal(plusSlash)).toBe('TOKEN_MALFORMED');
  });

  it('refuses flipped unused bits in the header and payload when their length leaves some', async () => {
    const token = await joseToken();
    for (const part of [0, 1] as const) {
      const segment = token.split('.')[part]!;
      if (segment.length % 4 === 0) continue;
      expect(await refusal(respell(token, part, flipUnusedBits)), `part ${part}`).toBe('TOKEN_MALFORMED');
    }
  });
});
