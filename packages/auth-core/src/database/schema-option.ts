import { DEFAULT_SCHEMA, schemaNameProblem } from '@mana/internal';

/**
 * `schema` (default `auth`) when it is a safe schema name; otherwise calls `fail` with a
 * sentence naming the bad value.
 */
export function validSchema(schema: string | undefined, fail: (problem: string) => never): string {
  const name = schema ?? DEFAULT_SCHEMA;
  const problem = schemaNameProblem(name);
  if (problem) fail(`${JSON.stringify(name)} ${problem}`);
  return name;
}
