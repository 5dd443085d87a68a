import { didYouMean } from '@mana/internal';
import { fail } from '../errors.js';

/**
 * A Referrer-Policy token. A list gives fallbacks for old browsers: the last one a browser knows wins.
 *
 * @example
 * ```ts
 * const policy: ReferrerPolicyToken = 'strict-origin-when-cross-origin';
 * ```
 */
export type ReferrerPolicyToken =
  | 'no-referrer'
  | 'no-referrer-when-downgrade'
  | 'origin'
  | 'origin-when-cross-origin'
  | 'same-origin'
  | 'strict-origin'
  | 'strict-origin-when-cross-origin'
  | 'unsafe-url';

const TOKENS: readonly ReferrerPolicyToken[] = [
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
];

/** Validates a token or list of tokens and returns the header value. */
export function resolveReferrerPolicy(input: string | readonly string[]): string {
  const tokens = typeof input === 'string' ? input.split(',').map((t) => t.trim()) : input;
  if (!Array.isArray(tokens) || tokens.length === 0) {
    fail({
      code: 'REFERRER_POLICY_INVALID',
      header: 'Referrer-Policy',
      value: String(input),
      problem: 'needs at least one policy token',
      fix: "write 'strict-origin-when-cross-origin' or 'no-referrer'.",
    });
  }
  for (const token of tokens) {
    if (!(TOKENS as readonly unknown[]).includes(token)) {
      fail({
        code: 'REFERRER_POLICY_INVALID',
        header: 'Referrer-Policy',
        value: String(token),
        problem: 'is not a Referrer-Policy token, so browsers ignore it',
        fix: `${didYouMean(String(token), TOKENS)}Valid tokens: ${TOKENS.join(', ')}.`,
      });
    }
  }
  return [...new Set(tokens)].join(', ');
}
