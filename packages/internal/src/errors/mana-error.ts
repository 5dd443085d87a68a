import type { ManaErrorCode } from './error-codes.js';

/** Options every family error accepts besides its code and message. */
export interface ManaErrorOptions {
  /** What to change so that the error goes away, in one sentence. */
  fix?: string | undefined;
  /** The lower-level error that caused this one. */
  cause?: unknown;
}

/**
 * The base of every error the `@mana/*` packages throw: a stable `code` from one closed union
 * ({@link ManaErrorCode}), an optional `fix`, and the standard `cause`. Each package extends it
 * with a narrower code type, so `instanceof ManaError` catches all of them and `code` can be
 * switched on exhaustively.
 *
 * @example
 * ```ts
 * class WidgetError extends ManaError<'INVALID_OPTION'> {
 *   override readonly name = 'WidgetError';
 * }
 * throw new WidgetError('INVALID_OPTION', 'size: must be positive (got -1).', { fix: 'Pass 1 or more.' });
 * ```
 */
export class ManaError<Code extends ManaErrorCode = ManaErrorCode> extends Error {
  override readonly name: string = 'ManaError';
  /** Stable, machine-readable reason. */
  readonly code: Code;
  /** What to change, when the error is about something the caller controls. */
  readonly fix: string | undefined;

  constructor(code: Code, message: string, options: ManaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.fix = options.fix;
  }
}
