import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';

interface HookContext {
  headers?: Headers | undefined;
  request?: Request | undefined;
  context: { secret: string; authCookies: { sessionToken: { name: string } } };
}

const sign = (value: string, secret: string) => createHmac('sha256', secret).update(value).digest('base64');

/** The value of a signed cookie (`<value>.<base64 HMAC-SHA256>`, as better-call signs it) under `secret`. */
function unsign(signed: string, secret: string): string | undefined {
  const dot = signed.lastIndexOf('.');
  if (dot < 1) return undefined;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1));
  const expected = Buffer.from(sign(value, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
}

/** The Cookie header with the cookie `name` re-signed under `current`, if an older secret signed it. */
function resigned(
  header: string,
  name: string,
  current: string,
  previous: readonly string[],
): string | undefined {
  const parts = header.split(';');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    let signed: string;
    try {
      signed = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
    if (unsign(signed, current) !== undefined) return undefined;
    for (const secret of previous) {
      const value = unsign(signed, secret);
      if (value === undefined) continue;
      parts[i] = ` ${name}=${encodeURIComponent(`${value}.${sign(value, current)}`)}`;
      return parts.join(';').trim();
    }
    return undefined;
  }
  return undefined;
}

/**
 * Secret rotation for the session cookie. Better Auth decrypts the cookie cache and the signing
 * keys with every entry of `secrets`, but checks the session cookie's signature with the current
 * secret only, which would sign everyone out at a rotation. This hook runs before every route:
 * a session cookie signed with a previous secret is re-signed with the current one in the
 * request Better Auth reads (through the hook's public `context.headers`), so sessions survive.
 * The browser keeps the old cookie until Better Auth sets it again (sliding refresh, daily), so
 * keep a previous secret in `secrets` for the session lifetime (30 days) before removing it.
 */
export function previousSecretsPlugin(previous: readonly string[]): BetterAuthPlugin {
  return {
    id: 'mana-previous-secrets',
    hooks: {
      before: [
        {
          matcher: () => previous.length > 0,
          handler: createAuthMiddleware(async (ctx) => {
            const hook = ctx as unknown as HookContext;
            const headers = hook.headers ?? hook.request?.headers;
            const cookie = headers?.get('cookie');
            if (!headers || !cookie) return undefined;
            const name = hook.context.authCookies.sessionToken.name;
            const rewritten = resigned(cookie, name, hook.context.secret, previous);
            if (rewritten === undefined) return undefined;
            const next = new Headers(headers);
            next.set('cookie', rewritten);
            return { context: { headers: next } };
          }),
        },
      ],
    },
  };
}
