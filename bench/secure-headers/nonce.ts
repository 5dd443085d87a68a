/** Cost of producing one nonce: ours (pooled) against the usual per-request recipes. */
import { randomBytes } from 'node:crypto';
import { generateNonce } from '../../packages/secure-headers/src/index.js';

const RECIPES: Record<string, () => string> = {
  '@mana/secure-headers generateNonce() (pooled, 144 bits)': generateNonce,
  "randomBytes(16).toString('base64') (helmet's documented recipe)": () => randomBytes(16).toString('base64'),
  "crypto.getRandomValues(16) + base64 (hono's NONCE)": () => {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode(...bytes));
  },
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function measureNonces(rounds: number, iterations: number): { name: string; ns: number }[] {
  const samples: Record<string, number[]> = {};
  let sink = 0;
  for (let round = -1; round < rounds; round++) {
    for (const [name, make] of Object.entries(RECIPES)) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) sink += make().length;
      if (round < 0) continue;
      samples[name] ??= [];
      samples[name].push(Number(process.hrtime.bigint() - start) / iterations);
    }
  }
  if (sink === 0) throw new Error('unreachable');
  return Object.entries(samples).map(([name, values]) => ({ name, ns: median(values) }));
}
