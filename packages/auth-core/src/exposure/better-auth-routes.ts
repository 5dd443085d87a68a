import type { BetterAuthPlugin } from 'better-auth';
import { z } from 'zod';

/**
 * Which of Better Auth's own routes (beside the REST API of docs/api.md) answer over HTTP.
 * Default: only {@link DEFAULT_BETTER_AUTH_ROUTES}, the routes of the plugins you pass in
 * `plugins`, and `/sign-in/social` when `socialProviders` is set. Every other Better Auth route
 * answers 404 JSON; `auth.api.*` calls in your own code are not affected.
 */
export interface BetterAuthRoutesConfig {
  /**
   * More Better Auth routes to expose, below the base path: an exact path (`/update-user`),
   * `:name` for one path segment (`/callback/:id`), or a trailing `/*` for any rest
   * (`/two-factor/*`). Default none.
   */
  expose?: string[];
  /**
   * Unsafe: expose every Better Auth route, as before this option existed (`/list-sessions`,
   * `/update-user`, `/delete-user`, ...). Default `false`.
   */
  exposeAllUnsafe?: boolean;
}

/**
 * Exposed by default: what a browser needs beside the REST API. `/get-session` (Better Auth's
 * client reads the session from the cookies; no token in its body), `/token` (an access token
 * for the session cookie), `/jwks` (public keys), OAuth callbacks, the links in mails (email
 * verification, password reset) and `/error`, where Better Auth sends a failed redirect.
 */
export const DEFAULT_BETTER_AUTH_ROUTES: readonly string[] = [
  '/get-session',
  '/token',
  '/jwks',
  '/callback/:id',
  '/oauth2/callback/:id',
  '/verify-email',
  '/reset-password/:token',
  '/error',
];

/** The zod schema of {@link BetterAuthRoutesConfig} (the `betterAuthRoutes` option). */
export const betterAuthRoutesSchema = z.strictObject({
  expose: z
    .array(
      z
        .string()
        .regex(
          /^(\/(:?[A-Za-z0-9._~-]+))+(\/\*)?$/,
          'must be a path below the base path like "/update-user", "/callback/:id" or "/two-factor/*"',
        ),
    )
    .optional(),
  exposeAllUnsafe: z.boolean().optional(),
});

/** Answers whether a path below the base path is an exposed Better Auth route. */
export type RouteAllowList = (path: string) => boolean;

function patternOf(route: string): RegExp {
  const rest = route.endsWith('/*');
  const body = (rest ? route.slice(0, -2) : route)
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}${rest ? '(/.*)?' : ''}$`);
}

/** The paths of the endpoints of `plugins` that are reachable over HTTP. */
export function pluginRoutes(plugins: readonly BetterAuthPlugin[] | undefined): string[] {
  const paths: string[] = [];
  for (const plugin of plugins ?? []) {
    for (const endpoint of Object.values(plugin.endpoints ?? {})) {
      const path = (endpoint as { path?: unknown }).path;
      if (typeof path === 'string' && path.startsWith('/')) paths.push(path);
    }
  }
  return paths;
}

/**
 * The allow-list for a config: the defaults, the user's plugins' routes, `/sign-in/social` with
 * social providers, and `expose`; or everything with `exposeAllUnsafe`.
 */
export function routeAllowList(
  config: BetterAuthRoutesConfig | undefined,
  context: { plugins?: readonly BetterAuthPlugin[] | undefined; socialProviders?: boolean },
): RouteAllowList {
  if (config?.exposeAllUnsafe) return () => true;
  const routes = [
    ...DEFAULT_BETTER_AUTH_ROUTES,
    ...pluginRoutes(context.plugins),
    ...(context.socialProviders ? ['/sign-in/social'] : []),
    ...(config?.expose ?? []),
  ];
  const exact = new Set(routes.filter((r) => !r.includes(':') && !r.endsWith('/*')));
  const patterns = routes.filter((r) => !exact.has(r)).map(patternOf);
  return (path) => exact.has(path) || patterns.some((p) => p.test(path));
}
