import { schemaNameProblem } from '@mana/internal';
import { CliUsageError } from './cli-error.js';
import type { CliFlag } from './command.js';

/**
 * What every command may read, from the same variables the library and the examples read:
 * flags first, then the environment.
 *
 * @example
 * ```ts
 * const config: CliConfig = { databaseUrl: 'postgres://localhost/app', schema: 'auth', redisKeyPrefix: 'mana-auth:', json: false };
 * ```
 */
export interface CliConfig {
  /** `--database-url`, else `DATABASE_URL`. */
  readonly databaseUrl?: string | undefined;
  /** `--redis-url`, else `REDIS_URL`; unset when the service runs without Redis. */
  readonly redisUrl?: string | undefined;
  /** `--redis-key-prefix`, else `REDIS_KEY_PREFIX`, else `mana-auth:` (the library's default). */
  readonly redisKeyPrefix: string;
  /** `AUTH_SECRET` (environment only: a flag would show in `ps`). */
  readonly secret?: string | undefined;
  /** `--schema`, else `AUTH_SCHEMA`, else `auth`. */
  readonly schema: string;
  /** `AUDIT_HASH_KEY` (environment only), the audit log's pseudonym key; see the audit commands. */
  readonly auditHashKey?: string | undefined;
  /** `--json`: machine-readable output. */
  readonly json: boolean;
}

/** The flags every command accepts. */
export const GLOBAL_FLAGS: readonly CliFlag[] = [
  {
    name: 'database-url',
    type: 'string',
    valueName: '<url>',
    description: 'PostgreSQL URL (default: $DATABASE_URL)',
  },
  {
    name: 'redis-url',
    type: 'string',
    valueName: '<url>',
    description: 'Redis URL, when the service uses Redis (default: $REDIS_URL)',
  },
  {
    name: 'redis-key-prefix',
    type: 'string',
    valueName: '<prefix>',
    description: 'Redis key prefix of the service (default: $REDIS_KEY_PREFIX or mana-auth:)',
  },
  {
    name: 'schema',
    type: 'string',
    valueName: '<name>',
    description: 'PostgreSQL schema of the tables (default: $AUTH_SCHEMA or auth)',
  },
  { name: 'json', type: 'boolean', description: 'machine-readable output (JSON; JSON lines for lists)' },
  { name: 'help', type: 'boolean', description: 'show the help of the command' },
];

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

/**
 * Resolves the configuration from the parsed global flags and the environment; a bad schema
 * name is a usage error.
 *
 * @example
 * ```ts
 * const config = resolveCliConfig({ schema: 'identity' }, process.env);
 * ```
 */
export function resolveCliConfig(
  flags: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): CliConfig {
  const text = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  const schema = text('schema') ?? nonEmpty(env.AUTH_SCHEMA) ?? 'auth';
  const problem = schemaNameProblem(schema);
  if (problem) {
    throw new CliUsageError(
      `--schema ${JSON.stringify(schema)} ${problem}`,
      'pass a plain lowercase name such as auth',
    );
  }
  return {
    databaseUrl: text('database-url') ?? nonEmpty(env.DATABASE_URL),
    redisUrl: text('redis-url') ?? nonEmpty(env.REDIS_URL),
    redisKeyPrefix: text('redis-key-prefix') ?? env.REDIS_KEY_PREFIX ?? 'mana-auth:',
    secret: nonEmpty(env.AUTH_SECRET),
    schema,
    auditHashKey: nonEmpty(env.AUDIT_HASH_KEY),
    json: flags.json === true,
  };
}
