import { ManaError, type SecureHeadersErrorCode } from '@mana/internal';

// The code union lives with the family's ManaErrorCode (packages/internal), which it is part of.
export type { SecureHeadersErrorCode };

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
export class SecureHeadersError extends ManaError<SecureHeadersErrorCode> {
  override readonly name = 'SecureHeadersError';
  /** The header (or option) the problem is in, e.g. `Strict-Transport-Security`. */
  readonly header: string;
  /** The offending value, as given. */
  readonly value: string;
  /** What to write instead (always set for this error). */
  declare readonly fix: string;

  constructor(details: SecureHeadersErrorDetails) {
    super(
      details.code,
      `${details.header}: ${details.problem} (got ${JSON.stringify(details.value)}). Fix: ${details.fix}`,
      { fix: details.fix },
    );
    this.header = details.header;
    this.value = details.value;
  }
}

/** Shorthand used by the validators: build and throw in one expression. */
export function fail(details: SecureHeadersErrorDetails): never {
  throw new SecureHeadersError(details);
}
