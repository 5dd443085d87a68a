/** Value of each base64url character (RFC 4648 §5), -1 for anything outside the alphabet. */
const VALUES = new Int8Array(128).fill(-1);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/**
 * Decodes one segment of a compact JWS, accepting only the canonical unpadded base64url form
 * (RFC 7515 §2): no `=` padding, no character outside `A-Z a-z 0-9 - _`, no impossible length,
 * and zero unused bits in the last character, so that each byte string has exactly one
 * encoding and a token cannot be re-encoded into a different string that still verifies.
 *
 * Why our own check: neither `Buffer.from(s, 'base64url')` nor jose rejects these spellings.
 * Node's decoder accepts both alphabets and `=`, and drops the unused low bits of the last
 * character; jose 6 decodes with the same lenient decoders (`atob`/`Buffer`), so its
 * `jwtVerify` accepts an Ed25519 signature whose 86th character has its 4 unused bits set
 * (packages/verify/test/token-malleability.test.ts shows it). Tokens that differ as strings but
 * verify alike defeat token-string deny lists, caches keyed by the token and replay detection.
 *
 * @returns the bytes, or `null` when the segment is not canonical base64url.
 * @example
 * ```ts
 * decodeBase64UrlStrict('e30'); // <Buffer 7b 7d>  ("{}")
 * decodeBase64UrlStrict('e31'); // null: non-zero trailing bits
 * decodeBase64UrlStrict('e30='); // null: padding
 * ```
 */
export function decodeBase64UrlStrict(segment: string): Buffer | null {
  const length = segment.length;
  const tail = length % 4;
  if (tail === 1) return null;
  for (let i = 0; i < length; i++) {
    const code = segment.charCodeAt(i);
    if (code > 127 || VALUES[code] === -1) return null;
  }
  if (tail !== 0) {
    // 2 trailing characters carry 8 bits of 12, 3 carry 16 of 18: the rest must be zero.
    const last = VALUES[segment.charCodeAt(length - 1)]!;
    if ((last & (tail === 2 ? 0x0f : 0x03)) !== 0) return null;
  }
  return Buffer.from(segment, 'base64url');
}
