import type { BetterAuthPlugin } from 'better-auth';
import { accountEndpoints } from './account-endpoints.js';
import { passwordEndpoints } from './password-endpoints.js';
import type { RestApiRuntime } from './rest-api-options.js';
import { serviceEndpoints } from './service-endpoints.js';
import { sessionEndpoints } from './session-endpoints.js';

/** The id of the REST API plugin in Better Auth's plugin list. */
export const REST_API_PLUGIN_ID = 'mana-rest-api';

/**
 * The REST API (docs/api.md) as a Better Auth plugin: `/register`, `/login`, `/logout`,
 * `/refresh`, `/session`, `/sessions`, `DELETE /sessions/:id`, `/password/change|forgot|reset`,
 * `/health` and `/openapi.json` are its endpoints, typed on `auth.api` (e.g.
 * `auth.api.login({ body, headers })`), rate-limited by Better Auth's limiter and run through
 * its hooks. Each endpoint calls Better Auth's own endpoints in-process, so every plugin hook on
 * `/sign-in/email`, `/sign-up/email`, `/sign-out`, ... runs once, as for a direct call.
 * `createAuthOptions` adds it; the HTTP details (405, HEAD, body limits, error shape) are
 * `createAuth`'s handler's.
 */
export function restApiPlugin(runtime: RestApiRuntime) {
  return {
    id: REST_API_PLUGIN_ID,
    endpoints: {
      ...accountEndpoints(runtime),
      ...sessionEndpoints(),
      ...passwordEndpoints(runtime),
      ...serviceEndpoints(runtime),
    },
  } satisfies BetterAuthPlugin;
}
