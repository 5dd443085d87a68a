import type { ManaAuth } from '../create-auth.js';
import type { ManaDatabase } from '../database.js';

/** What every facade route gets. */
export interface RouteContext {
  request: Request;
  auth: ManaAuth;
  database: ManaDatabase;
  /** Path parameters, e.g. `{ id }` for `/sessions/:id`. */
  params: Record<string, string>;
  options: ResolvedApiOptions;
}

/** Facade options after defaults. */
export interface ResolvedApiOptions {
  basePath: string;
  version: string;
  startedAt: number;
  accessTokenTtlSeconds: number;
  resetPasswordUrl: string;
  isTrustedServer: (request: Request) => boolean;
}

const DROPPED_HEADERS = ['content-length', 'content-type', 'transfer-encoding', 'connection', 'expect'];

/**
 * Calls one of Better Auth's routes with the caller's headers (cookies, origin, user agent and
 * client-IP headers), so limits, hooks and plugins see the same request they would see directly.
 */
export function forward(
  ctx: RouteContext,
  path: string,
  init: { method: 'GET' | 'POST'; body?: unknown; cookie?: string; headers?: Headers },
): Promise<Response> {
  const headers = new Headers(init.headers ?? ctx.request.headers);
  for (const name of DROPPED_HEADERS) headers.delete(name);
  // An empty jar means "no cookies": a bare Cookie header would make Better Auth demand an Origin.
  if (init.cookie === '') headers.delete('cookie');
  else if (init.cookie !== undefined) headers.set('cookie', init.cookie);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const url = new URL(ctx.request.url);
  return ctx.auth.handler(
    new Request(`${url.origin}${ctx.options.basePath}${path}`, {
      method: init.method,
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    }),
  );
}

/** `name=value` pairs of Set-Cookie lines, for a follow-up request in the same flow. */
export function cookiePairs(setCookies: readonly string[], previous = ''): string {
  const jar = new Map<string, string>();
  for (const pair of previous.split(';')) {
    const index = pair.indexOf('=');
    if (index > 0) jar.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
  }
  for (const line of setCookies) {
    const pair = line.split(';')[0]!;
    const index = pair.indexOf('=');
    const name = pair.slice(0, index).trim();
    const value = pair.slice(index + 1);
    if (/;\s*max-age=0(;|$)/i.test(line) || value === '') jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}
