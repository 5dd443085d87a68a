import { createHash } from 'node:crypto';
import { requestPathname } from '../rest-api/request-path.js';

type FetchHandler = (request: Request) => Promise<Response>;

/** Options of {@link withJwksCache}. */
export interface JwksCacheOptions {
  /** Seconds the set is served from memory and may be cached by clients. Default 60. */
  maxAgeSeconds?: number;
  /**
   * Changes whenever this instance sees a different key set (a rotation here, or keys re-read for
   * signing after another instance rotated): the cached set is dropped at once.
   */
  generation: () => number;
  /** The clock, in milliseconds. Default: `Date.now()`, read at each call (tests that fake `Date` move it). */
  now?: () => number;
}

interface CachedSet {
  body: string;
  etag: string;
  generation: number;
  until: number;
}

/** A refused load, passed on to each waiting caller. */
interface Failure {
  status: number;
  headers: Headers;
  body: string;
}

/** Whether an `If-None-Match` value names `etag` (a list, `*`, or a weak form of it). */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value === etag || value === `W/${etag}`;
  });
}

/**
 * Answers `GET`/`HEAD <basePath>/jwks` from memory: the set Better Auth's route returned is kept
 * for `maxAgeSeconds` (or until the key set changes), sent with `Cache-Control: public,
 * max-age=…` and a strong `ETag` (SHA-256 of the body), and a matching `If-None-Match` gets 304.
 * One database read per period and instance however many callers ask; concurrent misses share
 * one read. Failures are passed on and never cached.
 */
export function withJwksCache(
  handle: FetchHandler,
  basePath: string,
  options: JwksCacheOptions,
): FetchHandler {
  const path = `${basePath}/jwks`;
  const maxAge = options.maxAgeSeconds ?? 60;
  const now = options.now ?? (() => Date.now());
  let cached: CachedSet | undefined;
  let pending: Promise<CachedSet | Failure> | undefined;

  const load = async (request: Request): Promise<CachedSet | Failure> => {
    const response = await handle(new Request(request.url, { method: 'GET', headers: request.headers }));
    if (response.status !== 200) {
      // Read once: every caller waiting on this load gets its own copy.
      return { status: response.status, headers: response.headers, body: await response.text() };
    }
    const body = await response.text();
    const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
    cached = { body, etag, generation: options.generation(), until: now() + maxAge * 1000 };
    return cached;
  };

  return async (request) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || requestPathname(request.url) !== path)
      return handle(request);
    let set: CachedSet | Failure | undefined =
      cached && cached.until > now() && cached.generation === options.generation() ? cached : undefined;
    if (!set) {
      pending ??= load(request).finally(() => {
        pending = undefined;
      });
      set = await pending;
    }
    if (!('etag' in set)) return new Response(set.body || null, { status: set.status, headers: set.headers });
    const headers = new Headers({
      'cache-control': `public, max-age=${maxAge}`,
      etag: set.etag,
      'content-type': 'application/json',
    });
    if (matches(request.headers.get('if-none-match'), set.etag))
      return new Response(null, { status: 304, headers });
    return new Response(request.method === 'HEAD' ? null : set.body, { status: 200, headers });
  };
}
