import { type HeaderRule, normalizeHeaderValue } from './security-header-policy.js';

/**
 * How one expected header compared with one response.
 *
 * @example
 * ```ts
 * import type { HeaderFinding } from './evaluate-security-headers.js';
 * const finding: HeaderFinding = {
 *   name: 'X-Frame-Options',
 *   expected: 'DENY',
 *   actual: null,
 *   ok: false,
 * };
 * ```
 */
export interface HeaderFinding {
  /** Header name as written in the policy. */
  name: string;
  /** Expected value; `null` when any value is accepted. */
  expected: string | null;
  /** Value the response sent; `null` when the header was missing. */
  actual: string | null;
  /** True when the header meets the expectation. */
  ok: boolean;
}

/**
 * Anything that can give header values by (case-insensitive) name: a Fetch `Headers`, or a plain
 * object such as Node's `res.getHeaders()`.
 *
 * @example
 * ```ts
 * import type { HeaderSource } from './evaluate-security-headers.js';
 * const fromObject: HeaderSource = { 'x-frame-options': 'DENY' };
 * const fromFetch: HeaderSource = new Headers({ 'X-Frame-Options': 'DENY' });
 * ```
 */
export type HeaderSource = Headers | Readonly<Record<string, string | string[] | number | undefined>>;

/**
 * Compares the headers of one response with a compiled policy. Pure: no I/O.
 *
 * @example
 * ```ts
 * import { compileHeaderPolicy } from './security-header-policy.js';
 * import { evaluateSecurityHeaders } from './evaluate-security-headers.js';
 * const findings = evaluateSecurityHeaders(
 *   new Headers({ 'X-Frame-Options': 'deny' }),
 *   compileHeaderPolicy(),
 * );
 * console.log(findings.filter((f) => !f.ok).map((f) => f.name));
 * ```
 */
export function evaluateSecurityHeaders(
  headers: HeaderSource,
  rules: readonly HeaderRule[],
): HeaderFinding[] {
  return rules.map((rule) => {
    const actual = readHeader(headers, rule.name);
    const ok =
      actual !== null &&
      (rule.expected === null ||
        normalizeHeaderValue(rule.name, actual) === normalizeHeaderValue(rule.name, rule.expected));
    return { name: rule.name, expected: rule.expected, actual, ok };
  });
}

function readHeader(headers: HeaderSource, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value.join(', ') : String(value);
  }
  return null;
}
