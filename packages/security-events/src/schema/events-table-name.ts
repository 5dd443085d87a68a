import { DEFAULT_SCHEMA, qualifiedTable, schemaNameProblem } from '@mana/internal';
import { invalidOption } from '../errors.js';

/** The events table in the default schema: `"auth".security_events`. */
export const DEFAULT_EVENTS_TABLE = qualifiedTable(DEFAULT_SCHEMA, 'security_events');

/**
 * The schema to use: `schema` when given, else the `schema` of a `@mana/auth-core`
 * `ManaDatabase` passed as `database` (so both packages share one schema without repeating it),
 * else `auth`. Throws `SecurityEventsError` (`INVALID_OPTION`) for an unsafe name.
 *
 * @example
 * ```ts
 * resolveSchema(undefined, manaDatabase); // 'identity' when opened with { schema: 'identity' }
 * ```
 */
export function resolveSchema(schema: unknown, database: unknown): string {
  const fromDatabase = (database as { schema?: unknown } | null | undefined)?.schema;
  const name = schema ?? (typeof fromDatabase === 'string' ? fromDatabase : DEFAULT_SCHEMA);
  const problem = schemaNameProblem(name);
  if (problem)
    invalidOption(
      'schema',
      name,
      `The schema name ${problem}; pass a plain lowercase name such as "identity".`,
    );
  return name as string;
}
