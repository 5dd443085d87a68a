import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RateLimitRule } from '@mana/auth-core';

/** Everything an example server reads from its environment (see `.env.example`). */
export interface ExampleConfig {
  port: number;
  host: string;
  baseURL: string;
  /** PostgreSQL URL; undefined → embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  /** Prefix of every Redis key (several services can share one Redis). */
  redisKeyPrefix: string;
  secret: string;
  /** Headers the trusted proxies write (`TRUSTED_IP_HEADERS`); empty → `x-forwarded-for`. */
  trustedIpHeaders: string[];
  /** Addresses/CIDRs of the proxies in front (`TRUSTED_PROXIES`); empty → the socket address is the client. */
  trustedProxies: string[];
  trustedOrigins: string[];
  /**
   * Better Auth routes to expose beside the REST API and the default allow-list
   * (`EXPOSE_BETTER_AUTH_ROUTES`, comma-separated, e.g. `/update-user,/change-email`); empty → the
   * default list only (`DEFAULT_BETTER_AUTH_ROUTES`).
   */
  exposeBetterAuthRoutes: string[];
  rateLimit: {
    signIn?: RateLimitRule;
    signUp?: RateLimitRule;
    password?: RateLimitRule;
    token?: RateLimitRule;
  };
  production: boolean;
  /**
   * `ALLOW_CONSOLE_MAIL_IN_PRODUCTION=1`: start in production without a mail sender. Mail is then
   * not delivered and only its kind and masked recipient are logged, never the link. Default false:
   * production without a sender refuses to start.
   */
  allowConsoleMailInProduction: boolean;
  /** The audit log (`AUDIT_*`): retention purge and queue size. */
  audit: AuditConfig;
  /**
   * `METRICS_TOKEN`: clients sending `Authorization: Bearer <token>` may read `GET /metrics`
   * from anywhere (at least 32 characters). Unset: loopback clients only (metrics.ts).
   */
  metricsToken: string | undefined;
}

/** The audit log settings of an example server. */
export interface AuditConfig {
  /** Events older than this many days are deleted (`AUDIT_RETENTION_DAYS`, default 90; 0 keeps all). */
  retentionDays: number;
  /** How often the retention purge runs (`AUDIT_PURGE_INTERVAL_SECONDS`, default 86400: daily). */
  purgeIntervalSeconds: number;
  /** The audit writer's memory bound in bytes (`AUDIT_MAX_QUEUE_BYTES`; default the package's 32 MiB). */
  maxQueueBytes: number | undefined;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `1`/`true` → true, unset/empty/`0`/`false` → false; anything else is a mistake worth naming. */
function flag(name: string, value: string | undefined): boolean {
  const normalised = (value ?? '').trim().toLowerCase();
  if (normalised === '1' || normalised === 'true') return true;
  if (normalised === '' || normalised === '0' || normalised === 'false') return false;
  throw new Error(`${name} must be 1 or 0 (true or false), got "${value}".`);
}

function rule(name: string, value: string | undefined): RateLimitRule | undefined {
  if (!value) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!match)
    throw new Error(`${name} must look like "10/60" (max requests / window seconds), got "${value}".`);
  return { max: Number(match[1]), window: Number(match[2]) };
}

function whole(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min)
    throw new Error(`${name} must be a whole number ≥ ${min}, got "${value}".`);
  return parsed;
}

function metricsToken(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length < 32)
    throw new Error(
      `METRICS_TOKEN must be at least 32 characters (openssl rand -base64 32), got ${value.length}.`,
    );
  return value;
}

/**
 * Development convenience: without AUTH_SECRET, a random secret is created once in the data
 * directory so keys and sessions survive restarts. In production AUTH_SECRET is required.
 */
function secretFrom(env: NodeJS.ProcessEnv, dataDir: string, production: boolean): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (production)
    throw new Error('AUTH_SECRET is required in production: generate one with `openssl rand -base64 32`.');
  const file = join(dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64');
  writeFileSync(file, secret, { mode: 0o600 });
  console.warn(
    `[example] AUTH_SECRET not set: created a development secret in ${file}. Set AUTH_SECRET in production.`,
  );
  return secret;
}

/**
 * Reads the example configuration from environment variables.
 *
 * @example
 * ```ts
 * const config = loadConfig(process.env);
 * ```
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ExampleConfig {
  const port = Number(env.PORT ?? 3001);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}".`);
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR ?? './.data');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    baseURL: env.BASE_URL ?? `http://localhost:${port}`,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    redisUrl: env.REDIS_URL || undefined,
    redisKeyPrefix: env.REDIS_KEY_PREFIX ?? 'mana-auth:',
    secret: secretFrom(env, dataDir, production),
    trustedIpHeaders: list(env.TRUSTED_IP_HEADERS),
    trustedProxies: list(env.TRUSTED_PROXIES),
    trustedOrigins: list(env.TRUSTED_ORIGINS),
    exposeBetterAuthRoutes: list(env.EXPOSE_BETTER_AUTH_ROUTES),
    rateLimit: {
      signIn: rule('RATE_LIMIT_SIGN_IN', env.RATE_LIMIT_SIGN_IN),
      signUp: rule('RATE_LIMIT_SIGN_UP', env.RATE_LIMIT_SIGN_UP),
      password: rule('RATE_LIMIT_PASSWORD', env.RATE_LIMIT_PASSWORD),
      token: rule('RATE_LIMIT_TOKEN', env.RATE_LIMIT_TOKEN),
    },
    production,
    allowConsoleMailInProduction: flag(
      'ALLOW_CONSOLE_MAIL_IN_PRODUCTION',
      env.ALLOW_CONSOLE_MAIL_IN_PRODUCTION,
    ),
    audit: {
      retentionDays: whole('AUDIT_RETENTION_DAYS', env.AUDIT_RETENTION_DAYS, 90, 0),
      purgeIntervalSeconds: whole(
        'AUDIT_PURGE_INTERVAL_SECONDS',
        env.AUDIT_PURGE_INTERVAL_SECONDS,
        86_400,
        1,
      ),
      maxQueueBytes: env.AUDIT_MAX_QUEUE_BYTES
        ? whole('AUDIT_MAX_QUEUE_BYTES', env.AUDIT_MAX_QUEUE_BYTES, 0, 1024)
        : undefined,
    },
    metricsToken: metricsToken(env.METRICS_TOKEN),
  };
}
