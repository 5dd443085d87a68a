import { runSqlCli } from '@mana/internal';
import { migrationsSql } from '../database/migrate.js';
import { AUTH_CORE_VERSION } from '../version.js';

const HELP = `Usage: mana-auth-sql [--schema <name>] [--out <file>]

Prints the SQL of every @mana/auth-core migration, for teams that apply migrations themselves
(psql, Flyway, drizzle-kit, a DBA review): one transaction that creates the schema, its tables
and <schema>.mana_migrations with a row per migration, so the app starts without migrating and
a later migrate() finds nothing to do. Add @mana/security-events' table with
mana-security-events-sql.

Options
      --schema <name>   Postgres schema of every table (default: auth), e.g. identity
  -o, --out <file>      write the SQL to <file> instead of stdout
  -h, --help            show this help
  -v, --version         show the version

Example
  mana-auth-sql --schema identity > 0001_mana_auth.sql
  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f 0001_mana_auth.sql

Exit codes: 0 printed or written, 2 bad input (one line on stderr).
`;

process.exitCode = runSqlCli(
  {
    program: 'mana-auth-sql',
    help: HELP,
    version: AUTH_CORE_VERSION,
    generate: (schema) => migrationsSql({ schema }),
  },
  process.argv.slice(2),
);
