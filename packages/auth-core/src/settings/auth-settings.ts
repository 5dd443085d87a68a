import type { ManaAuthConfig } from '../config/auth-config.js';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  COOKIE_CACHE_MAX_AGE_SECONDS,
  DEFAULT_BASE_PATH,
  JWKS_MAX_AGE_SECONDS,
  MAX_BODY_BYTES,
  REMEMBER_ME_TTL_SECONDS,
  SESSION_TTL_SECONDS,
} from './constants.js';

/**
 * The settings `createAuth` resolved from its config, in one place: adapters, the REST facade and
 * the request authenticator read them from `auth.settings` instead of repeating defaults or
 * reading them back out of Better Auth's plugin list.
 *
 * @example
 * ```ts
 * const auth = createAuth({ database, secret, baseURL: 'https://auth.example.com' });
 * auth.settings.basePath; // '/api/v1/auth'
 * auth.settings.accessTokenTtlSeconds; // 900
 * ```
 */
export interface ManaAuthSettings {
  /** Public origin and path prefix of the service, e.g. `https://auth.example.com`. */
  readonly baseURL: string;
  /** Mount path of every auth route, e.g. `/api/v1/auth`. */
  readonly basePath: string;
  /** `iss` of every access token. */
  readonly issuer: string;
  /** `aud` of every access token. */
  readonly audience: string | readonly string[];
  /** Access-token lifetime in seconds (900). */
  readonly accessTokenTtlSeconds: number;
  /** JWE cookie-cache lifetime in seconds (300). */
  readonly cookieCacheMaxAgeSeconds: number;
  /** Seconds `/jwks` is served from memory and may be cached by clients (60). */
  readonly jwksMaxAgeSeconds: number;
  /** Largest request body read on any route, in bytes (16 KiB). */
  readonly maxBodyBytes: number;
  /** Session lifetime without remember-me, in seconds (7 days). */
  readonly sessionTtlSeconds: number;
  /** Session lifetime with remember-me, in seconds (30 days). */
  readonly rememberMeTtlSeconds: number;
}

/** Applies the defaults to a validated config. */
export function resolveSettings(config: ManaAuthConfig): ManaAuthSettings {
  const origin = new URL(config.baseURL).origin;
  return Object.freeze({
    baseURL: config.baseURL,
    basePath: config.basePath ?? DEFAULT_BASE_PATH,
    issuer: config.accessToken?.issuer ?? origin,
    audience: config.accessToken?.audience ?? origin,
    accessTokenTtlSeconds: config.accessToken?.ttlSeconds ?? ACCESS_TOKEN_TTL_SECONDS,
    cookieCacheMaxAgeSeconds: config.cookieCacheMaxAge ?? COOKIE_CACHE_MAX_AGE_SECONDS,
    jwksMaxAgeSeconds: config.jwksMaxAge ?? JWKS_MAX_AGE_SECONDS,
    maxBodyBytes: config.maxBodyBytes ?? MAX_BODY_BYTES,
    sessionTtlSeconds: SESSION_TTL_SECONDS,
    rememberMeTtlSeconds: REMEMBER_ME_TTL_SECONDS,
  });
}

/**
 * A Fetch handler for the auth API (`createAuthApi(auth)` or `auth.handler`), optionally carrying
 * the settings it was built with so that adapters mount it at `settings.basePath` without being
 * told the base path again.
 */
export type AuthFetchHandler = ((request: Request) => Promise<Response>) & {
  readonly settings?: Pick<ManaAuthSettings, 'basePath'> & Partial<Pick<ManaAuthSettings, 'baseURL'>>;
};
