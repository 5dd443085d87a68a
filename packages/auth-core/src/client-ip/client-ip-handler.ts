import { randomBytes } from 'node:crypto';
import { remoteAddressOf } from '@mana/internal';
import type { ClientIpResolver } from './client-ip-resolver.js';

type FetchHandler = (request: Request) => Promise<Response>;

/** Better Auth's `advanced.ipAddress` as `createAuthOptions` sets it. */
export interface BetterAuthIpAddressOptions {
  ipAddressHeaders: string[];
  ipv6Subnet: 64;
}

/**
 * Better Auth reads the client IP from a header only. This is the one header it is told to read:
 * a name with 96 random bits, new for every `createAuthOptions` call, that `createAuth`'s handler
 * deletes from every request and sets to the resolved client IP. A client cannot guess it, so
 * even `betterAuth(createAuthOptions(config))` served without our handler believes no header
 * (its limiter then keys every client alike until the handler of `createAuth` is used).
 * IPv6 clients are counted per /64, IPv4-mapped addresses as IPv4.
 */
export function betterAuthIpAddressOptions(): BetterAuthIpAddressOptions {
  return { ipAddressHeaders: [`x-mana-client-ip-${randomBytes(12).toString('hex')}`], ipv6Subnet: 64 };
}

/**
 * Wraps `handle` so that Better Auth sees the resolved client IP, and only that, in `header`:
 * whatever the client sent under that name is removed first. The peer address comes from the
 * adapter (`setRemoteAddress`); without one the IP is unknown and no header is believed.
 */
export function withClientIp(handle: FetchHandler, resolve: ClientIpResolver, header: string): FetchHandler {
  return (request) =>
    handle(withIpHeader(request, header, resolve(remoteAddressOf(request), request.headers)));
}

/**
 * The request with `header` set to `ip` (or removed). In place when the runtime allows, saving a
 * copy per request; runtimes whose incoming headers are immutable get a copy.
 */
function withIpHeader(request: Request, header: string, ip: string | null): Request {
  try {
    request.headers.delete(header);
    if (ip) request.headers.set(header, ip);
    return request;
  } catch {
    // Immutable headers (TypeError): fall through to the copy.
  }
  const headers = new Headers(request.headers);
  headers.delete(header);
  if (ip) headers.set(header, ip);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(request.url, {
    method: request.method,
    headers,
    signal: request.signal,
    ...(hasBody ? { body: request.body, duplex: 'half' } : {}),
  } as RequestInit);
}
