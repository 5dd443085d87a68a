import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64UrlStrict } from './base64url.js';
import { parseCompactJws } from './compact-jws.js';
import { importEd25519Jwk, importEd25519KeySet } from './ed25519-keys.js';
import { verifyCompactJws } from './verify-compact-jws.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const publicJwk = (key: KeyObject, kid: string) => ({
  ...(key.export({ format: 'jwk' }) as { kty: string }),
  kid,
  alg: 'EdDSA',
  use: 'sig',
});
const keys = importEd25519KeySet({ keys: [publicJwk(publicKey, 'k1')] });
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function token(header: Record<string, unknown>, payload: Record<string, unknown>, key = privateKey): string {
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
}
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const flipLowBit = (c: string) => ALPHABET[ALPHABET.indexOf(c) ^ 1]!;
const codeOf = (t: unknown, set = keys) => {
  const result = verifyCompactJws(t, set);
  return result.ok ? 'ok' : result.code;
};

describe('decodeBase64UrlStrict', () => {
  it('decodes canonical unpadded base64url of every length', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff));
      expect(decodeBase64UrlStrict(bytes.toString('base64url'))).toEqual(bytes);
    }
  });

  it('refuses padding, other alphabets, impossible lengths and non-zero trailing bits', () => {
    expect(decodeBase64UrlStrict('e30=')).toBeNull();
    expect(decodeBase64UrlStrict('a+b/')).toBeNull();
    expect(decodeBase64UrlStrict('e3 0')).toBeNull();
    expect(decodeBase64UrlStrict('abcde')).toBeNull();
    expect(decodeBase64UrlStrict('e31')).toBeNull(); // "e30" with a trailing bit set
    expect(decodeBase64UrlStrict('QR')).toBeNull(); // "QQ" ("A") with trailing bits set
    expect(decodeBase64UrlStrict('é30')).toBeNull();
  });
});

describe('verifyCompactJws', () => {
  const now = Math.floor(Date.now() / 1000);

  it('verifies a token signed with a published key and returns header and payload', () => {
    const result = verifyCompactJws(token({ alg: 'EdDSA', kid: 'k1' }, { iat: now, exp: now + 900 }), keys);
    expect(result).toMatchObject({ ok: true, kid: 'k1', payload: { exp: now + 900 } });
  });

  it('refuses other algorithms, unknown kids and bad signatures, quoting the header', () => {
    const hs = verifyCompactJws(
      `${encode({ alg: 'HS256', kid: 'k1' })}.${encode({ exp: now + 60 })}.c2ln`,
      keys,
    );
    expect(hs).toMatchObject({ ok: false, code: 'TOKEN_WRONG_ALGORITHM', header: { alg: 'HS256' } });
    expect(hs.ok || hs.message).toContain('"HS256"');
    expect(codeOf(token({ alg: 'EdDSA', kid: 'other' }, { exp: now }))).toBe('TOKEN_UNKNOWN_KEY');
    expect(codeOf(token({ alg: 'EdDSA', kid: 'k1' }, { exp: now }, other.privateKey))).toBe(
      'TOKEN_BAD_SIGNATURE',
    );
    expect(codeOf(`${encode({ alg: 'none' })}.${encode({ exp: now })}.`)).toBe('TOKEN_WRONG_ALGORITHM');
  });

  it('refuses every key-carrying or critical header', () => {
    for (const name of ['jwk', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'crit']) {
      expect(codeOf(token({ alg: 'EdDSA', kid: 'k1', [name]: 'x' }, { exp: now }))).toBe(
        'TOKEN_FORBIDDEN_HEADER',
      );
    }
  });

  it('refuses malformed tokens: shape, JSON objects, canonical encoding, signature length', () => {
    const good = token({ alg: 'EdDSA', kid: 'k1' }, { exp: now });
    const [h, p, s] = good.split('.') as [string, string, string];
    for (const bad of [
      'not-a-jwt',
      '',
      'a.b',
      `${good}.x`,
      `${encode([1])}.${p}.${s}`,
      `${h}.${encode('text')}.${s}`,
      `${h}=.${p}.${s}`,
      `${h}.${p}.${s}=`,
      `${h}.${p}.${s.slice(0, -1)}${flipLowBit(s.at(-1)!)}`, // a set unused bit after the 64th byte
      `${h}.${p}.${s.slice(0, 40)}`,
      `${h}.${p}.${s}AAAA`,
      `${encode({ alg: 'EdDSA', kid: 7 })}.${p}.${s}`,
      `${Buffer.from([0xff, 0xfe]).toString('base64url')}.${p}.${s}`,
    ]) {
      expect([bad, codeOf(bad)]).toEqual([bad, 'TOKEN_MALFORMED']);
    }
    expect(codeOf(42)).toBe('TOKEN_MALFORMED');
    expect(parseCompactJws(good).ok).toBe(true);
  });

  it('picks the only key for a token without kid, and no key when the set has several', () => {
    const t = token({ alg: 'EdDSA' }, { exp: now });
    expect(codeOf(t)).toBe('ok');
    const two = importEd25519KeySet({ keys: [publicJwk(publicKey, 'k1'), publicJwk(other.publicKey, 'k2')] });
    expect(codeOf(t, two)).toBe('TOKEN_UNKNOWN_KEY');
    expect(codeOf(token({ alg: 'EdDSA', kid: 'k2' }, { exp: now }, other.privateKey), two)).toBe('ok');
  });
});

describe('importEd25519Jwk', () => {
  const jwk = publicJwk(publicKey, 'k1');

  it('imports OKP/Ed25519 keys for EdDSA signatures only', () => {
    expect(importEd25519Jwk(jwk)?.asymmetricKeyType).toBe('ed25519');
    expect(importEd25519Jwk({ ...jwk, alg: undefined, use: undefined })).not.toBeNull();
    expect(importEd25519Jwk({ ...jwk, key_ops: ['verify'] })).not.toBeNull();
    for (const bad of [
      { ...jwk, alg: 'RS256' },
      { ...jwk, use: 'enc' },
      { ...jwk, crv: 'Ed448' },
      { ...jwk, kty: 'RSA' },
      { ...jwk, key_ops: ['sign'] },
      { ...jwk, x: 'AAAA' },
      { ...jwk, x: 7 },
      null,
      'jwk',
    ]) {
      expect(importEd25519Jwk(bad)).toBeNull();
    }
  });

  it('ignores everything but Ed25519 keys in a set', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const set = importEd25519KeySet({ keys: [{ ...rsa, kid: 'k1', alg: 'RS256' }, jwk, 'junk'] });
    expect(set.size).toBe(1);
    expect(set.find('k1')?.asymmetricKeyType).toBe('ed25519');
    expect(importEd25519KeySet(null).size).toBe(0);
    expect(importEd25519KeySet({ keys: 'none' }).size).toBe(0);
  });
});
