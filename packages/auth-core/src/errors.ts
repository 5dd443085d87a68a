import { ManaError } from '@mana/internal';

/**
 * The code of a {@link ManaAuthConfigError}: `INVALID_OPTION` (a wrong, missing or unknown
 * option), a member of the family's `ManaErrorCode` union.
 *
 * @example
 * ```ts
 * const code: ManaAuthConfigErrorCode = 'INVALID_OPTION';
 * ```
 */
export type ManaAuthConfigErrorCode = 'INVALID_OPTION';

/**
 * Thrown at start-up when a configuration value is wrong or missing. The message names the
 * field, what is wrong with it and how to fix it.
 *
 * @example
 * ```ts
 * try {
 *   createAuth({ database, secret: 'short', baseURL: 'http://localhost:3001' });
 * } catch (error) {
 *   if (error instanceof ManaAuthConfigError) console.error(error.field); // "secret"
 * }
 * ```
 */
export class ManaAuthConfigError extends ManaError<ManaAuthConfigErrorCode> {
  override readonly name = 'ManaAuthConfigError';
  /** Dotted path of the offending option, e.g. `rateLimit.storage`. */
  readonly field: string;
  /** What to change (always set for this error). */
  declare readonly fix: string;

  constructor(field: string, problem: string, fix: string) {
    super('INVALID_OPTION', `Invalid auth config: ${field}: ${problem}. Fix: ${fix}.`, { fix });
    this.field = field;
  }
}
