/** Longest string shown in an error message; anything longer is cut (it may be a secret). */
const MAX_SHOWN_LENGTH = 40;

/**
 * A short, secret-free description of a value for error messages: strings are quoted and cut
 * after 40 characters, objects and arrays are named but never printed (they may hold keys,
 * pools or credentials), everything else is `String(value)`.
 *
 * @example
 * ```ts
 * describeValue('memcached'); // '"memcached"'
 * describeValue('a-very-long-secret-looking-value-that-goes-on-and-on'); // '"a-very-long-secret-looking-value-that-goe…"'
 * describeValue({ hashKey: 'k' }); // 'an object'
 * describeValue(-1); // '-1'
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return value.length > MAX_SHOWN_LENGTH ? `"${value.slice(0, MAX_SHOWN_LENGTH)}…"` : `"${value}"`;
  }
  if (typeof value === 'function') return 'a function';
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
