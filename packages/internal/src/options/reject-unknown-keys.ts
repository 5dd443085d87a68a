import { closest } from './did-you-mean.js';

/**
 * One key of an options object that the validator does not know, with everything an error
 * message needs.
 *
 * @example
 * ```ts
 * const unknown: UnknownKey = {
 *   key: 'basepath',
 *   path: 'basepath',
 *   where: 'createAuth',
 *   suggestion: 'basePath',
 *   didYouMean: 'did you mean "basePath"? ',
 *   message: '"basepath" is not an option of createAuth; did you mean "basePath"?',
 * };
 * ```
 */
export interface UnknownKey {
  /** The key as written. */
  readonly key: string;
  /** The key's dotted path from the root of the options (`rateLimit.signIn.maximum`). */
  readonly path: string;
  /** The function or object whose options these are, e.g. `createSecureHeaders`. */
  readonly where: string;
  /** The closest known key, when one is close enough to be a typo. */
  readonly suggestion: string | undefined;
  /** `did you mean "x"? ` or an empty string, ready to prefix a fix sentence. */
  readonly didYouMean: string;
  /** A ready-made sentence: `"x" is not an option of <where>; did you mean "y"?`. */
  readonly message: string;
}

/**
 * How {@link rejectUnknownKeys} reports an unknown key.
 *
 * @example
 * ```ts
 * const options: RejectUnknownKeysOptions = {
 *   where: 'createSecureHeaders',
 *   onUnknown: (unknown) => {
 *     throw new SecureHeadersError({ code: 'UNKNOWN_OPTION', header: unknown.key, ... });
 *   },
 * };
 * ```
 */
export interface RejectUnknownKeysOptions {
  /** The function or object whose options are checked, named in the message. */
  where: string;
  /** Dotted path of the object inside the root options (`limits`), so that `path` is complete. */
  path?: string | undefined;
  /**
   * Throws the package's own error for the first unknown key (each package has its own
   * `ManaError` subclass, so the helper never throws by itself).
   */
  onUnknown: (unknown: UnknownKey) => never;
}

/**
 * The first own key of `input` that is not in `known`, described with a did-you-mean
 * suggestion, or undefined when every key is known. Keys set to `undefined` count too: a
 * misspelt key is a mistake whatever its value.
 *
 * @example
 * ```ts
 * findUnknownKey({ basepath: '/auth' }, ['basePath'], { where: 'createAuth' })?.suggestion; // 'basePath'
 * ```
 */
export function findUnknownKey(
  input: object,
  known: Iterable<string>,
  options: Pick<RejectUnknownKeysOptions, 'where' | 'path'>,
): UnknownKey | undefined {
  const knownKeys = known instanceof Set ? (known as ReadonlySet<string>) : new Set(known);
  for (const key of Object.keys(input)) {
    if (knownKeys.has(key)) continue;
    const suggestion = closest(key, knownKeys);
    const didYouMean = suggestion === undefined ? '' : `did you mean ${JSON.stringify(suggestion)}? `;
    const path = options.path ? `${options.path}.${key}` : key;
    const hint = suggestion === undefined ? '' : `; did you mean ${JSON.stringify(suggestion)}?`;
    const message = `${JSON.stringify(path)} is not an option of ${options.where}${hint}`;
    return { key, path, where: options.where, suggestion, didYouMean, message };
  }
  return undefined;
}

/**
 * Refuses an options object with a key the validator does not know, so a typo such as
 * `basepath` fails at start-up instead of being silently ignored. The package's own error is
 * thrown by `onUnknown`, which receives the key, its path and the closest known key.
 *
 * @example
 * ```ts
 * rejectUnknownKeys(options, Object.keys(RESOLVERS), {
 *   where: 'createSecureHeaders',
 *   onUnknown: ({ key, didYouMean }) =>
 *     fail({ code: 'UNKNOWN_OPTION', header: key, value: key, problem: '...', fix: `${didYouMean}See SecureHeadersOptions.` }),
 * });
 * ```
 */
export function rejectUnknownKeys(
  input: object,
  known: Iterable<string>,
  options: RejectUnknownKeysOptions,
): void {
  const unknown = findUnknownKey(input, known, options);
  if (unknown !== undefined) options.onUnknown(unknown);
}
