import { JWKS_MAX_AGE_SECONDS, type KeyChangeBroadcast, ManaAuthConfigError } from '@mana/auth-core';
import { CliUsageError } from '../../cli-error.js';
import type { CliContext } from '../../context.js';
import { parseCliDuration } from '../../duration.js';

/** Seconds from a duration flag, or `fallback` when the flag is absent. */
export function secondsFlag(context: CliContext, flag: string, fallback: number): number {
  const value = context.flags[flag];
  return typeof value === 'string' ? parseCliDuration(value, flag) / 1000 : fallback;
}

/** `--jwks-max-age`, else 60 s: the service's `jwksMaxAge`. */
export const jwksMaxAgeOf = (context: CliContext): number =>
  secondsFlag(context, 'jwks-max-age', JWKS_MAX_AGE_SECONDS);

/**
 * How the running instances hear of the change: PostgreSQL NOTIFY always, and Redis pub/sub
 * with `REDIS_URL` (instances configured with Redis listen there only).
 */
export async function keyBroadcastOf(context: CliContext): Promise<KeyChangeBroadcast> {
  const redis = await context.redis();
  return redis ? { redis, redisKeyPrefix: context.config.redisKeyPrefix } : {};
}

/** Runs `operation`; a refused option (bad delay, short secret) becomes a usage error (exit 2). */
export async function asUsage<T>(operation: () => Promise<T>, flagOf: (field: string) => string): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof ManaAuthConfigError) {
      const detail = error.message.replace(/^Invalid auth config: [^:]+: /, '').replace(/\. Fix: .*$/s, '');
      throw new CliUsageError(`${flagOf(error.field)}: ${detail}`, error.fix, { cause: error });
    }
    throw error;
  }
}

/** The secret the instances use, or a usage error naming `AUTH_SECRET`. */
export function requireSecret(context: CliContext, why: string): string {
  const { secret } = context.config;
  if (!secret)
    throw new CliUsageError(`AUTH_SECRET is not set (${why})`, "set AUTH_SECRET to the service's secret");
  return secret;
}

/** A date as ISO 8601 without milliseconds, or `-`. */
export const isoOf = (date: Date | null | undefined): string =>
  date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-';

/** `kid` rendered in messages. */
export const quoted = (kid: string): string => JSON.stringify(kid);
