import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { schemaNameProblem } from '../migrations/schema-name.js';

/** Exit codes of a SQL-export CLI: 0 printed or written, 2 bad input (one line on stderr). */
export const SQL_CLI_EXIT = { ok: 0, usage: 2 } as const;

/** What one SQL-export CLI (`mana-auth-sql`, `mana-security-events-sql`) does. */
export interface SqlCliSpec {
  /** The program name, first word of every error line. */
  program: string;
  /** The `--help` text. */
  help: string;
  /** The package version for `--version`. */
  version: string;
  /** Extra boolean flags besides --schema, --out, --help and --version. */
  booleanFlags?: readonly string[];
  /** The SQL for a validated schema name and the boolean flags given. */
  generate(schema: string, flags: Readonly<Record<string, boolean>>): string;
}

class UsageError extends Error {}

/**
 * Parses the arguments, prints (or writes with `--out`) the SQL, and returns the exit code; a
 * bad flag or schema name prints one line on stderr and returns 2.
 *
 * @example
 * ```ts
 * process.exitCode = runSqlCli(spec, process.argv.slice(2));
 * ```
 */
export function runSqlCli(spec: SqlCliSpec, args: readonly string[]): number {
  try {
    return run(spec, args);
  } catch (error) {
    const known =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `${spec.program}: ${message}${known ? ` (run "${spec.program} --help" for usage)` : ''}\n`,
    );
    return SQL_CLI_EXIT.usage;
  }
}

function run(spec: SqlCliSpec, args: readonly string[]): number {
  const extra = Object.fromEntries(
    (spec.booleanFlags ?? []).map((flag) => [flag, { type: 'boolean' as const }]),
  );
  const { values, positionals } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: true,
    options: {
      schema: { type: 'string' },
      out: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      ...extra,
    },
  });
  if (values.help) return print(spec.help);
  if (values.version) return print(`${spec.version}\n`);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const schema = (values.schema as string | undefined) ?? 'auth';
  const problem = schemaNameProblem(schema);
  if (problem) throw new UsageError(`--schema ${JSON.stringify(schema)} ${problem}`);
  const flags: Record<string, boolean> = {};
  const given = values as Record<string, unknown>;
  for (const flag of spec.booleanFlags ?? []) flags[flag] = given[flag] === true;
  const sql = spec.generate(schema, flags);
  const out = values.out as string | undefined;
  if (out === undefined || out === '-') return print(sql);
  try {
    writeFileSync(out, sql);
  } catch (error) {
    throw new UsageError(`cannot write ${out}: ${(error as Error).message}`);
  }
  return SQL_CLI_EXIT.ok;
}

function print(text: string): number {
  process.stdout.write(text);
  return SQL_CLI_EXIT.ok;
}
