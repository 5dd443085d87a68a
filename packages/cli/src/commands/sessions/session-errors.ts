import { SessionAdminError } from '@mana/auth-core';
import { CliUsageError } from '../../cli-error.js';

/**
 * Runs `work`; an unknown user or session (`SessionAdminError`) becomes a usage error (exit 2)
 * whose fix names the command that lists valid values.
 */
export async function withSessionErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SessionAdminError) {
      const fix =
        error.code === 'USER_NOT_FOUND'
          ? 'pass a user id or the account email address (check the spelling and --schema)'
          : 'run "mana-auth sessions list --user <id|email>" to see the session ids; it may have ended already';
      throw new CliUsageError(`${error.code}: ${error.message}`, fix, { cause: error });
    }
    throw error;
  }
}

/** The value of a string flag, or a usage error when it was given empty. */
export function textFlag(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CliUsageError(`--${name} needs a value`, `pass --${name} <value>`);
  }
  return value.trim();
}
