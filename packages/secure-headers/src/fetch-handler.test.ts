import { describe, expect, it } from 'vitest';
import { NONCE } from './csp/types.js';
import { cspNonce, withSecureHeaders } from './fetch-handler.js';
import { createSecureHeaders } from './secure-headers.js';

const noncePolicy = createSecureHeaders({ contentSecurityPolicy: { scriptSrc: ["'self'", NONCE] } });

describe('withSecureHeaders (fetch handlers)', () => {
  it('hands the handler the nonce that ends up in the header', async () => {
    const handler = withSecureHeaders(
      (request) => new Response(`<script nonce="${cspNonce(request)}"></script>`),
      noncePolicy,
    );
    const response = await handler(new Request('https://example.com/'));
    const nonce = /nonce="([^"]+)"/.exec(await response.text())?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(response.headers.get('content-security-policy')).toBe(
      `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'`,
    );
  });

  it('gives each request its own nonce', async () => {
    const handler = withSecureHeaders(() => new Response('x'), noncePolicy);
    const a = (await handler(new Request('https://e.com/'))).headers.get('content-security-policy');
    const b = (await handler(new Request('https://e.com/'))).headers.get('content-security-policy');
    expect(a).not.toBe(b);
  });

  it('has no nonce when the policy uses none', async () => {
    let seen: string | undefined = 'unset';
    const handler = withSecureHeaders((request) => {
      seen = cspNonce(request);
      return new Response('x');
    });
    await handler(new Request('https://e.com/'));
    expect(seen).toBeUndefined();
  });

  it('secures responses with immutable headers (redirects, proxied fetches)', async () => {
    const handler = withSecureHeaders(() => Response.redirect('https://example.com/login', 302));
    const response = await handler(new Request('https://example.com/'));
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://example.com/login');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('passes extra handler arguments through (env, ctx)', async () => {
    const handler = withSecureHeaders(
      (_request: Request, env: { greeting: string }) => new Response(env.greeting),
    );
    expect(await (await handler(new Request('https://e.com/'), { greeting: 'hi' })).text()).toBe('hi');
  });

  it('rethrows handler errors by default, or secures the onError response', async () => {
    const failing = () => {
      throw new Error('boom');
    };
    await expect(withSecureHeaders(failing)(new Request('https://e.com/'))).rejects.toThrow('boom');
    const handled = withSecureHeaders(failing, undefined, {
      onError: (error) => new Response(String((error as Error).message), { status: 500 }),
    });
    const response = await handled(new Request('https://e.com/'));
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('boom');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('nested wrappers: the innermost policy wins and the nonce is shared', async () => {
    const inner = withSecureHeaders(
      (request) => new Response(cspNonce(request)),
      noncePolicy.override({
        xFrameOptions: 'SAMEORIGIN',
        contentSecurityPolicy: { frameAncestors: ["'self'"] },
      }),
    );
    let outerNonce: string | undefined;
    const outer = withSecureHeaders((request) => {
      outerNonce = cspNonce(request);
      return inner(request);
    }, noncePolicy);
    const response = await outer(new Request('https://e.com/'));
    const body = await response.text();
    expect(body).toBe(outerNonce);
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toBe(
      `default-src 'self'; script-src 'self' 'nonce-${body}'; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'`,
    );
  });

  it('leaves HSTS out on plain-HTTP localhost only when asked', async () => {
    const handler = withSecureHeaders(() => new Response('x'), {
      strictTransportSecurity: { omitOnPlainHttpLocalhost: true },
    });
    expect(
      (await handler(new Request('http://localhost:3000/'))).headers.has('strict-transport-security'),
    ).toBe(false);
    expect(
      (await handler(new Request('https://localhost:3000/'))).headers.has('strict-transport-security'),
    ).toBe(true);
    const always = withSecureHeaders(() => new Response('x'));
    expect(
      (await always(new Request('http://localhost:3000/'))).headers.has('strict-transport-security'),
    ).toBe(true);
  });
});
