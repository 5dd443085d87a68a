import { type IncomingHttpHeaders, request, type ServerResponse } from 'node:http';
import { connect, createServer as createH2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { startServer } from '@mana/test-utils';
import { describe, expect, it } from 'vitest';
import { secureHeaders } from '../src/adapters/node/index.js';
import { DEFAULT_PRESET_HEADERS } from './support/default-headers.js';

const SPEC_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'";

describe('Node adapter', () => {
  it('headers passed straight to writeHead do not escape the policy', async () => {
    const headers = secureHeaders();
    const server = await startServer((req, res) => {
      headers(req, res);
      res.writeHead(200, {
        'Content-Security-Policy': 'default-src *',
        'X-Powered-By': 'raw',
        'Content-Type': 'text/plain',
      });
      res.end('x');
    });
    try {
      const response = await fetch(server.url);
      expect(response.headers.get('content-security-policy')).toBe(SPEC_CSP);
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('content-type')).toBe('text/plain');
    } finally {
      await server.close();
    }
  });

  it('after the head is written, getHeader and getHeaderNames report the policy', async () => {
    const headers = secureHeaders();
    const server = await startServer((req, res) => {
      headers(req, res);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ csp: res.getHeader('Content-Security-Policy'), names: res.getHeaderNames() }));
    });
    try {
      const body = (await (await fetch(server.url)).json()) as { csp: string; names: string[] };
      expect(body.csp).toBe(SPEC_CSP);
      expect(body.names).toEqual([
        'content-type',
        'strict-transport-security',
        'x-content-type-options',
        'x-frame-options',
        'content-security-policy',
        'x-xss-protection',
        'referrer-policy',
        'permissions-policy',
      ]);
    } finally {
      await server.close();
    }
  });

  it('uses the public methods when setHeader is wrapped (instrumentation keeps seeing every header)', async () => {
    const headers = secureHeaders();
    const seen: string[] = [];
    const server = await startServer((req, res) => {
      const original = res.setHeader.bind(res);
      res.setHeader = ((name: string, value: string) => {
        seen.push(name);
        return original(name, value);
      }) as ServerResponse['setHeader'];
      headers(req, res);
      res.end('x');
    });
    try {
      const response = await fetch(server.url);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(seen).toEqual(DEFAULT_PRESET_HEADERS);
    } finally {
      await server.close();
    }
  });

  it('works with the HTTP/2 compatibility API', async () => {
    const headers = secureHeaders();
    const server = createH2Server((req, res) => {
      headers(req as never, res as never);
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const responseHeaders = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const stream = client.request({ ':path': '/' });
        stream.on('response', (h) => {
          stream.resume();
          stream.on('end', () => resolve(h));
        });
        stream.on('error', reject);
      });
      expect(responseHeaders['content-security-policy']).toBe(SPEC_CSP);
      expect(responseHeaders['strict-transport-security']).toBe(
        'max-age=31536000; includeSubDomains; preload',
      );
    } finally {
      client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('leaves HSTS out on plain-HTTP localhost when asked, keeps it behind a TLS proxy', async () => {
    const headers = secureHeaders({ strictTransportSecurity: { omitOnPlainHttpLocalhost: true } });
    const server = await startServer((req, res) => {
      headers(req, res);
      res.end();
    });
    try {
      expect((await fetch(server.url)).headers.has('strict-transport-security')).toBe(false);
      const proxied = await fetch(server.url, { headers: { 'x-forwarded-proto': 'https' } });
      expect(proxied.headers.get('strict-transport-security')).toBe(
        'max-age=31536000; includeSubDomains; preload',
      );
      // fetch() cannot set Host; node:http can.
      const named = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
        request(server.url, { headers: { host: 'app.example.com' } }, (res) => {
          res.resume();
          resolve(res.headers);
        })
          .on('error', reject)
          .end();
      });
      expect(named['strict-transport-security']).toBe('max-age=31536000; includeSubDomains; preload');
    } finally {
      await server.close();
    }
  });

  it('removing a header Node treats specially (Date) goes through removeHeader', async () => {
    const headers = secureHeaders({ removeHeaders: ['X-Powered-By', 'Date'] });
    const server = await startServer((req, res) => {
      headers(req, res);
      res.end();
    });
    try {
      const response = await fetch(server.url);
      expect(response.headers.has('date')).toBe(false);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      await server.close();
    }
  });
});
