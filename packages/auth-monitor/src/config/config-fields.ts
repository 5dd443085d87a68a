import { describeValue, findUnknownKey } from '@mana/internal';
import { MonitorError } from '../monitor-error.js';
import type { OptionKind } from './target-options.js';

/**
 * The fields of a config `login` object (the README's "Config file" section).
 *
 * @example
 * ```ts
 * console.log(Object.keys(LOGIN_FIELDS)); // ['emailEnv', 'passwordEnv', 'loginPath', 'logoutPath', 'allowInsecureHttp']
 * ```
 */
export const LOGIN_FIELDS: Readonly<Record<string, OptionKind>> = Object.freeze({
  emailEnv: 'string',
  passwordEnv: 'string',
  loginPath: 'string',
  logoutPath: 'string',
  allowInsecureHttp: 'boolean',
});

/**
 * Where a field sits, for error messages: the config file (`source`) and the key path in it.
 *
 * @example
 * ```ts
 * const at: FieldPath = { source: 'monitor.json', path: 'targets[0]' };
 * ```
 */
export interface FieldPath {
  /** Name of the config (usually its file path). */
  source: string;
  /** Key path inside the config; empty for the root object. */
  path: string;
}

/**
 * Checks an object's keys and the kind of each value. Unknown keys are errors with a
 * did-you-mean suggestion and the list of allowed keys, so a typo such as `timeout` for
 * `timeoutMs` cannot silently switch a check off.
 *
 * @throws {MonitorError} `INVALID_CONFIG` naming the key path and what is expected.
 * @example
 * ```ts
 * checkFields(JSON.parse(text), { file: 'string', rawDays: 'integer' }, { source: 'monitor.json', path: 'history' });
 * ```
 */
export function checkFields(
  value: unknown,
  kinds: Readonly<Record<string, OptionKind>>,
  at: FieldPath,
): Record<string, unknown> {
  const object = expectObject(value, at);
  rejectUnknownFields(object, Object.keys(kinds), at);
  for (const [key, field] of Object.entries(object)) {
    checkKind(field, kinds[key]!, { ...at, path: at.path ? `${at.path}.${key}` : key });
  }
  return object;
}

/**
 * Refuses a key that is not in `known`, naming the closest known key (did you mean) and every
 * key allowed there.
 *
 * @throws {MonitorError} `INVALID_CONFIG`.
 * @example
 * ```ts
 * rejectUnknownFields({ timeout: 5 }, ['timeoutMs'], { source: 'monitor.json', path: 'defaults' });
 * // monitor.json: "defaults.timeout" is not a known option; did you mean "timeoutMs"? Allowed here: timeoutMs.
 * ```
 */
export function rejectUnknownFields(object: object, known: readonly string[], at: FieldPath): void {
  const unknown = findUnknownKey(object, known, { where: at.source, path: at.path });
  if (unknown === undefined) return;
  const hint = unknown.didYouMean ? `${unknown.didYouMean}Allowed` : 'allowed';
  failField({ ...at, path: unknown.path }, `is not a known option; ${hint} here: ${known.join(', ')}`);
}

function checkKind(value: unknown, kind: OptionKind, at: FieldPath): void {
  if (kind === 'string' && typeof value !== 'string')
    failField(at, `must be a string, got ${describeValue(value)}`);
  if (kind === 'boolean' && typeof value !== 'boolean')
    failField(at, `must be true or false, got ${describeValue(value)}`);
  if (kind === 'integer' && !(Number.isInteger(value) && (value as number) >= 0))
    failField(at, `must be a whole number >= 0, got ${describeValue(value)}`);
  if (kind === 'skip' && !(Array.isArray(value) && value.every((v) => typeof v === 'string')))
    failField(at, 'must be an array of check names, e.g. ["tls"]');
  if (kind === 'login' && typeof value !== 'boolean') checkFields(value, LOGIN_FIELDS, at);
  if (kind === 'headers') {
    for (const [name, expected] of Object.entries(expectObject(value, at))) {
      if (typeof expected !== 'string' && typeof expected !== 'boolean') {
        failField(
          { ...at, path: `${at.path}.${name}` },
          'must be the expected value (string), true (must be present) or false (do not check)',
        );
      }
    }
  }
}

/**
 * The value as a JSON object, or an `INVALID_CONFIG` error naming the path.
 *
 * @example
 * ```ts
 * const root = expectObject(JSON.parse(text), { source: 'monitor.json', path: '' });
 * ```
 */
export function expectObject(value: unknown, at: FieldPath): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    failField(at, `must be a JSON object, got ${describeValue(value)}`);
  return value as Record<string, unknown>;
}

/**
 * Throws the config error `<source>: "<path>" <problem>.` (the path is left out for the root).
 *
 * @example
 * ```ts
 * failField({ source: 'monitor.json', path: 'targets' }, 'must be a non-empty array');
 * ```
 */
export function failField(at: FieldPath, problem: string): never {
  throw new MonitorError('INVALID_CONFIG', `${at.source}: ${at.path ? `"${at.path}" ` : ''}${problem}.`);
}
