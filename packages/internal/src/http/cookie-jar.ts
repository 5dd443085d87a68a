// Self-contained on purpose (no imports): the example contract suite reaches it by path.

/** A Set-Cookie line that removes its cookie: `Max-Age` of zero or less, or an empty value. */
const EXPIRING_MAX_AGE = /;\s*max-age\s*=\s*(-\d+|0+)\s*(;|$)/i;
/** The `Expires` attribute of a Set-Cookie line. */
const EXPIRES = /;\s*expires\s*=\s*([^;]+)/i;

/**
 * The cookies a browser would keep for one site, as `name=value` pairs: fed with the
 * `Set-Cookie` lines of each response and read back as a `Cookie` request header. It ignores
 * `Domain`, `Path` and `Secure` (every caller talks to one origin), and drops a cookie when a
 * response expires it (`Max-Age=0`, an `Expires` in the past, or an empty value).
 *
 * Used by the test harnesses, the example contract suite and the REST facade (which chains
 * several Better Auth calls in one request).
 *
 * @example
 * ```ts
 * const jar = new CookieJar();
 * jar.store(response.headers.getSetCookie());
 * await fetch(url, { headers: { cookie: jar.header() } });
 * ```
 */
export class CookieJar {
  /** The kept cookies, by name. Tests may read, delete or set entries directly. */
  readonly cookies = new Map<string, string>();

  /**
   * @param cookieHeader - A `Cookie` request header to start from (`a=1; b=2`), e.g. the one
   *   of the request being handled.
   */
  constructor(cookieHeader = '') {
    for (const pair of cookieHeader.split(';')) {
      const index = pair.indexOf('=');
      if (index > 0) this.cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
  }

  /** How many cookies the jar holds. */
  get size(): number {
    return this.cookies.size;
  }

  /** The value of cookie `name`, if kept. */
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /**
   * Applies `Set-Cookie` lines in order: sets or replaces each cookie, removes expired ones.
   *
   * @param setCookies - Lines as returned by `Headers.getSetCookie()`.
   * @param now - The current time in milliseconds, to judge `Expires` (default `Date.now()`).
   * @returns This jar, for chaining.
   */
  store(setCookies: readonly string[], now: number = Date.now()): this {
    for (const line of setCookies) {
      const pair = line.split(';', 1)[0] ?? '';
      const index = pair.indexOf('=');
      if (index <= 0) continue;
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (value === '' || isExpired(line, now)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }

  /** Stores the `Set-Cookie` lines of `response` (see {@link CookieJar.store}). */
  storeFrom(response: { headers: Headers }): this {
    return this.store(response.headers.getSetCookie());
  }

  /** The `Cookie` request header for the kept cookies (`''` when the jar is empty). */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /**
   * Sets the `Cookie` header of `headers` to the kept cookies; leaves `headers` untouched when the
   * jar is empty (a bare `Cookie` header changes how some servers treat a request).
   */
  applyTo(headers: Headers): Headers {
    if (this.cookies.size > 0) headers.set('cookie', this.header());
    return headers;
  }

  /** An independent copy (e.g. a second client sharing a session). */
  clone(): CookieJar {
    const copy = new CookieJar();
    for (const [name, value] of this.cookies) copy.cookies.set(name, value);
    return copy;
  }
}

function isExpired(line: string, now: number): boolean {
  if (EXPIRING_MAX_AGE.test(line)) return true;
  if (/;\s*max-age\s*=/i.test(line)) return false; // Max-Age wins over Expires (RFC 6265 §5.3)
  const expires = EXPIRES.exec(line)?.[1];
  if (expires === undefined) return false;
  const at = Date.parse(expires.trim());
  return !Number.isNaN(at) && at <= now;
}
