import type { ManaAuth } from '../create-auth.js';
import type { ManaDatabase } from '../database.js';
import { ManaAuthConfigError } from '../errors.js';
import { AUTH_CORE_VERSION } from '../version.js';
import { login, logout, refresh, register } from './account-routes.js';
import { ApiError, errorResponse } from './api-error.js';
import { health } from './health-route.js';
import { changePassword, forgotPassword, resetPassword } from './password-routes.js';
import type { ResolvedApiOptions, RouteContext } from './route-context.js';
import { getSession, listSessions, revokeSession } from './session-routes.js';

/** Options of {@link createAuthApi}. */
export interface AuthApiOptions {
  /** The database `auth` uses; `/health` checks that it answers. */
  database: ManaDatabase;
  /** Version shown by `/health`. Default: the version of `@mana/auth-core`. */
  version?: string;
  /** Your page that asks for the new password; the reset link leads there. Default `<baseURL>/reset-password`. */
  resetPasswordUrl?: string;
  /**
   * True when the caller is a server acting for a user (e.g. a BFF holding an API key): then the
   * `ipAddress` and `userAgent` of a `/login` body are used as the client's. Default: never.
   */
  isTrustedServer?: (request: Request) => boolean;
}

type Route = (ctx: RouteContext) => Promise<Response>;

const ROUTES: ReadonlyArray<{ method: string; pattern: RegExp; keys: string[]; handler: Route }> = [
  { method: 'POST', pattern: /^\/register$/, keys: [], handler: register },
  { method: 'POST', pattern: /^\/login$/, keys: [], handler: login },
  { method: 'POST', pattern: /^\/logout$/, keys: [], handler: logout },
  { method: 'POST', pattern: /^\/refresh$/, keys: [], handler: refresh },
  { method: 'GET', pattern: /^\/session$/, keys: [], handler: getSession },
  { method: 'GET', pattern: /^\/sessions$/, keys: [], handler: listSessions },
  { method: 'DELETE', pattern: /^\/sessions\/([^/]+)$/, keys: ['id'], handler: revokeSession },
  { method: 'POST', pattern: /^\/password\/change$/, keys: [], handler: changePassword },
  { method: 'POST', pattern: /^\/password\/forgot$/, keys: [], handler: forgotPassword },
  { method: 'POST', pattern: /^\/password\/reset$/, keys: [], handler: resetPassword },
  { method: 'GET', pattern: /^\/health$/, keys: [], handler: health },
];

function match(path: string) {
  const found = ROUTES.map((route) => ({ route, m: route.pattern.exec(path) })).filter((x) => x.m);
  return found;
}

function resolveOptions(auth: ManaAuth, options: AuthApiOptions): ResolvedApiOptions {
  const jwt = auth.options.plugins.find((p) => p.id === 'jwt') as {
    options?: { jwt?: { expirationTime?: string } };
  };
  const ttl = Number.parseInt(jwt.options?.jwt?.expirationTime ?? '900', 10);
  return {
    basePath: auth.options.basePath,
    version: options.version ?? AUTH_CORE_VERSION,
    startedAt: Date.now(),
    accessTokenTtlSeconds: ttl,
    resetPasswordUrl: options.resetPasswordUrl ?? `${new URL(auth.options.baseURL).origin}/reset-password`,
    isTrustedServer: options.isTrustedServer ?? (() => false),
  };
}

/**
 * The spec's REST API (`/register`, `/login`, `/logout`, `/refresh`, `/session`, `/sessions`,
 * `/sessions/:id`, `/password/change|forgot|reset`, `/health`) as one Fetch handler,
 * `Request → Response`, mounted at the auth `basePath`. Every other path under it goes to
 * Better Auth's own routes (`/jwks`, `/sign-in/email`, ...). Bodies are validated; bad input
 * gets a 4xx `{ error: { code, message, details? } }`, never a 500 or a stack trace.
 *
 * @example
 * ```ts
 * const auth = createAuth({ database, secret, baseURL, mailSender: consoleMailSender() });
 * const api = createAuthApi(auth, { database });
 * Bun.serve({ port: 3001, fetch: api });
 * ```
 */
export function createAuthApi(
  auth: ManaAuth,
  options: AuthApiOptions,
): (request: Request) => Promise<Response> {
  if (!auth.options.emailAndPassword.sendResetPassword) {
    throw new ManaAuthConfigError(
      'mailSender',
      'is required by POST /password/forgot',
      'pass `mailSender: consoleMailSender()` in development, or a sender for your mail provider',
    );
  }
  const resolved = resolveOptions(auth, options);
  const { basePath } = resolved;
  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
      return errorResponse(
        404,
        'NOT_FOUND',
        `No route ${url.pathname}; the auth API lives under ${basePath}.`,
      );
    }
    const path = url.pathname.slice(basePath.length) || '/';
    const candidates = match(path);
    if (candidates.length === 0) return passThrough(auth, request);
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const hit = candidates.find((c) => c.route.method === method);
    if (!hit) {
      const allow = [
        ...new Set(
          candidates.flatMap((c) => (c.route.method === 'GET' ? ['GET', 'HEAD'] : [c.route.method])),
        ),
      ];
      return errorResponse(405, 'METHOD_NOT_ALLOWED', `Use ${allow.join(' or ')} for ${path}.`, {
        headers: { allow: allow.join(', ') },
      });
    }
    const params = Object.fromEntries(
      hit.route.keys.map((key, i) => [key, decodeURIComponent(hit.m![i + 1]!)]),
    );
    const response = await run(hit.route.handler, {
      request,
      auth,
      database: options.database,
      params,
      options: resolved,
    });
    return request.method === 'HEAD'
      ? new Response(null, { status: response.status, headers: response.headers })
      : response;
  };
}

async function run(handler: Route, ctx: RouteContext): Promise<Response> {
  try {
    return await handler(ctx);
  } catch (error) {
    if (error instanceof ApiError) return error.response;
    console.error(
      '[mana-auth] internal error in',
      new URL(ctx.request.url).pathname,
      error instanceof Error ? error.message : error,
    );
    return errorResponse(500, 'INTERNAL_ERROR', 'Internal error.');
  }
}

async function passThrough(auth: ManaAuth, request: Request): Promise<Response> {
  try {
    const response = await auth.handler(request);
    if (response.status === 404 && !response.headers.get('content-type')?.includes('json')) {
      return errorResponse(404, 'NOT_FOUND', `No route ${new URL(request.url).pathname}.`);
    }
    return response;
  } catch (error) {
    console.error('[mana-auth] internal error:', error instanceof Error ? error.message : error);
    return errorResponse(500, 'INTERNAL_ERROR', 'Internal error.');
  }
}
