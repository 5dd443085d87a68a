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
export class ManaAuthConfigError extends Error {
  override readonly name = 'ManaAuthConfigError';
  /** Dotted path of the offending option, e.g. `rateLimit.storage`. */
  readonly field: string;
  /** What to change. */
  readonly fix: string;

  constructor(field: string, problem: string, fix: string) {
    super(`Invalid auth config: ${field}: ${problem}. Fix: ${fix}.`);
    this.field = field;
    this.fix = fix;
  }
}
