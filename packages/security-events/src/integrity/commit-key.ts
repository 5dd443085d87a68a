import { invalidOption } from '../errors.js';

/**
 * The `commitKey` of the tamper-evident log as bytes (a string counts its UTF-8 bytes), checked
 * once wherever it is passed (the writer, the verifier, proofs, erasure): missing, of another
 * type or shorter than 32 bytes throws `INVALID_OPTION` naming `option`, with `fix`.
 *
 * @example
 * ```ts
 * const key = commitKeyBytes(options.commitKey, 'commitKey', "Pass the writer's integrity.commitKey.");
 * ```
 */
export function commitKeyBytes(value: unknown, option: string, fix: string): Buffer {
  const key =
    typeof value === 'string'
      ? Buffer.from(value, 'utf8')
      : value instanceof Uint8Array
        ? Buffer.from(value)
        : undefined;
  if (key === undefined || key.length < 32)
    invalidOption(option, value === undefined ? undefined : '(missing or shorter than 32 bytes)', fix);
  return key;
}
