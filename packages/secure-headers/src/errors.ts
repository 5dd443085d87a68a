/**
 * Machine-readable reason for a {@link SecureHeadersError}.
 *
 * @example
 * ```ts
 * import { SecureHeadersError, type SecureHeadersErrorCode } from '@mana/secure-headers';
 *
 * function isTypo(error: unknown): boolean {
 *   const typos: SecureHeadersErrorCode[] = ['UNKNOWN_OPTION', 'CSP_UNKNOWN_DIRECTIVE', 'HSTS_UNKNOWN_DIRECTIVE'];
 *   return error instanceof SecureHeadersError && typos.includes(error.code);
 * }
 * ```
 */
export type SecureHeadersErrorCode =
  | 'UNKNOWN_OPTION'
  | 'UNKNOWN_PRESET'
  | 'INVALID_VALUE'
  | 'INVALID_CHARACTERS'
  | 'CSP_UNKNOWN_DIRECTIVE'
  | 'CSP_DUPLICATE_DIRECTIVE'
  | 'CSP_UNQUOTED_KEYWORD'
  | 'CSP_UNKNOWN_KEYWORD'
  | 'CSP_SEPARATOR_IN_VALUE'
  | 'CSP_INVALID_SOURCE'
  | 'CSP_NONE_NOT_ALONE'
  | 'CSP_EMPTY_SOURCE_LIST'
  | 'CSP_STATIC_NONCE'
  | 'CSP_NONCE_NOT_ALLOWED'
  | 'CSP_INVALID_HASH'
  | 'CSP_INVALID_DIRECTIVE_VALUE'
  | 'CSP_UNKNOWN_REPORT_ENDPOINT'
  | 'HSTS_MISSING_MAX_AGE'
  | 'HSTS_INVALID_MAX_AGE'
  | 'HSTS_UNKNOWN_DIRECTIVE'
  | 'HSTS_PRELOAD_REQUIREMENTS'
  | 'REFERRER_POLICY_INVALID'
  | 'PERMISSIONS_POLICY_UNKNOWN_FEATURE'
  | 'PERMISSIONS_POLICY_INVALID_ALLOWLIST'
  | 'REPORTING_ENDPOINT_INVALID'
  | 'CLEAR_SITE_DATA_INVALID';

/**
 * What went wrong, for which header, with which value, and how to fix it.
 *
 * @example
 * ```ts
 * const details: SecureHeadersErrorDetails = {
 *   code: 'REFERRER_POLICY_INVALID',
 *   header: 'Referrer-Policy',
 *   value: 'never',
 *   problem: 'is not a Referrer-Policy token',
 *   fix: "write 'no-referrer'.",
 * };
 * ```
 */
export interface SecureHeadersErrorDetails {
  /** Machine-readable reason. */
  code: SecureHeadersErrorCode;
  /** The HTTP header (or option, for options that are not headers) the problem is in. */
  header: string;
  /** The offending value, as given. */
  value: string;
  /** One sentence describing the problem. */
  problem: string;
  /** One sentence saying what to write instead. */
  fix: string;
}

/**
 * Thrown when options are invalid. Policies are validated once, when they are created, so a bad
 * value fails at startup instead of silently weakening every response.
 *
 * The message names the header, the bad value and the fix, for example:
 * `Content-Security-Policy: script-src has the CSP keyword "self" without single quotes, so browsers
 * read it as a host named "self" (got "self"). Fix: write "'self'".`
 *
 * @example
 * ```ts
 * import { createSecureHeaders, SecureHeadersError } from '@mana/secure-headers';
 *
 * try {
 *   createSecureHeaders({ strictTransportSecurity: 'maxage=31536000' });
 * } catch (error) {
 *   if (error instanceof SecureHeadersError) {
 *     console.error(error.header, error.value, error.fix);
 *   }
 * }
 * ```
 */
export class SecureHeadersError extends Error {
  override readonly name = 'SecureHeadersError';
  /** Machine-readable reason. */
  readonly code: SecureHeadersErrorCode;
  /** The header (or option) the problem is in, e.g. `Strict-Transport-Security`. */
  readonly header: string;
  /** The offending value, as given. */
  readonly value: string;
  /** What to write instead. */
  readonly fix: string;

  constructor(details: SecureHeadersErrorDetails) {
    super(
      `${details.header}: ${details.problem} (got ${JSON.stringify(details.value)}). Fix: ${details.fix}`,
    );
    this.code = details.code;
    this.header = details.header;
    this.value = details.value;
    this.fix = details.fix;
  }
}

/** Shorthand used by the validators: build and throw in one expression. */
export function fail(details: SecureHeadersErrorDetails): never {
  throw new SecureHeadersError(details);
}
