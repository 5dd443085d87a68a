import type { BetterAuthAdvancedOptions } from 'better-auth';

/** The prefix browsers reserve for cookies without `Domain`, with `Path=/` and `Secure`. */
export const HOST_PREFIX = '__Host-';

type Advanced = Pick<
  BetterAuthAdvancedOptions,
  'cookiePrefix' | 'cookies' | 'crossSubDomainCookies' | 'defaultCookieAttributes' | 'useSecureCookies'
>;
type Attributes = { domain?: unknown; path?: unknown } | undefined;

/** Why `__Host-` cannot be used with these options, or undefined when it can. */
export function hostPrefixBlocker(baseURL: string, advanced: Advanced | undefined): string | undefined {
  if (!baseURL.startsWith('https:')) return 'baseURL is http';
  if (advanced?.useSecureCookies === false) return 'advanced.useSecureCookies is false';
  if (advanced?.crossSubDomainCookies?.enabled) return 'advanced.crossSubDomainCookies sets a Domain';
  const attributes: Attributes[] = [
    advanced?.defaultCookieAttributes as Attributes,
    ...Object.values(advanced?.cookies ?? {}).map((cookie) => cookie?.attributes as Attributes),
  ];
  for (const entry of attributes) {
    if (entry?.domain !== undefined) return 'a cookie attribute sets a Domain';
    if (entry?.path !== undefined && entry.path !== '/')
      return 'a cookie attribute sets a Path other than "/"';
  }
  return undefined;
}

const withHostPrefix = (name: string) => (name.startsWith(HOST_PREFIX) ? name : `${HOST_PREFIX}${name}`);

/**
 * Better Auth's cookie options with `__Host-` names over https: `__Host-better-auth.session_token`
 * (`__Host-<cookiePrefix>.…`, custom `advanced.cookies.*.name`s prefixed too), `Secure`,
 * `Path=/` and no `Domain`, so no sibling sub-domain can set or overwrite them. Better Auth
 * itself only knows `__Secure-`, so its secure prefix is turned off and the `__Host-` one is
 * part of the name. When {@link hostPrefixBlocker} names a reason (http, cross-sub-domain
 * cookies, a `Domain` or `Path` attribute), the options are returned unchanged: `__Secure-`
 * names on https, plain names on http.
 */
export function hostCookieOptions<A extends Advanced>(baseURL: string, advanced: A): A {
  if (hostPrefixBlocker(baseURL, advanced) !== undefined) return advanced;
  const cookies = Object.fromEntries(
    Object.entries(advanced.cookies ?? {}).map(([key, cookie]) => [
      key,
      {
        ...cookie,
        ...(cookie?.name ? { name: withHostPrefix(cookie.name) } : {}),
        ...(cookie?.attributes ? { attributes: { ...cookie.attributes, secure: true } } : {}),
      },
    ]),
  );
  return {
    ...advanced,
    cookiePrefix: withHostPrefix(advanced.cookiePrefix ?? 'better-auth'),
    ...(advanced.cookies ? { cookies } : {}),
    useSecureCookies: false,
    defaultCookieAttributes: { ...advanced.defaultCookieAttributes, secure: true, path: '/' },
  };
}
