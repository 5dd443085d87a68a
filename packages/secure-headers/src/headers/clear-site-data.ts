import { didYouMean } from '@mana/internal';
import { fail } from '../errors.js';

/**
 * What `Clear-Site-Data` asks the browser to delete for this origin.
 *
 * @example
 * ```ts
 * const types: ClearSiteDataType[] = ['cookies', 'storage'];
 * ```
 */
export type ClearSiteDataType =
  | 'cache'
  | 'cookies'
  | 'storage'
  | 'executionContexts'
  | 'clientHints'
  | 'prefetchCache'
  | 'prerenderCache'
  | '*';

const TYPES: readonly ClearSiteDataType[] = [
  'cache',
  'cookies',
  'storage',
  'executionContexts',
  'clientHints',
  'prefetchCache',
  'prerenderCache',
  '*',
];

/** The header name, for adapters. @example `res.setHeader(CLEAR_SITE_DATA, clearSiteData());` */
export const CLEAR_SITE_DATA = 'Clear-Site-Data';

const cache = new Map<string, string>();

/**
 * The `Clear-Site-Data` value for a logout response: by default `"cache", "cookies", "storage"`,
 * the OWASP recommendation. Browsers only honour it over HTTPS (and on localhost).
 *
 * @example
 * ```ts
 * import { clearSiteData } from '@mana/secure-headers';
 *
 * return new Response(null, { status: 204, headers: { 'Clear-Site-Data': clearSiteData() } });
 * ```
 */
export function clearSiteData(types: readonly ClearSiteDataType[] = ['cache', 'cookies', 'storage']): string {
  const key = types.join(',');
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  if (!Array.isArray(types) || types.length === 0) {
    fail({
      code: 'CLEAR_SITE_DATA_INVALID',
      header: CLEAR_SITE_DATA,
      value: key,
      problem: 'needs at least one data type',
      fix: "pass e.g. ['cookies', 'storage'].",
    });
  }
  for (const type of types) {
    if (!TYPES.includes(type)) {
      fail({
        code: 'CLEAR_SITE_DATA_INVALID',
        header: CLEAR_SITE_DATA,
        value: String(type),
        problem: 'is not a data type browsers clear',
        fix: `${didYouMean(String(type), TYPES)}Use: ${TYPES.join(', ')}.`,
      });
    }
  }
  const value = [...new Set(types)].map((type) => `"${type}"`).join(', ');
  if (cache.size < 64) cache.set(key, value);
  return value;
}

/**
 * Returns `response` with `Clear-Site-Data` set (a copy when its headers are immutable), for
 * fetch-style logout handlers.
 *
 * @example
 * ```ts
 * import { withClearSiteData } from '@mana/secure-headers';
 *
 * const logout = () => withClearSiteData(new Response(null, { status: 204 }));
 * ```
 */
export function withClearSiteData(response: Response, types?: readonly ClearSiteDataType[]): Response {
  const value = clearSiteData(types);
  try {
    response.headers.set(CLEAR_SITE_DATA, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(CLEAR_SITE_DATA, value);
    return copy;
  }
}
