import type { AuthFetchHandler } from '../settings/auth-settings.js';
import { DEFAULT_BASE_PATH } from '../settings/constants.js';

/**
 * Where an adapter mounts `handler`: the adapter's own `basePath` option when given, else the
 * base path the handler was built with (`handler.settings.basePath`), else the default
 * `/api/v1/auth` (docs/configuration.md, `basePath`). The base path is configured once, on
 * `createAuth`.
 */
export function mountPath(handler: AuthFetchHandler, basePath: string | undefined): string {
  return basePath ?? handler.settings?.basePath ?? DEFAULT_BASE_PATH;
}

/**
 * The origin every request URL gets (scheme, host, port of the handler's `settings.baseURL`), so
 * that the `Host` header cannot re-route a request or change the links built from its URL.
 * Undefined for a handler without settings (the bridge then uses `http://localhost`).
 */
export function configuredOrigin(handler: AuthFetchHandler): string | undefined {
  const baseURL = handler.settings?.baseURL;
  return baseURL ? new URL(baseURL).origin : undefined;
}
