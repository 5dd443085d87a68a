import { createDecipheriv, createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

// Better Auth 1.7 (src/crypto/jwt.ts): the JWE cookie cache is `dir` + A256CBC-HS512 with a
// 64-byte key from HKDF-SHA256(secret, salt "better-auth-session", this info), and the key's
// RFC 7638 thumbprint as `kid`.
const HKDF_INFO = 'BetterAuth.js Generated Encryption Key';
const SESSION_SALT = 'better-auth-session';

/**
 * The cookie-cache key of one auth secret, derived once. Decryption is synchronous
 * `node:crypto`: jose's `jwtDecrypt` imports two WebCrypto keys on every call (~370 µs here,
 * docs/benchmarks.md), which is most of the cost of a cached session check. Better Auth's own
 * `getSession` (jose) is the oracle of the differential test (test/fast-session.test.ts).
 */
export interface CookieCacheKey {
  /** The claims of a cookie-cache JWE this key sealed, or undefined for anything else. */
  decrypt(jwe: string): Record<string, unknown> | undefined;
}

/** Derives the cookie-cache key of `secret` (a plain secret string; rotation is not handled). */
export function cookieCacheKey(secret: string): CookieCacheKey {
  const key = Buffer.from(hkdfSync('sha256', secret, SESSION_SALT, HKDF_INFO, 64));
  const macKey = key.subarray(0, 32);
  const encKey = key.subarray(32);
  // RFC 7638 thumbprint of { kty: 'oct', k }: members in lexicographic order, no spaces.
  const kid = createHash('sha256')
    .update(JSON.stringify({ k: key.toString('base64url'), kty: 'oct' }))
    .digest('base64url');
  // jose serialises the protected header Better Auth sets, in this member order.
  const header = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256CBC-HS512', kid })).toString('base64url');
  return {
    decrypt(jwe) {
      const parts = jwe.split('.');
      if (parts.length !== 5 || parts[0] !== header || parts[1] !== '') return undefined;
      const iv = Buffer.from(parts[2]!, 'base64url');
      const ciphertext = Buffer.from(parts[3]!, 'base64url');
      const tag = Buffer.from(parts[4]!, 'base64url');
      if (iv.length !== 16 || tag.length !== 32 || ciphertext.length === 0 || ciphertext.length % 16) {
        return undefined;
      }
      // RFC 7518 §5.2.2.2: the tag is the first half of HMAC-SHA-512(AAD || IV || C || AL).
      const aadBits = Buffer.alloc(8);
      aadBits.writeBigUInt64BE(BigInt(header.length * 8));
      const mac = createHmac('sha512', macKey)
        .update(header)
        .update(iv)
        .update(ciphertext)
        .update(aadBits)
        .digest()
        .subarray(0, 32);
      if (!timingSafeEqual(mac, tag)) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-cbc', encKey, iv);
        const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
        const claims: unknown = JSON.parse(plaintext.toString('utf8'));
        return claims && typeof claims === 'object' && !Array.isArray(claims)
          ? (claims as Record<string, unknown>)
          : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * Checks a signed cookie value (`<value>.<base64 HMAC-SHA256>`, as better-call signs it) and
 * returns the value, or undefined. Only the canonical signature is accepted; anything else goes
 * to Better Auth, whose answer then stands.
 */
export function signedCookieVerifier(secret: string): (signed: string) => string | undefined {
  return (signed) => {
    const dot = signed.lastIndexOf('.');
    if (dot < 1) return undefined;
    const value = signed.slice(0, dot);
    const signature = signed.slice(dot + 1);
    if (signature.length !== 44) return undefined;
    const expected = createHmac('sha256', secret).update(value).digest('base64');
    const given = Buffer.from(signature);
    return given.length === 44 && timingSafeEqual(Buffer.from(expected), given) ? value : undefined;
  };
}
