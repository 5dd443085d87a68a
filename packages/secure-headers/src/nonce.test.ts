import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateNonce } from './nonce.js';

describe('generateNonce', () => {
  afterEach(() => vi.restoreAllMocks());

  it('returns 24 base64 characters (144 bits)', () => {
    for (let i = 0; i < 1000; i++) {
      const nonce = generateNonce();
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
      expect(Buffer.from(nonce, 'base64')).toHaveLength(18);
    }
  });

  it('never repeats, across many pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(generateNonce());
    expect(seen.size).toBe(20_000);
  });

  it('draws randomness in batches instead of once per nonce', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    for (let i = 0; i < 4096; i++) generateNonce();
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(4);
    expect(spy.mock.calls.length).toBeLessThanOrEqual(5);
  });

  it('uses the platform CSPRNG: output follows getRandomValues', () => {
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((array) => {
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength).fill(0xff);
      return array;
    });
    // Drain the current batch; the next one comes from the mocked source.
    let nonce = generateNonce();
    for (let i = 0; i < 1024 && nonce !== '////////////////////////'; i++) nonce = generateNonce();
    expect(nonce).toBe('////////////////////////');
    // Hand out the rest of the forged batch so later tests draw real randomness again.
    vi.restoreAllMocks();
    for (let i = 0; i < 1024; i++) generateNonce();
  });

  it('bytes are spread evenly (no stuck bits)', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 4000; i++) for (const byte of Buffer.from(generateNonce(), 'base64')) counts[byte]!++;
    const expected = (4000 * 18) / 256;
    for (const count of counts) {
      expect(count).toBeGreaterThan(expected * 0.6);
      expect(count).toBeLessThan(expected * 1.4);
    }
  });
});
