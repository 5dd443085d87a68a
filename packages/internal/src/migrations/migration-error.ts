import { ManaError, type ManaErrorOptions } from '../errors/mana-error.js';

/** Builds the error a migration run throws; each package passes one that makes its own class. */
export type MigrationErrorFactory = (message: string, options: ManaErrorOptions) => Error;

/** The default {@link MigrationErrorFactory}: a family error with code `MIGRATION_FAILED`. */
export const migrationFailed: MigrationErrorFactory = (message, options) =>
  new ManaError('MIGRATION_FAILED', message, options);

/** The message and fix for a migration whose SQL changed after it was applied. */
export function changedMigrationMessage(pkg: string, name: string, previous: string, now: string): string {
  return (
    `Migration ${pkg}/${name} was applied with different SQL (hash ${previous.slice(0, 12)}, ` +
    `now ${now.slice(0, 12)}). Never edit an applied migration: generate a new one.`
  );
}

/** What to do about a changed migration. */
export const CHANGED_MIGRATION_FIX =
  'Restore the migration file as it was applied and put the change in a new migration (drizzle-kit generate).';
