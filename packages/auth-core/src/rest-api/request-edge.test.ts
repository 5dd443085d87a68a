import { describe, expect, it } from 'vitest';
import { isDecodablePath, withRequestEdge } from './request-edge.js';

const URL_BASE = 'http://auth.test/api/v1/auth';

/** A handler that records what reached it and answers with the body's length. */
function recorder() {
  const seen: { url: string; length: number; contentLength: string | null }[] = [];
  const handle = async (request: Request) => {
    const length = (await request.arrayBuffer()).byteLength;
    seen.push({ url: request.url, length, contentLength: request.headers.get('content-length') });
    return new Response(String(length));
  };
  return { seen, handle };
}

/** A chunked body of `count` chunks of `size` bytes that counts how many were pulled. */
function stream(count: number, size: number) {
  const pulled = { chunks: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.chunks === count) return controller.close();
      pulled.chunks++;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
  });
  return { body, pulled };
}

const post = (body: BodyInit, headers: HeadersInit = {}) =>
  new Request(`${URL_BASE}/update-user`, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('withRequestEdge', () => {
  it('refuses a declared Content-Length past the cap without reading or calling the route', async () => {
    const { seen, handle } = recorder();
    const { body, pulled } = stream(2, 1024);
    const response = await withRequestEdge(handle, { maxBodyBytes: 1024 })(
      post(body, { 'content-length': '2048' }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(response.headers.get('connection')).toBe('close');
    expect(seen).toHaveLength(0);
    expect(pulled.chunks).toBeLessThanOrEqual(1); // the stream's own first pull, nothing read
  });

  it('counts a streamed body and stops pulling once it passes the cap', async () => {
    const { seen, handle } = recorder();
    const { body, pulled } = stream(64, 512);
    const response = await withRequestEdge(handle, { maxBodyBytes: 1024 })(post(body));
    expect(response.status).toBe(413);
    expect(seen).toHaveLength(0);
    expect(pulled.chunks).toBeLessThanOrEqual(4);
  });

  it('passes a body at the cap on as bytes with its true length', async () => {
    const { seen, handle } = recorder();
    const { body } = stream(2, 512);
    const response = await withRequestEdge(handle, { maxBodyBytes: 1024 })(
      post(body, { 'content-length': '10', 'transfer-encoding': 'chunked' }),
    );
    expect(await response.text()).toBe('1024');
    expect(seen[0]).toMatchObject({ length: 1024, contentLength: '1024' });
  });

  it('answers a bad percent-encoding with 400 INVALID_ENCODING before any route', async () => {
    const { seen, handle } = recorder();
    const edge = withRequestEdge(handle, { maxBodyBytes: 1024 });
    for (const path of ['/sessions/%ZZ', '/sessions/%E2%82', '/%', '/a%C0%AFb']) {
      const response = await edge(new Request(`${URL_BASE}${path}`, { method: 'DELETE' }));
      expect(response.status, path).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'INVALID_ENCODING' } });
    }
    expect(seen).toHaveLength(0);
    expect((await edge(new Request(`${URL_BASE}/sessions/a%20b%E2%82%AC`))).status).toBe(200);
  });
});

describe('isDecodablePath', () => {
  it.each([
    ['/plain', true],
    ['/caf%C3%A9', true],
    ['/%ZZ', false],
    ['/%E2%82', false],
    ['/%ED%A0%80', false],
  ])('%s → %s', (path, expected) => {
    expect(isDecodablePath(path)).toBe(expected);
  });
});
