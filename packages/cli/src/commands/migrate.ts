import { migrate, migrationsSql } from '@mana/auth-core';
import { securityEventsMigrations } from '@mana/security-events';
import { CLI_EXIT } from '../cli-error.js';
import type { CliCommand } from '../command.js';

// The audit log's table is part of the service's schema (the example servers migrate both).
const INCLUDE = [{ package: '@mana/security-events', migrations: securityEventsMigrations }];

/** `mana-auth migrate [--print-sql]`. */
export const migrateCommand: CliCommand = {
  path: ['migrate'],
  summary: 'apply the database migrations, or print their SQL for a DBA',
  usage: 'migrate [--print-sql]',
  description: `Applies every pending migration of @mana/auth-core and @mana/security-events to the
schema (default auth) in one transaction under an advisory lock, so running it from several
deploy jobs at once is safe; a migration whose SQL changed after it was applied is an error.
With --print-sql, prints the whole migration as one SQL script instead (psql, Flyway, a DBA
review) and touches no database: the script records its migrations, so a later migrate finds
nothing to do.`,
  flags: [{ name: 'print-sql', type: 'boolean', description: 'print the SQL instead of applying it' }],
  examples: ['migrate', 'migrate --print-sql --schema identity > 0001_mana_auth.sql'],
  async run(context) {
    const { schema, json } = context.config;
    if (context.flags['print-sql'] === true) {
      await context.out.write(migrationsSql({ schema, include: INCLUDE }));
      return CLI_EXIT.ok;
    }
    const { applied } = await migrate(await context.database(), { include: INCLUDE });
    if (json) context.out.json({ schema, applied });
    else if (applied.length === 0) context.out.line(`schema "${schema}" is up to date`);
    else for (const name of applied) context.out.line(`applied ${name}`);
    return CLI_EXIT.ok;
  },
};
