import type { ManaLog } from '@mana/internal';
import type { BetterAuthOptions } from 'better-auth';

type FetchHandler = (request: Request) => Promise<Response>;

/**
 * The options with Better Auth's `onAPIError.throw` on: an error its router would otherwise hand
 * to better-call, which prints `# SERVER_ERROR` with `console.error`, comes back to the caller of
 * the router instead, where {@link withRouterErrorLog} logs and answers it. `createAuth` sets it
 * on its own instance only: `createAuthOptions` keeps Better Auth's default for apps that call
 * `betterAuth()` themselves.
 */
export function withThrownRouterErrors<O extends BetterAuthOptions>(options: O): O {
  return { ...options, onAPIError: { ...options.onAPIError, throw: true } };
}

/**
 * Around Better Auth's router: a thrown error becomes a bare `500 Internal Server Error` (what
 * better-call answers) logged once as `internal_error` (redacted by the log) with the request's
 * method and path, and a 5xx answer of an `APIError` is logged the same way, without the body.
 *
 * @example
 * ```ts
 * const handler = withRouterErrorLog(auth.handler, log);
 * ```
 */
export function withRouterErrorLog(handler: FetchHandler, log: ManaLog): FetchHandler {
  return async (request) => {
    let response: Response;
    try {
      response = await handler(request);
    } catch (error) {
      log.error('internal_error', 'internal error in a Better Auth endpoint', {
        method: request.method,
        path: new URL(request.url).pathname,
        error,
      });
      return new Response(null, { status: 500, statusText: 'Internal Server Error' });
    }
    if (response.status >= 500)
      log.error('internal_error', `a Better Auth endpoint answered ${response.status}`, {
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
      });
    return response;
  };
}
