import { generateNonce } from './nonce.js';
import { applyToResponse } from './policy/apply-headers.js';
import type { SecureHeadersOptions } from './policy/options.js';
import { compiledForRequest, compiledOf, type SecureHeaders, toPolicy } from './secure-headers.js';

const nonces = new WeakMap<Request, string>();
const secured = new WeakSet<Response>();

/**
 * Options of {@link withSecureHeaders}.
 *
 * @example
 * ```ts
 * const options: WithSecureHeadersOptions = {
 *   onError: () => new Response('Internal Server Error', { status: 500 }),
 * };
 * ```
 */
export interface WithSecureHeadersOptions {
  /**
   * Turns an error thrown by the handler into a response, which then gets the headers too.
   * Without it the error is rethrown untouched (your runtime's own 500 page has no policy).
   */
  onError?: (error: unknown, request: Request) => Response | Promise<Response>;
}

/**
 * The nonce of the response being built for `request`, inside a handler wrapped by
 * {@link withSecureHeaders}; `undefined` when the policy uses no nonce.
 *
 * @example
 * ```ts
 * const handler = withSecureHeaders((request) => {
 *   const nonce = cspNonce(request);
 *   return new Response(`<script nonce="${nonce}">start()</script>`, {
 *     headers: { 'Content-Type': 'text/html' },
 *   });
 * }, createSecureHeaders({ contentSecurityPolicy: { scriptSrc: ["'self'", NONCE] } }));
 * ```
 */
export function cspNonce(request: Request): string | undefined {
  return nonces.get(request);
}

/**
 * Wraps a fetch handler (`(request, ...rest) => Response`, as in Deno, Bun, Cloudflare Workers or
 * `@hono/node-server`) so every response it returns carries the policy, including error
 * responses it builds itself. Wrappers nest: the innermost policy wins, so wrapping a sub-handler
 * with `policy.override(...)` is a per-route override, and both share one nonce.
 *
 * @example
 * ```ts
 * import { createSecureHeaders, withSecureHeaders } from '@mana/secure-headers';
 *
 * export default {
 *   fetch: withSecureHeaders(async (request) => new Response('hello'), createSecureHeaders()),
 * };
 * ```
 */
export function withSecureHeaders<Rest extends unknown[]>(
  handler: (request: Request, ...rest: Rest) => Response | Promise<Response>,
  policyOrOptions?: SecureHeaders | SecureHeadersOptions,
  options: WithSecureHeadersOptions = {},
): (request: Request, ...rest: Rest) => Promise<Response> {
  const compiled = compiledOf(toPolicy(policyOrOptions));
  const { onError } = options;
  return async function secureFetchHandler(request, ...rest) {
    let nonce = nonces.get(request);
    if (nonce === undefined && compiled.usesNonce) {
      nonce = generateNonce();
      nonces.set(request, nonce);
    }
    let response: Response;
    try {
      response = await handler(request, ...rest);
    } catch (error) {
      if (!onError) throw error;
      response = await onError(error, request);
    }
    if (secured.has(response)) return response;
    response = applyToResponse(compiledForRequest(compiled, request), response, nonce);
    secured.add(response);
    return response;
  };
}
