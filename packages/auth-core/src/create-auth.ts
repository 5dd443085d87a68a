import { betterAuth } from 'better-auth';
import { getIP } from 'better-auth/api';
import type { ManaAuthConfig } from './config.js';
import { createAuthOptions } from './create-auth-options.js';
import { notifyPlugins } from './mana-hooks.js';
import { type ManaAuthSettings, resolveSettings } from './settings/auth-settings.js';

/** The Better Auth instance `createAuth` returns, with the settings it resolved. */
export type ManaAuth = ReturnType<typeof betterAuth<ReturnType<typeof createAuthOptions>>> & {
  /** Base path, issuer, audience and lifetimes after defaults; see {@link ManaAuthSettings}. */
  readonly settings: ManaAuthSettings;
};

/**
 * Creates the configured Better Auth instance: EdDSA JWTs with keys in `auth.jwks`, a JWE
 * cookie cache, 7/30-day remember-me, rate limits and a per-account login lockout.
 * `auth.handler` also answers every limiter refusal with a standard `Retry-After` header and
 * tells plugins about it (Better Auth runs no hooks for those requests).
 *
 * @example
 * ```ts
 * const database = await createDatabase(process.env.DATABASE_URL);
 * await migrate(database);
 * const auth = createAuth({ database, secret: process.env.AUTH_SECRET!, baseURL: 'http://localhost:3001' });
 * const response = await auth.handler(request); // mounted at /api/v1/auth
 * ```
 */
export function createAuth(config: ManaAuthConfig): ManaAuth {
  const options = createAuthOptions(config);
  const auth = Object.assign(betterAuth(options), { settings: resolveSettings(config) });
  const handle = auth.handler;
  const basePath = options.basePath;
  auth.handler = async (request: Request) => {
    const response = await handle(request);
    if (response.status !== 429 || response.headers.has('retry-after')) return response;
    // Better Auth's limiter only sends the non-standard X-Retry-After.
    const retryAfter = response.headers.get('x-retry-after') ?? '60';
    const headers = new Headers(response.headers);
    headers.set('Retry-After', retryAfter);
    const pathname = new URL(request.url).pathname;
    await notifyPlugins(options.plugins, 'onRateLimited', {
      request,
      path: pathname.startsWith(basePath) ? pathname.slice(basePath.length) || '/' : pathname,
      ip: getIP(request, options),
      retryAfterSeconds: Number(retryAfter),
    });
    return new Response(response.body, { status: 429, statusText: response.statusText, headers });
  };
  return auth;
}
