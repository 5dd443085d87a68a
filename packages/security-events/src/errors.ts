import { describeValue, ManaError, rejectUnknownKeys } from '@mana/internal';

/**
 * What went wrong, as a stable string a program can switch on (a subset of the family's
 * `ManaErrorCode` union, checked by `ManaError<SecurityEventsErrorCode>`):
 * - `INVALID_OPTION`: an option of the service, the plugin or the Nest module is wrong;
 * - `INVALID_EVENT`: `logEvent` got an event it cannot record (unknown type, user-id rule);
 * - `INVALID_QUERY`: a query or purge argument is wrong (bad cursor, limit, duration);
 * - `MIGRATION_FAILED`: the table could not be created or an applied migration changed;
 * - `STREAM_SINK_REJECTED`: a stream receiver refused a batch for good (HTTP 4xx other than 429);
 * - `STREAM_SINK_UNAVAILABLE`: a stream receiver stayed unreachable past the retry budget;
 * - `STREAM_CHECKPOINT_INVALID`: a stream checkpoint file is not one this version wrote;
 * - `ERASURE_FAILED`: a user's personal data could not be erased from the audit log (`integrity`).
 *
 * @example
 * ```ts
 * if (error instanceof SecurityEventsError && error.code === 'INVALID_EVENT') { ... }
 * ```
 */
export type SecurityEventsErrorCode =
  | 'INVALID_OPTION'
  | 'INVALID_EVENT'
  | 'INVALID_QUERY'
  | 'MIGRATION_FAILED'
  | 'STREAM_SINK_REJECTED'
  | 'STREAM_SINK_UNAVAILABLE'
  | 'STREAM_CHECKPOINT_INVALID'
  | 'ERASURE_FAILED';

/**
 * Thrown for programming and configuration errors only. Database errors while writing events
 * are never thrown to the caller of `logEvent`: they are retried and logged.
 *
 * @example
 * ```ts
 * try {
 *   await service.logEvent({ eventType: 'logout' }); // no userId
 * } catch (error) {
 *   // SecurityEventsError [INVALID_EVENT]: "logout" events need a userId ...
 * }
 * ```
 */
export class SecurityEventsError extends ManaError<SecurityEventsErrorCode> {
  override readonly name = 'SecurityEventsError';
}

/**
 * Throws `INVALID_OPTION` naming the option, the bad value (described without secrets) and the
 * fix, which is also on the error's `fix`.
 *
 * @example
 * ```ts
 * if (batchSize < 1) invalidOption('batchSize', batchSize, 'Use a whole number from 1 to 10000.');
 * ```
 */
export function invalidOption(option: string, value: unknown, fix: string): never {
  throw new SecurityEventsError(
    'INVALID_OPTION',
    `Invalid option ${option}: ${describeValue(value)}. ${fix}`,
    {
      fix,
    },
  );
}

/**
 * Throws `INVALID_OPTION` for the first key of `options` that is not in `known`, with a
 * did-you-mean suggestion, so a misspelt option fails at start-up instead of being ignored.
 * `path` is the dotted path of a nested options object (`limits`).
 *
 * @example
 * ```ts
 * rejectUnknownOptions({ batchsize: 10 }, ['batchSize'], 'SecurityEventsService');
 * // SecurityEventsError [INVALID_OPTION]: Invalid option batchsize: not an option of SecurityEventsService. Did you mean "batchSize"? ...
 * ```
 */
export function rejectUnknownOptions(
  options: object,
  known: Iterable<string>,
  where: string,
  path?: string,
): void {
  rejectUnknownKeys(options, known, {
    where,
    path,
    onUnknown: (unknown) => {
      const fix = `${unknown.didYouMean}Remove it, or check the spelling against the options in the README.`;
      const sentence = `${fix.charAt(0).toUpperCase()}${fix.slice(1)}`;
      throw new SecurityEventsError(
        'INVALID_OPTION',
        `Invalid option ${unknown.path}: not an option of ${where}. ${sentence}`,
        { fix },
      );
    },
  });
}
