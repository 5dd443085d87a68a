import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type SecureHeadersVariables, secureHeaders } from '../src/adapters/hono/index.js';
import { NONCE } from '../src/csp/types.js';

describe('Hono adapter', () => {
  it('secures responses with immutable headers by copying them', async () => {
    const app = new Hono();
    app.use(secureHeaders());
    app.get('/', () => Response.redirect('https://example.com/next', 307));
    const response = await app.request('/');
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('https://example.com/next');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('a route() middleware works alone, without a global one', async () => {
    const app = new Hono<{ Variables: SecureHeadersVariables }>();
    const headers = secureHeaders();
    app.get('/', headers.route({ contentSecurityPolicy: { scriptSrc: ["'self'", NONCE] } }), (c) =>
      c.text(c.get('cspNonce') ?? ''),
    );
    const response = await app.request('/');
    const nonce = await response.text();
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(response.headers.get('content-security-policy')).toContain(`'nonce-${nonce}'`);
  });

  it('a route override that adds a nonce gives the handler one', async () => {
    const app = new Hono<{ Variables: SecureHeadersVariables }>();
    const headers = secureHeaders();
    app.use(headers);
    app.get('/plain', (c) => c.text(String(c.get('cspNonce'))));
    app.get('/nonce', headers.route({ contentSecurityPolicy: { scriptSrc: [NONCE] } }), (c) =>
      c.text(String(c.get('cspNonce'))),
    );
    expect(await (await app.request('/plain')).text()).toBe('undefined');
    const response = await app.request('/nonce');
    expect(response.headers.get('content-security-policy')).toContain(
      `script-src 'nonce-${await response.text()}'`,
    );
  });

  it('leaves HSTS out on plain-HTTP localhost when asked', async () => {
    const app = new Hono();
    app.use(secureHeaders({ strictTransportSecurity: { omitOnPlainHttpLocalhost: true } }));
    app.get('/', (c) => c.text('x'));
    expect((await app.request('http://localhost/')).headers.has('strict-transport-security')).toBe(false);
    expect((await app.request('https://localhost/')).headers.has('strict-transport-security')).toBe(true);
  });
});
