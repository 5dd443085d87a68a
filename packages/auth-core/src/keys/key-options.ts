import { describeValue, rejectUnknownKeys } from '@mana/internal';
import { ManaAuthConfigError } from '../errors.js';

/**
 * Refuses unknown keys of `options` (with a did-you-mean) and a missing or short `secret`, the
 * same way for every signing-key function. `where` names the function in messages.
 */
export function checkKeyOptions(
  options: object,
  known: readonly string[],
  where: string,
  secretRequired: boolean,
): void {
  rejectUnknownKeys(options, known, {
    where,
    onUnknown: (unknown) => {
      throw new ManaAuthConfigError(
        unknown.path,
        'unknown option',
        `${unknown.didYouMean}See ${where}'s options`,
      );
    },
  });
  const secret = (options as { secret?: unknown }).secret;
  if ((secretRequired || secret !== undefined) && !(typeof secret === 'string' && secret.length >= 32)) {
    throw new ManaAuthConfigError(
      'secret',
      `expected the auth secret (at least 32 characters), got ${describeValue(secret)}`,
      'pass the same secret the instances use (AUTH_SECRET): new private keys are encrypted with it',
    );
  }
}

/** Refuses a value of `field` that is not a finite number of seconds within `[min, max]`. */
export function checkSeconds(field: string, value: unknown, min: number, why: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > 31_536_000) {
    throw new ManaAuthConfigError(
      field,
      `expected seconds ${why}, got ${describeValue(value)}`,
      `pass a number of seconds ${why}`,
    );
  }
}
