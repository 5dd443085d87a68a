import { ManaError } from '@mana/internal';

/** The code of a {@link SigningKeyError}: `KEY_NOT_FOUND` (no key has that `kid`). */
export type SigningKeyErrorCode = 'KEY_NOT_FOUND';

/**
 * Thrown by the signing-key functions (`revokeSigningKey`) when the key they were asked about
 * does not exist. The message names the `kid`; `fix` says how to find the right one.
 *
 * @example
 * ```ts
 * try {
 *   await revokeSigningKey(database, kid, { secret });
 * } catch (error) {
 *   if (error instanceof SigningKeyError && error.code === 'KEY_NOT_FOUND') console.error(error.fix);
 * }
 * ```
 */
export class SigningKeyError extends ManaError<SigningKeyErrorCode> {
  override readonly name = 'SigningKeyError';
  /** What to do (always set for this error). */
  declare readonly fix: string;

  constructor(code: SigningKeyErrorCode, message: string, fix: string) {
    super(code, message, { fix });
  }
}
