import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validateJwks } from './validate-jwks.js';

function ed25519(kid = 'k1') {
  const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
  return { ...jwk, kid, alg: 'EdDSA', use: 'sig' };
}

describe('validateJwks', () => {
  it('accepts a set of public Ed25519 keys', () => {
    const result = validateJwks({ keys: [ed25519('a'), ed25519('b')] });
    expect(result.findings).toEqual([]);
    expect(result.keys).toEqual([
      { kid: 'a', kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' },
      { kid: 'b', kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' },
    ]);
  });

  it('fails an RSA key published next to the EdDSA key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const { findings } = validateJwks({ keys: [ed25519(), { ...rsa, kid: 'legacy', alg: 'RS256' }] });
    expect(findings.map((f) => f.severity)).toEqual(['fail', 'fail']);
    expect(findings[0]?.message).toMatch(/Key #2 \(kid "legacy"\) has kty "RSA"; only OKP \(Ed25519\) keys/);
    expect(findings[1]?.message).toMatch(/has alg "RS256"; only "EdDSA"/);
  });

  it('fails private key material and names the members', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = privateKey.export({ format: 'jwk' });
    const { findings } = validateJwks({ keys: [{ ...jwk, kid: 'k1', alg: 'EdDSA' }] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'fail' });
    expect(findings[0]?.message).toContain('exposes private key material ("d")');
    expect(findings[0]?.message).toContain('rotate the key');
  });

  it('fails EC keys, wrong curves, bad x values and duplicate kids', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    const messages = validateJwks({
      keys: [
        { ...ec, kid: 'ec', alg: 'ES256' },
        { kty: 'OKP', crv: 'X25519', x: ed25519().x, kid: 'x', alg: 'EdDSA' },
        { kty: 'OKP', crv: 'Ed25519', x: 'short', kid: 'dup', alg: 'EdDSA' },
        ed25519('dup'),
      ],
    }).findings.map((f) => f.message);
    expect(messages.some((m) => m.includes('kty "EC"'))).toBe(true);
    expect(messages.some((m) => m.includes('crv "X25519"'))).toBe(true);
    expect(messages.some((m) => m.includes('not a base64url-encoded 32-byte Ed25519 public key'))).toBe(true);
    expect(messages.some((m) => m.includes('kid "dup" is used by 2 keys'))).toBe(true);
  });

  it('warns (does not fail) when alg or kid is missing, and fails a non-signing use', () => {
    const { alg: _alg, kid: _kid, ...bare } = ed25519();
    const warned = validateJwks({ keys: [bare] }).findings;
    expect(warned.map((f) => f.severity)).toEqual(['warn', 'warn']);
    expect(warned.map((f) => f.message).join(' ')).toMatch(/no "alg".*no "kid"/);
    const enc = validateJwks({ keys: [{ ...ed25519(), use: 'enc' }] }).findings;
    expect(enc[0]).toMatchObject({ severity: 'fail' });
    expect(enc[0]?.message).toContain('"use": "sig"');
  });

  it('fails an empty set and a document that is not a JWK Set', () => {
    expect(validateJwks({ keys: [] }).findings[0]?.message).toMatch(/has no keys/);
    expect(validateJwks([ed25519()]).findings[0]?.message).toMatch(/not a JWK Set/);
    expect(validateJwks({ keys: ['nope'] }).findings[0]?.message).toMatch(/Key #1 is not a JSON object/);
  });
});
