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
