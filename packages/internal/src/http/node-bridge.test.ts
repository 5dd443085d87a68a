import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUnderBasePath, type NodeRequest, toFetchRequest, toNodeHandler } from './node-bridge.js';
import { remoteAddressOf } from './remote-address.js';

/** A GET from the loopback source address `localAddress`, with `headers`. */
function getFrom(url: string, localAddress: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { localAddress, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('toNodeHandler (Node <-> Fetch bridge)', () => {
  let server: Server;
  let base: string;
  const seen: Request[] = [];

  beforeAll(async () => {
    const handler = async (request: Request) => {
      seen.push(request);
      const body = request.method === 'POST' ? await request.text() : '';
      const headers = new Headers({ 'content-type': 'application/json' });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2; Path=/; HttpOnly');
      return new Response(JSON.stringify({ path: new URL(request.url).pathname, body }), {
        status: 201,
        headers,
      });
    };
    server = createServer(toNodeHandler(handler, { basePath: '/api/v1/auth' }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves paths under the base path with the status, body and every Set-Cookie of the handler', async () => {
    const response = await fetch(`${base}/api/v1/auth/login?x=1`, { method: 'POST', body: '{"a":1}' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ path: '/api/v1/auth/login', body: '{"a":1}' });
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/; HttpOnly']);
  });

  it('records the socket address beside the request and passes client-sent IP headers on untouched', async () => {
    const spoof = { 'x-mana-client-ip': '203.0.113.9', 'x-forwarded-for': '203.0.113.10' };
    await getFrom(`${base}/api/v1/auth`, '127.0.0.2', spoof);
    const request = seen.at(-1)!;
    expect(remoteAddressOf(request)).toBe('127.0.0.2');
    expect(request.headers.get('x-forwarded-for')).toBe('203.0.113.10');
    await getFrom(`${base}/api/v1/auth`, '127.0.0.3', {});
    expect(remoteAddressOf(seen.at(-1)!)).toBe('127.0.0.3');
  });

  it('knows no address for a request it did not convert', () => {
    expect(remoteAddressOf(new Request('http://localhost/api/v1/auth'))).toBeUndefined();
  });

  it('answers 404 outside the base path without calling the handler', async () => {
    const before = seen.length;
    expect((await fetch(`${base}/api/v1/authx`)).status).toBe(404);
    expect((await fetch(`${base}/other`)).status).toBe(404);
    expect(seen.length).toBe(before);
  });

  it('matches the base path itself and what is below it, nothing else', () => {
    expect(isUnderBasePath('/api/v1/auth', '/api/v1/auth')).toBe(true);
    expect(isUnderBasePath('/api/v1/auth/jwks', '/api/v1/auth')).toBe(true);
    expect(isUnderBasePath('/api/v1/authz', '/api/v1/auth')).toBe(false);
  });

  it('builds the URL from the configured origin and the request line, never from Host', () => {
    const req = (url: string, host: string) =>
      ({ url, method: 'GET', headers: { host }, socket: {} }) as unknown as NodeRequest;
    const origin = { origin: 'https://auth.example.com' };
    expect(toFetchRequest(req('/api/v1/auth/jwks?a=1', 'evil.example'), origin).url).toBe(
      'https://auth.example.com/api/v1/auth/jwks?a=1',
    );
    expect(toFetchRequest(req('http://evil.example/api/v1/auth', 'evil.example'), origin).url).toBe(
      'https://auth.example.com/',
    );
    expect(toFetchRequest(req('//evil.example/x', 'a'), origin).url).toBe('https://auth.example.com/');
    expect(toFetchRequest(req('/\\evil.example/x', 'a'), origin).url).toBe('https://auth.example.com/');
    expect(toFetchRequest(req('/api/v1/auth', 'evil.example')).url).toBe('http://localhost/api/v1/auth');
  });

  it('closes the connection after answering a request whose body it did not read', async () => {
    const refuse = createServer(
      toNodeHandler(async () => new Response('{"error":{}}', { status: 413 }), { basePath: '/api/v1/auth' }),
    );
    await new Promise<void>((resolve) => refuse.listen(0, '127.0.0.1', resolve));
    const { port } = refuse.address() as AddressInfo;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write('POST /api/v1/auth/x HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n{"a":');
    });
    await new Promise((resolve) => refuse.close(resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer.toLowerCase()).toContain('connection: close');
  });
});
