import { describe, expect, it } from 'vitest';
import { withJwksCache } from './jwks-cache.js';

const URL_JWKS = 'http://127.0.0.1/api/v1/auth/jwks';

function backend() {
  const state = { reads: 0, keys: ['k1'], fail: false };
  const handle = async (request: Request) => {
    if (!request.url.endsWith('/jwks')) return new Response('other');
    state.reads++;
    if (state.fail) return new Response('{"message":"down"}', { status: 500 });
    return Response.json({ keys: state.keys.map((kid) => ({ kid, kty: 'OKP' })) });
  };
  return { state, handle };
}

describe('withJwksCache', () => {
  it('reads once per period, answers 304 to a matching If-None-Match, and refreshes on a new generation', async () => {
    const { state, handle } = backend();
    let now = 0;
    let generation = 1;
    const cached = withJwksCache(handle, '/api/v1/auth', { generation: () => generation, now: () => now });
    const first = await cached(new Request(URL_JWKS));
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const etag = first.headers.get('etag')!;
    await Promise.all(Array.from({ length: 20 }, () => cached(new Request(URL_JWKS))));
    expect(state.reads).toBe(1);
    const revalidated = await cached(new Request(URL_JWKS, { headers: { 'if-none-match': `"x", ${etag}` } }));
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');

    state.keys = ['k2', 'k1'];
    generation = 2; // a rotation seen by the key store
    const rotated = await cached(new Request(URL_JWKS));
    expect(state.reads).toBe(2);
    expect(rotated.headers.get('etag')).not.toBe(etag);
    expect((await cached(new Request(URL_JWKS, { headers: { 'if-none-match': etag } }))).status).toBe(200);

    now += 60_001; // the period is over: read again
    await cached(new Request(URL_JWKS));
    expect(state.reads).toBe(3);
  });

  it('shares one read among concurrent misses and never caches a failure', async () => {
    const { state, handle } = backend();
    state.fail = true;
    const cached = withJwksCache(handle, '/api/v1/auth', { generation: () => 1 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => cached(new Request(URL_JWKS))));
    expect(answers.map((a) => a.status)).toEqual([500, 500, 500, 500, 500]);
    expect(await answers[4]!.text()).toContain('down');
    expect(state.reads).toBe(1);
    state.fail = false;
    expect((await cached(new Request(URL_JWKS))).status).toBe(200);
    expect(state.reads).toBe(2);
    expect(await (await cached(new Request('http://127.0.0.1/api/v1/auth/other'))).text()).toBe('other');
  });
});
