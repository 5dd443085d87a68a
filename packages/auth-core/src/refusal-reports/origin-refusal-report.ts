import type { BetterAuthOptions } from 'better-auth';
import { getIP } from 'better-auth/api';
import { notifyPlugins } from '../mana-hooks.js';

type FetchHandler = (request: Request) => Promise<Response>;

/** Better Auth's error codes of its Origin / CSRF checks (`origin-check` middleware). */
const ORIGIN_CODES: ReadonlySet<string> = new Set([
  'INVALID_ORIGIN',
  'MISSING_OR_NULL_ORIGIN',
  'CROSS_SITE_NAVIGATION_LOGIN_BLOCKED',
  'INVALID_CALLBACK_URL',
  'INVALID_REDIRECT_URL',
  'INVALID_ERROR_CALLBACK_URL',
  'INVALID_NEW_USER_CALLBACK_URL',
]);

async function errorCodeOf(response: Response): Promise<string | null> {
  try {
    const body = (await response.clone().json()) as { code?: unknown } | null;
    return typeof body?.code === 'string' ? body.code : null;
  } catch {
    return null;
  }
}

/** The scheme, host and port the request came from (`Origin`, else `Referer`), nothing more. */
function originOf(headers: Headers): string | null {
  const value = headers.get('origin') ?? headers.get('referer');
  if (!value) return null;
  if (value === 'null') return 'null'; // an opaque origin (sandboxed frame, data: URL)
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * Tells plugins about every request Better Auth's Origin / CSRF checks refused (403 with one of
 * their codes): its router middleware refuses before any route or hook runs, so the audit log
 * would otherwise never see these. `reason` is the code lower-cased; the `Origin` is reduced to
 * scheme, host and port.
 */
export function withOriginRefusalReport(
  handle: FetchHandler,
  options: BetterAuthOptions,
  basePath: string,
): FetchHandler {
  return async (request) => {
    const response = await handle(request);
    if (response.status !== 403) return response;
    const code = await errorCodeOf(response);
    if (code === null || !ORIGIN_CODES.has(code)) return response;
    const pathname = new URL(request.url).pathname;
    await notifyPlugins(options.plugins, 'onOriginRefused', {
      request,
      reason: code.toLowerCase(),
      path: pathname.startsWith(basePath) ? pathname.slice(basePath.length) || '/' : pathname,
      ip: getIP(request, options),
      origin: originOf(request.headers),
    });
    return response;
  };
}
