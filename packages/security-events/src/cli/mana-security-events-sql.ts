import { runSqlCli } from '@mana/internal';
import { securityEventsMigrationsSql } from '../schema/migrate-security-events.js';

declare const __MANA_VERSION__: string | undefined;

const HELP = `Usage: mana-security-events-sql [--schema <name>] [--no-user-foreign-key] [--out <file>]

Prints the SQL of the @mana/security-events migrations (<schema>.security_events, its indexes,
and its <schema>.mana_migrations row), for teams that apply migrations themselves. Apply it
after "mana-auth-sql --schema <name>" (from @mana/auth-core): by default the table references
<schema>.users(id) ON DELETE CASCADE.

Options
      --schema <name>          Postgres schema of the table (default: auth), e.g. identity
      --no-user-foreign-key    leave out the foreign key to <schema>.users (users live elsewhere)
  -o, --out <file>             write the SQL to <file> instead of stdout
  -h, --help                   show this help
  -v, --version                show the version

Exit codes: 0 printed or written, 2 bad input (one line on stderr).
`;

process.exitCode = runSqlCli(
  {
    program: 'mana-security-events-sql',
    help: HELP,
    version: typeof __MANA_VERSION__ === 'string' ? __MANA_VERSION__ : '0.0.0-dev',
    booleanFlags: ['no-user-foreign-key'],
    generate: (schema, flags) =>
      securityEventsMigrationsSql({ schema, userForeignKey: !flags['no-user-foreign-key'] }),
  },
  process.argv.slice(2),
);
