/** Mount path of every auth route unless `basePath` says otherwise. */
export const DEFAULT_BASE_PATH = '/api/v1/auth';
/** Session and cookie lifetime without remember-me (spec: 7 days). */
export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;
/** Session and cookie lifetime with remember-me (spec: 30 days). */
export const REMEMBER_ME_TTL_SECONDS = 30 * 24 * 60 * 60;
/** A session is slid forward at most once per this many seconds. */
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;
/** Access-token lifetime (spec: 15 minutes). */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** Cookie-cache lifetime (spec: 5 minutes). */
export const COOKIE_CACHE_MAX_AGE_SECONDS = 5 * 60;
/** How long `/jwks` is served from memory and may be cached by clients (`Cache-Control: max-age`). */
export const JWKS_MAX_AGE_SECONDS = 60;
/**
 * How long a rotated-in key is published before it signs, unless told otherwise: two JWKS cache
 * periods (this instance's in-memory copy and a client's cached copy, in case a key-change
 * broadcast is missed) plus 30 s of margin.
 */
export const DEFAULT_PUBLISH_DELAY_SECONDS = 2 * JWKS_MAX_AGE_SECONDS + 30;
/** Largest request body read on any route unless `maxBodyBytes` says otherwise (16 KiB). */
export const MAX_BODY_BYTES = 16 * 1024;
