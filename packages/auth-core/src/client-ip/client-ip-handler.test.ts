import { setRemoteAddress } from '@mana/internal';
import { describe, expect, it } from 'vitest';
import { betterAuthIpAddressOptions, withClientIp } from './client-ip-handler.js';
import { createClientIpResolver } from './client-ip-resolver.js';

const [header] = betterAuthIpAddressOptions().ipAddressHeaders as [string];
// The inner handler reports the IP header Better Auth would read, and the body.
const handler = withClientIp(
  async (request) =>
    Response.json({
      ip: request.headers.get(header),
      body: request.method === 'POST' ? await request.text() : null,
    }),
  createClientIpResolver({ trustedProxies: ['10.0.0.1'] }),
  header,
);

describe('withClientIp (the outermost layer of createAuth’s handler)', () => {
  it('uses a random header name per call, never the old fixed one', () => {
    const other = betterAuthIpAddressOptions().ipAddressHeaders[0];
    expect(header).toMatch(/^x-mana-client-ip-[0-9a-f]{24}$/);
    expect(other).not.toBe(header);
  });

  it('replaces a client-sent value of the header with the resolved address', async () => {
    const request = new Request('http://localhost/x', { headers: { [header]: '203.0.113.9' } });
    const response = await handler(setRemoteAddress(request, '::ffff:192.0.2.4'));
    expect(await response.json()).toEqual({ ip: '192.0.2.4', body: null });
  });

  it('removes the header when no peer address is known', async () => {
    const request = new Request('http://localhost/x', { headers: { [header]: '203.0.113.9' } });
    expect(await (await handler(request)).json()).toEqual({ ip: null, body: null });
  });

  it('copies the request where incoming headers are immutable, body included', async () => {
    const request = new Request('http://localhost/login', {
      method: 'POST',
      headers: { [header]: '203.0.113.9', 'x-forwarded-for': '198.51.100.7' },
      body: 'data',
    });
    // As on runtimes whose server requests have immutable headers (undici throws TypeError).
    const frozen = new Headers(request.headers);
    for (const name of ['set', 'delete', 'append'] as const) {
      Object.defineProperty(frozen, name, {
        value: () => {
          throw new TypeError('immutable');
        },
      });
    }
    Object.defineProperty(request, 'headers', { value: frozen });
    const response = await handler(setRemoteAddress(request, '10.0.0.1'));
    expect(await response.json()).toEqual({ ip: '198.51.100.7', body: 'data' });
  });
});
