import type { AuthenticatedUser } from '@mana/auth-core';

/** Body of the example resource route `GET /api/v1/me`. */
export interface MeResponse {
  user: AuthenticatedUser;
}

/** The 401 body of the resource route, in the auth API's error shape. */
export const UNAUTHORIZED_BODY = {
  error: { code: 'UNAUTHORIZED', message: 'Send a valid Bearer access token or session cookie.' },
} as const;

/** The 404 body every example answers unknown routes with. */
export const NOT_FOUND_BODY = { error: { code: 'NOT_FOUND', message: 'No such route.' } } as const;

/** The 500 body: never a stack trace. */
export const INTERNAL_ERROR_BODY = { error: { code: 'INTERNAL_ERROR', message: 'Internal error.' } } as const;

/**
 * Headers of every answer of the resource route: it names the user, so no cache may keep it
 * (`Pragma` for HTTP/1.0 caches).
 */
export const PRIVATE_HEADERS = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;
