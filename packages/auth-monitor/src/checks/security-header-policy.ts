import { MonitorError } from '../monitor-error.js';

/**
 * What to expect of one response header:
 * - a string: the header must be present with this value, compared semantically (case, spacing and
 *   directive order do not matter: `default-src 'self'; script-src 'self'` equals
 *   `script-src 'self';default-src 'self'`);
 * - `true`: the header must be present, any value;
 * - `false`: do not check this header.
 *
 * @example
 * ```ts
 * import type { HeaderExpectation } from './security-header-policy.js';
 * const hsts: HeaderExpectation = 'max-age=63072000; includeSubDomains; preload';
 * ```
 */
export type HeaderExpectation = string | boolean;

/**
 * Expected response headers by name (names are case-insensitive). Entries given to the monitor
 * are merged onto {@link DEFAULT_SECURITY_HEADERS}: override a value, add a header, or switch one
 * off with `false`.
 *
 * @example
 * ```ts
 * import type { SecurityHeaderPolicy } from '@mana/auth-monitor';
 * const policy: SecurityHeaderPolicy = {
 *   'Strict-Transport-Security': false, // served by the TLS proxy, not the app
 *   'Cross-Origin-Opener-Policy': 'same-origin',
 * };
 * ```
 */
export type SecurityHeaderPolicy = Readonly<Record<string, HeaderExpectation>>;

/**
 * The seven OWASP headers of the Mana Core Auth service with their exact values. This is the
 * policy every target is held to unless told otherwise.
 *
 * @example
 * ```ts
 * import { DEFAULT_SECURITY_HEADERS } from './security-header-policy.js';
 * console.log(DEFAULT_SECURITY_HEADERS['X-Frame-Options']); // 'DENY'
 * ```
 */
export const DEFAULT_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains; preload',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'",
  'X-XSS-Protection': '0',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'geolocation=(), microphone=(), camera=()',
});

/**
 * One header rule of a compiled policy.
 *
 * @example
 * ```ts
 * import { compileHeaderPolicy } from './security-header-policy.js';
 * const [rule] = compileHeaderPolicy({});
 * console.log(rule?.name, rule?.expected);
 * ```
 */
export interface HeaderRule {
  /** Header name as written in the policy (first spelling wins). */
  name: string;
  /** Expected value, or `null` when any value will do. */
  expected: string | null;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Merges `overrides` onto {@link DEFAULT_SECURITY_HEADERS} and validates the result once, so that
 * checking many responses costs only comparisons. Headers set to `false` are dropped.
 *
 * @throws {MonitorError} `INVALID_OPTION` when a name is not a valid header name or a value is
 * neither a string nor a boolean.
 * @example
 * ```ts
 * import { compileHeaderPolicy } from './security-header-policy.js';
 * const rules = compileHeaderPolicy({ 'X-XSS-Protection': false });
 * console.log(rules.length); // 6
 * ```
 */
export function compileHeaderPolicy(overrides: SecurityHeaderPolicy = {}): HeaderRule[] {
  const merged = new Map<string, { name: string; value: HeaderExpectation }>();
  const put = (name: string, value: unknown, where: string) => {
    if (!TOKEN.test(name)) {
      throw new MonitorError(
        'INVALID_OPTION',
        `${where}: "${name}" is not a valid HTTP header name; use letters, digits and dashes, e.g. "X-Frame-Options".`,
      );
    }
    if (typeof value !== 'string' && typeof value !== 'boolean') {
      throw new MonitorError(
        'INVALID_OPTION',
        `${where}: header "${name}" must be a string (expected value), true (must be present) or false (skip), got ${JSON.stringify(value)}.`,
      );
    }
    const key = name.toLowerCase();
    merged.set(key, { name: merged.get(key)?.name ?? name, value });
  };
  for (const [name, value] of Object.entries(DEFAULT_SECURITY_HEADERS)) put(name, value, 'default');
  for (const [name, value] of Object.entries(overrides)) put(name, value, 'headers');
  const rules: HeaderRule[] = [];
  for (const { name, value } of merged.values()) {
    if (value === false) continue;
    rules.push({ name, expected: value === true ? null : value });
  }
  return rules;
}

/**
 * Normalises a header value so that equivalent spellings compare equal: lower case, collapsed
 * whitespace, and for list-valued headers (`Content-Security-Policy`, `Strict-Transport-Security`,
 * `Permissions-Policy`) sorted directives and sorted source lists.
 *
 * @example
 * ```ts
 * import { normalizeHeaderValue } from './security-header-policy.js';
 * normalizeHeaderValue('Strict-Transport-Security', 'preload;max-age=31536000');
 * // 'max-age=31536000; preload'
 * ```
 */
export function normalizeHeaderValue(name: string, value: string): string {
  const lower = value.trim().toLowerCase().replace(/\s+/g, ' ');
  switch (name.toLowerCase()) {
    case 'content-security-policy':
    case 'content-security-policy-report-only':
      return splitSorted(lower, ';', (directive) => {
        const [head = '', ...sources] = directive.split(' ');
        return [head, ...sources.sort()].join(' ');
      }).join('; ');
    case 'strict-transport-security':
      return splitSorted(lower, ';', (part) => part.replace(/\s*=\s*/g, '=')).join('; ');
    case 'permissions-policy':
      return splitSorted(lower, ',', (part) => part.replace(/\s*([=()])\s*/g, '$1')).join(', ');
    default:
      return lower;
  }
}

function splitSorted(value: string, separator: string, each: (part: string) => string): string[] {
  return value
    .split(separator)
    .map((part) => each(part.trim()))
    .filter((part) => part.length > 0)
    .sort();
}
