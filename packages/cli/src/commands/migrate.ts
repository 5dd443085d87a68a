import { migrate, migrationsSql } from '@mana/auth-core';
import { auditIntegrityMigrations, securityEventsMigrations } from '@mana/security-events';
import { CLI_EXIT } from '../cli-error.js';
import type { CliCommand } from '../command.js';

// The audit log's table is part of the service's schema (the example servers migrate both).
const INCLUDE = [{ package: '@mana/security-events', migrations: securityEventsMigrations }];
// The tamper-evident log's tables only when asked: a plain log never has them (docs/audit-integrity.md).
// The package name is the one migrateAuditIntegrity() records, so either path finds the other's work.
const INTEGRITY = { package: '@mana/security-events/integrity', migrations: auditIntegrityMigrations };

/** `mana-auth migrate [--print-sql]`. */
export const migrateCommand: CliCommand = {
  path: ['migrate'],
  summary: 'apply the database migrations, or print their SQL for a DBA',
  usage: 'migrate [--print-sql] [--integrity]',
  description: `Applies every pending migration of @mana/auth-core and @mana/security-events to the
schema (default auth) in one transaction under an advisory lock, so running it from several
deploy jobs at once is safe; a migration whose SQL changed after it was applied is an error.
With --print-sql, prints the whole migration as one SQL script instead (psql, Flyway, a DBA
review) and touches no database: the script records its migrations, so a later migrate finds
nothing to do. With --integrity, also the tables of the tamper-evident audit log
(security_event_chain, security_event_checkpoints; see docs/audit-integrity.md), which a
service with the security-events "integrity" option needs.`,
  flags: [
    { name: 'print-sql', type: 'boolean', description: 'print the SQL instead of applying it' },
    {
      name: 'integrity',
      type: 'boolean',
      description: 'also migrate the tamper-evident audit log (security-events "integrity" option)',
    },
  ],
  examples: ['migrate', 'migrate --integrity', 'migrate --print-sql --schema identity > 0001_mana_auth.sql'],
  async run(context) {
    const { schema, json } = context.config;
    const include = context.flags.integrity === true ? [...INCLUDE, INTEGRITY] : INCLUDE;
    if (context.flags['print-sql'] === true) {
      await context.out.write(migrationsSql({ schema, include }));
      return CLI_EXIT.ok;
    }
    const { applied } = await migrate(await context.database(), { include });
    if (json) context.out.json({ schema, applied });
    else if (applied.length === 0) context.out.line(`schema "${schema}" is up to date`);
    else for (const name of applied) context.out.line(`applied ${name}`);
    return CLI_EXIT.ok;
  },
};
