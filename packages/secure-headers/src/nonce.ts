/** Bytes per nonce: 18 bytes = 144 bits, exactly 24 base64 characters with no padding. */
const NONCE_BYTES = 18;
const NONCE_CHARS = 24;
/** Nonces drawn from one `getRandomValues` call (18 KiB, under its 64 KiB limit). */
const BATCH = 1024;

const pool = new Uint8Array(NONCE_BYTES * BATCH);
let encoded = '';
let next = BATCH;

type BufferLike = {
  from(data: ArrayBufferLike, offset: number, length: number): { toString(encoding: 'base64'): string };
};

function encodeBase64(bytes: Uint8Array): string {
  const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;
  // A view on the same memory, not a copy.
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary);
}

function refill(): void {
  crypto.getRandomValues(pool);
  encoded = encodeBase64(pool);
  next = 0;
}

/**
 * A fresh CSP nonce: 144 bits from the platform CSPRNG, base64 (24 characters).
 *
 * Random bytes are drawn 1024 nonces at a time and base64-encoded in one go, so a nonce costs a
 * string slice instead of a `randomBytes` call. Every nonce is handed out once; the pool is
 * refilled from `crypto.getRandomValues` when it runs out.
 *
 * @example
 * ```ts
 * import { generateNonce } from '@mana/secure-headers';
 *
 * const nonce = generateNonce(); // e.g. "q0L7xW0mJ1mYlqJ3kR1s2Zp9"
 * ```
 */
export function generateNonce(): string {
  if (next === BATCH) refill();
  const start = next * NONCE_CHARS;
  next++;
  return encoded.slice(start, start + NONCE_CHARS);
}
