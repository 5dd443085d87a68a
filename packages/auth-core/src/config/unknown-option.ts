import { findUnknownKey } from '@mana/internal';
import { z } from 'zod';
import { ManaAuthConfigError } from '../errors.js';

type Issue = z.core.$ZodIssue;

/** Where a key zod did not recognise sits: the path of its object, and the key. */
interface UnrecognisedKey {
  readonly path: readonly PropertyKey[];
  readonly key: string;
}

/** The first unrecognised key among the issues, looking inside unions (`keyRotation`, `loginLockout`). */
function unrecognisedKey(
  issues: readonly Issue[],
  prefix: readonly PropertyKey[] = [],
): UnrecognisedKey | undefined {
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') return { path: [...prefix, ...issue.path], key: issue.keys[0]! };
  }
  for (const issue of issues) {
    if (issue.code !== 'invalid_union') continue;
    for (const branch of issue.errors) {
      const found = unrecognisedKey(branch, [...prefix, ...issue.path]);
      if (found) return found;
    }
  }
  return undefined;
}

/** The fields of the object a schema describes, through `.optional()` and unions with `false`. */
function shapeOf(schema: unknown): Record<string, unknown> | undefined {
  if (schema instanceof z.ZodObject) return schema.shape;
  if (schema instanceof z.ZodOptional) return shapeOf(schema.unwrap());
  if (schema instanceof z.ZodUnion) {
    for (const option of schema.options) {
      const shape = shapeOf(option);
      if (shape) return shape;
    }
  }
  return undefined;
}

/** The value at `path` inside the input, when it is an object. */
function objectAt(input: unknown, path: readonly PropertyKey[]): object | undefined {
  let value = input;
  for (const segment of path) value = (value as Record<PropertyKey, unknown> | null | undefined)?.[segment];
  return typeof value === 'object' && value !== null ? value : undefined;
}

/**
 * The {@link ManaAuthConfigError} for the first misspelt or unknown option among zod's issues,
 * with a did-you-mean suggestion from the schema's own keys (`basepath` → `basePath`), or
 * undefined when no key is unknown. A misspelt key usually explains a "missing" one, so
 * `validateConfig` reports it first.
 *
 * @example
 * ```ts
 * const result = configSchema.safeParse(input);
 * if (!result.success) {
 *   const unknown = unknownOptionError(configSchema, input, result.error.issues);
 *   if (unknown) throw unknown;
 * }
 * ```
 */
export function unknownOptionError(
  schema: z.ZodType,
  input: unknown,
  issues: readonly Issue[],
): ManaAuthConfigError | undefined {
  const found = unrecognisedKey(issues);
  if (found === undefined) return undefined;
  let shape = shapeOf(schema);
  for (const segment of found.path) shape = shapeOf(shape?.[String(segment)]);
  const at = found.path.join('.');
  const unknown = findUnknownKey(
    objectAt(input, found.path) ?? { [found.key]: undefined },
    Object.keys(shape ?? {}),
    {
      where: 'createAuth',
      path: at,
    },
  );
  const field = unknown?.path ?? (at ? `${at}.${found.key}` : found.key);
  const fix =
    unknown?.suggestion === undefined
      ? 'remove it, or check the spelling against docs/configuration.md'
      : `${unknown.didYouMean}Rename it, or check the spelling against docs/configuration.md`;
  return new ManaAuthConfigError(field, 'unknown option', fix);
}
