/**
 * The pathname of a request URL, `new URL(url).pathname`, read from the text when it can be:
 * `request.url` is already a serialised URL (the `Request` constructor and `@hono/node-server`
 * both serialise it), whose path is the text between the authority and the first `?` or `#`.
 * Anything a serialised `http(s)` URL cannot hold (another scheme, a character outside printable
 * ASCII or one URL would percent-encode, a backslash, a dot segment, a `%2e`) is parsed with `URL` instead, so the answer is `URL`'s in every case.
 * The session checks and Bearer requests cross several layers that each need the path; parsing
 * the URL in each cost about a microsecond per layer (docs/benchmarks.md).
 *
 * @example
 * ```ts
 * requestPathname('https://auth.example.com/api/v1/auth/session?x=1'); // '/api/v1/auth/session'
 * ```
 */
export function requestPathname(url: string): string {
  const scheme = url.startsWith('https://') ? 8 : url.startsWith('http://') ? 7 : 0;
  if (scheme === 0) return new URL(url).pathname;
  let end = url.length;
  const query = url.indexOf('?', scheme);
  if (query !== -1) end = query;
  const fragment = url.indexOf('#', scheme);
  if (fragment !== -1 && fragment < end) end = fragment;
  const start = url.indexOf('/', scheme);
  if (start === -1 || start >= end) return unusual(url, scheme, end) ? new URL(url).pathname : '/';
  const path = url.slice(start, end);
  return unusual(url, scheme, end) || UNSERIALISED.test(path) ? new URL(url).pathname : path;
}

// What URL would rewrite in a path: anything but printable ASCII, the characters it
// percent-encodes or reads as a slash, dot segments.
const UNSERIALISED = /[^\x21-\x7e]|["<>`{}\\]|\/\.|%2e/i;

/** An authority a serialised URL does not have (empty, or with characters URL would change). */
function unusual(url: string, from: number, end: number): boolean {
  const slash = url.indexOf('/', from);
  const authorityEnd = slash === -1 || slash > end ? end : slash;
  return authorityEnd === from || /[^\x21-\x7e]|\\/.test(url.slice(from, authorityEnd));
}
