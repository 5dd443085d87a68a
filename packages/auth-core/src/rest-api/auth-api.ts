import type { ManaAuth } from '../create-auth.js';
import type { ManaDatabase } from '../database/create-database.js';
import { ManaAuthConfigError } from '../errors.js';
import { authLogOf } from '../logging/auth-log.js';
import {
  cachedSessionAnswerOf,
  registerCachedSessionAnswer,
} from '../sessions/fast-session/cached-session-lane.js';
import type { AuthFetchHandler } from '../settings/auth-settings.js';
import { errorResponse } from './api-error.js';
import { requestPathname } from './request-path.js';
import { type RestApiConfig, type RestApiOverrides, withRestApiOverrides } from './rest-api-options.js';

/**
 * Options of {@link createAuthApi}. All optional: configure the REST API with the `restApi`
 * option of `createAuth` instead; values given here apply to this handler only.
 */
export interface AuthApiOptions extends RestApiConfig {
  /** The database `/health` checks. Default: the `database` of `createAuth`. */
  database?: ManaDatabase;
}

function overridesOf(options: AuthApiOptions): RestApiOverrides | null {
  const found: RestApiOverrides = {
    ...(options.database ? { database: options.database } : {}),
    ...(options.version !== undefined ? { version: options.version } : {}),
    ...(options.resetPasswordUrl !== undefined ? { resetPasswordUrl: options.resetPasswordUrl } : {}),
    ...(options.isTrustedServer ? { isTrustedServer: options.isTrustedServer } : {}),
  };
  return Object.keys(found).length > 0 ? found : null;
}

async function serve(auth: ManaAuth, request: Request): Promise<Response> {
  const response = await auth.handler(request);
  if (response.status === 404 && !response.headers.get('content-type')?.includes('json')) {
    return errorResponse(404, 'NOT_FOUND', `No route ${new URL(request.url).pathname}.`);
  }
  return response;
}

/**
 * The auth service as one Fetch handler, `Request → Response`, mounted at `auth.settings.basePath`:
 * the REST API (`/register`, `/login`, `/logout`, `/refresh`, `/session`, `/sessions`,
 * `/sessions/:id`, `/password/change|forgot|reset`, `/health`, `/openapi.json`; docs/api.md) and
 * Better Auth's own routes (`/jwks`, `/sign-in/email`, ...). The REST routes are endpoints of
 * a Better Auth plugin (also callable as `auth.api.login(...)`); this handler adds JSON 404s
 * for unknown paths and never answers with a stack trace. It carries `settings.basePath`, so
 * adapters mount it without being told the path again.
 *
 * @example
 * ```ts
 * const auth = createAuth({ database, secret, baseURL, mailSender: consoleMailSender() });
 * const api = createAuthApi(auth);
 * Bun.serve({ port: 3001, fetch: api });
 * ```
 */
export function createAuthApi(auth: ManaAuth, options: AuthApiOptions = {}): AuthFetchHandler {
  if (!auth.options.emailAndPassword.sendResetPassword) {
    throw new ManaAuthConfigError(
      'mailSender',
      'is required by POST /password/forgot',
      'pass `mailSender: consoleMailSender()` in development, or a sender for your mail provider',
    );
  }
  const overrides = overridesOf(options);
  const { basePath } = auth.settings;
  const log = authLogOf(auth.options.plugins);
  const handler = async (request: Request): Promise<Response> => {
    const pathname = requestPathname(request.url);
    if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) {
      return errorResponse(404, 'NOT_FOUND', `No route ${pathname}; the auth API lives under ${basePath}.`);
    }
    try {
      return overrides
        ? await withRestApiOverrides(overrides, () => serve(auth, request))
        : await serve(auth, request);
    } catch (error) {
      log.error('internal_error', 'internal error in the REST API', {
        method: request.method,
        path: pathname,
        error,
      });
      return errorResponse(500, 'INTERNAL_ERROR', 'Internal error.');
    }
  };
  // Its cached session checks are auth.handler's (the REST overrides play no part in them).
  const cachedSessions = cachedSessionAnswerOf(auth.handler);
  if (cachedSessions) registerCachedSessionAnswer(handler, cachedSessions);
  return Object.assign(handler, { settings: auth.settings });
}
