import { type AccessTokenErrorCode, ManaError } from '@mana/internal';

// The code union lives with the family's ManaErrorCode (packages/internal), which it is part of.
export type { AccessTokenErrorCode };

/**
 * Thrown by `verifyAccessToken` with a machine-readable `code`; a `ManaError`, like every error
 * of the `@mana/*` packages.
 *
 * @example
 * ```ts
 * try {
 *   await verifyAccessToken(token, options);
 * } catch (error) {
 *   if (error instanceof AccessTokenError && error.code === 'TOKEN_EXPIRED') return refresh();
 *   throw error;
 * }
 * ```
 */
export class AccessTokenError extends ManaError<AccessTokenErrorCode> {
  override readonly name = 'AccessTokenError';
}
