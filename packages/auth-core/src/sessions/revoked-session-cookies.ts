import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import { deleteSessionCookie } from 'better-auth/cookies';

/** Where revoked session tokens are known; the revocation registry (`auth.revocations`) fits. */
export interface RevokedTokenSource {
  isTokenRevoked(sessionToken: string): boolean;
}

interface CookieNames {
  sessionToken: string;
  sessionData: string;
  dontRemember: string;
}

interface HookContext {
  headers?: Headers | undefined;
  request?: Request | undefined;
  context: {
    authCookies: {
      sessionToken: { name: string };
      sessionData: { name: string };
      dontRememberToken: { name: string };
    };
  };
}

const namesOf = (ctx: HookContext): CookieNames => ({
  sessionToken: ctx.context.authCookies.sessionToken.name,
  sessionData: ctx.context.authCookies.sessionData.name,
  dontRemember: ctx.context.authCookies.dontRememberToken.name,
});

const requestHeaders = (ctx: HookContext): Headers | undefined => ctx.headers ?? ctx.request?.headers;

/** `name=value` pairs of a Cookie header, as written (values still encoded). */
function cookiePairs(header: string): Array<{ name: string; value: string; raw: string }> {
  const pairs: Array<{ name: string; value: string; raw: string }> = [];
  for (const raw of header.split(';')) {
    const eq = raw.indexOf('=');
    if (eq === -1) continue;
    pairs.push({ name: raw.slice(0, eq).trim(), value: raw.slice(eq + 1).trim(), raw: raw.trim() });
  }
  return pairs;
}

/**
 * The session token of a signed session cookie value (`<token>.<signature>`, URL-encoded). The
 * signature is not checked: a token is only ever compared with revoked ones, and a forged
 * cookie naming a revoked token is refused either way.
 */
function tokenOf(value: string): string {
  let decoded = value;
  if (decoded.startsWith('"') && decoded.endsWith('"')) decoded = decoded.slice(1, -1);
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // not percent-encoded: use as is
  }
  const dot = decoded.lastIndexOf('.');
  return dot === -1 ? decoded : decoded.slice(0, dot);
}

/** True when the request carries a session cookie whose token was revoked. */
function carriesRevokedSession(ctx: HookContext, source: RevokedTokenSource): boolean {
  const header = requestHeaders(ctx)?.get('cookie');
  if (!header) return false;
  const name = ctx.context.authCookies.sessionToken.name;
  if (!header.includes(name)) return false;
  // Every copy of the cookie counts: whichever one Better Auth would read, a revoked one is refused.
  return cookiePairs(header).some((pair) => pair.name === name && source.isTokenRevoked(tokenOf(pair.value)));
}

const isSessionCookie = (name: string, names: CookieNames) =>
  name === names.sessionToken ||
  name === names.dontRemember ||
  name === names.sessionData ||
  name.startsWith(`${names.sessionData}.`);

/**
 * Makes a revoked session look missing on every route of Better Auth (`/get-session`,
 * `/list-sessions`, `/update-user`, `/token`, the REST API, `auth.api.getSession(...)`, ...):
 * when the session cookie names a revoked token, the session cookies (token, encrypted cache,
 * dont-remember) are removed from the request before any endpoint reads them, and expired in the
 * response. The route then answers as without a session (null or 401), whatever the cookie
 * cache still says. The check is synchronous, in memory, and costs no query; a request without
 * a revoked session cookie is not touched.
 */
export function revokedSessionCookiesPlugin(source: RevokedTokenSource): BetterAuthPlugin {
  return {
    id: 'mana-revoked-session-cookies',
    hooks: {
      before: [
        {
          matcher: (ctx) => carriesRevokedSession(ctx as unknown as HookContext, source),
          handler: createAuthMiddleware(async (ctx) => {
            const names = namesOf(ctx as unknown as HookContext);
            const headers = new Headers(requestHeaders(ctx as unknown as HookContext));
            const kept = cookiePairs(headers.get('cookie') ?? '')
              .filter((pair) => !isSessionCookie(pair.name, names))
              .map((pair) => pair.raw);
            headers.set('cookie', kept.join('; '));
            deleteSessionCookie(ctx);
            return { context: { headers } };
          }),
        },
      ],
    },
  };
}
