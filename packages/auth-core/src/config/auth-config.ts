import { isManaLogger } from '@mana/internal';
import type { MeterProvider } from '@opentelemetry/api';
import type { BetterAuthPlugin } from 'better-auth';
import { isTable } from 'drizzle-orm';
import { z } from 'zod';
import type { ManaDatabase } from '../database/create-database.js';
import { ManaAuthConfigError } from '../errors.js';
import { type BetterAuthRoutesConfig, betterAuthRoutesSchema } from '../exposure/better-auth-routes.js';
import type { RestApiConfig } from '../rest-api/rest-api-options.js';
import type { AbsoluteSessionLifetimeConfig } from '../sessions/absolute-lifetime.js';
import type { PasswordChangePolicy } from '../sessions/password-change-policy.js';
import type { RedisLike } from '../sessions/redis-storage.js';
import {
  type BetterAuthPassThroughConfig,
  checkPassThrough,
  passThroughShape,
  refuseOwnedOptions,
} from './better-auth-options.js';
import { clientIpSchema } from './client-ip-config.js';
import type { MailSender } from './mail-sender.js';
import type { PluginTables } from './plugin-tables.js';
import {
  type RevocationConfig,
  repeatedRegistryOption,
  revocationConfigSchema,
} from './revocation-config.js';
import {
  absoluteSessionLifetimeSchema,
  type RegistrationConfig,
  registrationSchema,
} from './session-config.js';
import { unknownOptionError } from './unknown-option.js';

/** One limiter rule: at most `max` requests per `window` seconds per client IP and path. */
export interface RateLimitRule {
  window: number;
  max: number;
}

/** Where the limiter keeps its counters. */
export type RateLimitStorage = 'memory' | 'database' | 'redis';

/** Rate limiting of the auth routes (Better Auth's limiter, keyed on client IP + path). */
export interface RateLimitConfig {
  /** Default `true`. */
  enabled?: boolean;
  /**
   * `memory` (one instance only), `database` (`auth.rate_limits`) or `redis` (needs the
   * `redis` option; shared by every instance). Default: `redis` when `redis` is set, else `memory`.
   */
  storage?: RateLimitStorage;
  /** `/sign-in/*` and `/login`. Default 10 per 60 s. */
  signIn?: RateLimitRule;
  /** `/sign-up/*` and `/register`. Default 5 per 60 s. */
  signUp?: RateLimitRule;
  /** `/change-password`, `/request-password-reset`, `/reset-password*` and `/password/*`. Default 5 per 60 s. */
  password?: RateLimitRule;
  /** `/token` and `/refresh` (access-token minting). Default 60 per 60 s. */
  token?: RateLimitRule;
  /** Every other route except `/get-session`, `/session`, `/jwks` and `/health`. Default 300 per 60 s. */
  other?: RateLimitRule;
}

/**
 * Consecutive failed sign-ins before a client is refused (429), reset by a success. A successful
 * sign-in gives the browser a signed device cookie for the account (OWASP device cookies): with
 * it, only that device's own failures count, so others' failures never lock the owner out.
 */
export interface LoginLockoutConfig {
  /** Failures from one IP for one account, on a device without a device cookie. Default 10. */
  maxFailuresPerAccountAndIp?: number;
  /**
   * Failures for one account from every device without a device cookie together (stops
   * distributed guessing). Default 50.
   */
  maxFailuresPerAccount?: number;
  /** Failures from one device holding a valid device cookie for the account. Default 10. */
  maxFailuresPerDevice?: number;
  /** How long failures are remembered and a locked client stays locked, seconds. Default 900. */
  windowSeconds?: number;
  /** Lifetime of the device cookie, seconds; each sign-in on the device renews it. Default 31536000 (365 days). */
  deviceCookieMaxAgeSeconds?: number;
}

/** Key rotation: a new signing key every `intervalSeconds`; old keys verify for `gracePeriodSeconds` more. */
export interface KeyRotationConfig {
  intervalSeconds: number;
  gracePeriodSeconds: number;
}

/**
 * How the client IP (rate-limit bucket, lockout key, audit rows) is found. Default: the socket
 * address the adapter saw, and no header is believed. Behind a reverse proxy or load balancer,
 * list it in `trustedProxies` so its forwarded header counts (docs/configuration.md, `clientIp`).
 */
export interface ClientIpConfig {
  /**
   * Addresses or CIDRs of your own proxies, IPv4 or IPv6 (`['10.0.0.0/8', '2001:db8::/32']`).
   * Only when the socket peer is one of them are `headers` read; their chain is walked right to
   * left and the right-most address that is not a trusted proxy is the client. Default: none.
   */
  trustedProxies?: string[];
  /**
   * Headers your trusted proxies write, in order (e.g. `['cf-connecting-ip']`). Read only from a
   * trusted proxy, so it needs `trustedProxies`. Default `['x-forwarded-for']`.
   */
  headers?: string[];
}

/** Access tokens minted at `<basePath>/token`. */
export interface AccessTokenConfig {
  /** `iss` claim. Default: the origin of `baseURL`. */
  issuer?: string;
  /** `aud` claim. Default: the origin of `baseURL`. */
  audience?: string | string[];
  /** Lifetime in seconds. Default 900 (15 minutes). */
  ttlSeconds?: number;
}

/**
 * Everything `createAuth` accepts. Unknown keys are an error. The Better Auth options passed
 * through (`appName`, `socialProviders`, `emailVerification`, `logger`, `secrets`, `advanced`)
 * are described in {@link BetterAuthPassThroughConfig}.
 */
export interface ManaAuthConfig extends BetterAuthPassThroughConfig {
  /** From {@link createDatabase}; migrated with {@link migrate}. */
  database: ManaDatabase;
  /** At least 32 bytes of randomness (`openssl rand -base64 32`). Encrypts keys and cookies. */
  secret: string;
  /** Public URL of the service, e.g. `https://auth.example.com`. */
  baseURL: string;
  /** Mount path of every auth route. Default `/api/v1/auth`. */
  basePath?: string;
  /** Extra origins allowed to call the API with cookies (CSRF origin check). */
  trustedOrigins?: string[];
  accessToken?: AccessTokenConfig;
  /** Off by default: one key, never rotated. */
  keyRotation?: KeyRotationConfig | false;
  /**
   * Also send a fresh access token in the `set-auth-jwt` header of every `/get-session`.
   * Default `false`. When on, signing keys are cached in memory so the header adds no query.
   */
  exposeJwtHeader?: boolean;
  /** Seconds a session may be answered from the encrypted cookie cache. Default 300. */
  cookieCacheMaxAge?: number;
  /**
   * Seconds `/jwks` is served from memory and may be cached by clients (`Cache-Control:
   * max-age`). Default 60. `rotateSigningKey` must publish a new key for longer than this before
   * it signs (its `jwksMaxAgeSeconds` must match).
   */
  jwksMaxAge?: number;
  /**
   * How long a session may live from sign-in however often it is used (ASVS 3.3). Default 30
   * days with remember-me, 7 days without. See {@link AbsoluteSessionLifetimeConfig}.
   */
  absoluteSessionLifetime?: AbsoluteSessionLifetimeConfig;
  /** Registration answers (uniform by default when `mailSender` is set). See {@link RegistrationConfig}. */
  registration?: RegistrationConfig;
  /**
   * Largest request body read on any route below `basePath` (the REST API's and Better Auth's),
   * in bytes. A larger body, declared or streamed, is refused with 413 `PAYLOAD_TOO_LARGE` before
   * it is parsed. Default 16384 (16 KiB); at most 1 MiB.
   */
  maxBodyBytes?: number;
  rateLimit?: RateLimitConfig;
  /** Default on with the defaults of {@link LoginLockoutConfig}; `false` turns it off. */
  loginLockout?: LoginLockoutConfig | false;
  clientIp?: ClientIpConfig;
  /**
   * Redis for sessions, rate-limit and lockout counters, and the revocation broadcast (pub/sub
   * instead of PostgreSQL LISTEN/NOTIFY).
   */
  redis?: RedisLike;
  /** Key prefix in Redis. Default `mana-auth:`. */
  redisKeyPrefix?: string;
  /** Minimum password length. Default 12 (OWASP ASVS 2.1.1). */
  minPasswordLength?: number;
  /**
   * What a password change does to the user's other sessions. Default: it ends them all (unless
   * the request sets `revokeOtherSessions: false`); `{ keepOtherSessions: true }` keeps them
   * unless the request sets `revokeOtherSessions: true`. A password reset always ends them all.
   */
  passwordChange?: PasswordChangePolicy;
  /** Tuning of the revocation registry: prune interval, reconnection backoff, error reporting. */
  revocation?: RevocationConfig;
  /**
   * Sends password-reset emails (`consoleMailSender()` in development). Without it, password
   * reset is refused. Sending runs in the background so timing does not reveal whether an
   * account exists.
   */
  mailSender?: MailSender;
  /**
   * More Better Auth plugins (e.g. `securityEvents(service)` from `@mana/security-events`,
   * `twoFactor()`). A plugin with tables needs them in `pluginTables`. A `jwt` plugin is refused.
   */
  plugins?: BetterAuthPlugin[];
  /**
   * Drizzle tables of plugins that need tables, by Better Auth model name (see
   * {@link PluginTables} and docs/plugin-tables.md). You create them (drizzle-kit or SQL).
   */
  pluginTables?: PluginTables;
  /** The REST API (`/register`, `/login`, ...; docs/api.md): reset link, trusted servers, version. */
  restApi?: RestApiConfig;
  /**
   * Which of Better Auth's own routes answer over HTTP beside the REST API. Default: only
   * `DEFAULT_BETTER_AUTH_ROUTES` (`/get-session`, `/token`, `/jwks`, OAuth callbacks, mail
   * links, `/error`), your `plugins`' routes and `/sign-in/social` with `socialProviders`;
   * any other answers 404 (docs/configuration.md, `betterAuthRoutes`).
   */
  betterAuthRoutes?: BetterAuthRoutesConfig;
  /**
   * Where the metrics go (docs/configuration.md, "Metrics"): an OpenTelemetry `MeterProvider`.
   * Default: the global provider registered (`metrics.setGlobalMeterProvider`) before
   * `createAuth()` runs, else none: every instrument is OpenTelemetry's no-op.
   */
  meterProvider?: MeterProvider;
}

const BODY_BYTES_RANGE = 'must be a whole number of bytes from 1024 to 1048576 (1 MiB)';
const rule = z.strictObject({ window: z.number().int().positive(), max: z.number().int().positive() });
const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'must be a function');

const configSchema = z.strictObject({
  database: z.custom<ManaDatabase>(
    (v) => typeof v === 'object' && v !== null && 'db' in v && 'query' in v,
    'must be the value returned by createDatabase()',
  ),
  secret: z.string().refine((s) => Buffer.byteLength(s, 'utf8') >= 32, 'must be at least 32 bytes'),
  baseURL: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }),
  basePath: z
    .string()
    .regex(/^\/[A-Za-z0-9/_-]*[A-Za-z0-9_-]$/, 'must start with "/" and not end with "/"')
    .optional(),
  trustedOrigins: z.array(z.url()).optional(),
  accessToken: z
    .strictObject({
      issuer: z.string().min(1).optional(),
      audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
      ttlSeconds: z.number().int().min(1).max(86_400).optional(),
    })
    .optional(),
  keyRotation: z
    .union([
      z.literal(false),
      z.strictObject({
        intervalSeconds: z.number().int().positive(),
        gracePeriodSeconds: z.number().int().nonnegative(),
      }),
    ])
    .optional(),
  exposeJwtHeader: z.boolean().optional(),
  cookieCacheMaxAge: z.number().int().positive().max(86_400).optional(),
  jwksMaxAge: z.number().int().positive().max(86_400).optional(),
  absoluteSessionLifetime: absoluteSessionLifetimeSchema.optional(),
  registration: registrationSchema.optional(),
  maxBodyBytes: z
    .number({ error: BODY_BYTES_RANGE })
    .refine((n) => Number.isInteger(n) && n >= 1024 && n <= 1024 * 1024, { error: BODY_BYTES_RANGE })
    .optional(),
  rateLimit: z
    .strictObject({
      enabled: z.boolean().optional(),
      storage: z.enum(['memory', 'database', 'redis']).optional(),
      signIn: rule.optional(),
      signUp: rule.optional(),
      password: rule.optional(),
      token: rule.optional(),
      other: rule.optional(),
    })
    .optional(),
  loginLockout: z
    .union([
      z.literal(false),
      z.strictObject({
        maxFailuresPerAccountAndIp: z.number().int().positive().optional(),
        maxFailuresPerAccount: z.number().int().positive().optional(),
        maxFailuresPerDevice: z.number().int().positive().optional(),
        windowSeconds: z.number().int().positive().optional(),
        deviceCookieMaxAgeSeconds: z.number().int().positive().optional(),
      }),
    ])
    .optional(),
  clientIp: clientIpSchema.optional(),
  redis: z
    .custom<RedisLike>(
      (v) => typeof v === 'object' && v !== null && 'get' in v && 'set' in v && 'incr' in v,
      'must be an ioredis client (new Redis(url))',
    )
    .optional(),
  redisKeyPrefix: z.string().optional(),
  minPasswordLength: z.number().int().min(8).max(128).optional(),
  passwordChange: z.strictObject({ keepOtherSessions: z.boolean().optional() }).optional(),
  revocation: revocationConfigSchema.optional(),
  mailSender: fn.optional(),
  plugins: z
    .array(z.custom<BetterAuthPlugin>((v) => typeof v === 'object' && v !== null && 'id' in v))
    .optional(),
  pluginTables: z
    .record(
      z.string(),
      z.custom<PluginTables[string]>(
        (v) => isTable(v),
        'must be a drizzle table (pgTable or pgSchema().table)',
      ),
    )
    .optional(),
  restApi: z
    .strictObject({
      version: z.string().min(1).optional(),
      resetPasswordUrl: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).optional(),
      isTrustedServer: fn.optional(),
    })
    .optional(),
  betterAuthRoutes: betterAuthRoutesSchema.optional(),
  meterProvider: z
    .custom<MeterProvider>(
      (v) => typeof v === 'object' && v !== null && typeof (v as MeterProvider).getMeter === 'function',
      'must be an OpenTelemetry MeterProvider (new MeterProvider() from @opentelemetry/sdk-metrics)',
    )
    .optional(),
  ...passThroughShape,
});

const FIXES: Record<string, string> = {
  secret:
    'generate one with `openssl rand -base64 32` and pass it from an environment variable (e.g. AUTH_SECRET)',
  baseURL: 'pass the public URL of this service, e.g. "https://auth.example.com" or "http://localhost:3001"',
  database: 'pass `await createDatabase(process.env.DATABASE_URL)`',
  basePath: 'use a path like "/api/v1/auth"',
  redis: 'pass an ioredis client: `new Redis(process.env.REDIS_URL)`',
  maxBodyBytes: 'pass the largest body your routes need, e.g. 16384 (the default) or 65536',
  'restApi.resetPasswordUrl':
    'pass the absolute URL of your page that asks for the new password, on baseURL or a trusted origin',
  'restApi.isTrustedServer': "pass a function, e.g. (request) => request.headers.get('x-api-key') === key",
  'absoluteSessionLifetime.rememberMeSeconds': 'pass seconds from sign-in, e.g. 2592000 (30 days)',
  'absoluteSessionLifetime.defaultSeconds': 'pass seconds from sign-in, e.g. 604800 (7 days)',
  'revocation.pruneIntervalMs': 'pass milliseconds, at least 1000, e.g. 300000',
  'revocation.onError': 'pass a function, e.g. (error) => logger.warn(error.message)',
  logger:
    'pass an object with error, warn and info methods taking (fields, msg), e.g. pino(); see docs/configuration.md, "Logging"',
  'clientIp.trustedProxies':
    'list the addresses or CIDRs of your own proxies only, e.g. ["10.0.0.0/8", "2001:db8::/32"]',
  'betterAuthRoutes.expose':
    'list paths below the base path, e.g. ["/update-user", "/callback/:id", "/two-factor/*"]',
  'clientIp.headers':
    'list the headers your trusted proxy writes (e.g. ["x-forwarded-for"]) and set clientIp.trustedProxies to its address; adapters pass the socket address by themselves',
};

/**
 * Validates a config object. Throws {@link ManaAuthConfigError} naming the first wrong field,
 * what is wrong and how to fix it; cross-field rules (Redis storage without Redis) too.
 */
export function validateConfig(input: unknown): ManaAuthConfig {
  refuseOwnedOptions(input);
  // A ManaLogger (pino, an adapter) is any object with the three methods: it is not parsed.
  const logger = (input as { logger?: unknown } | null)?.logger;
  const managedLogger = isManaLogger(logger) ? logger : undefined;
  const parsed = managedLogger ? { ...(input as object), logger: undefined } : input;
  const result = configSchema.safeParse(parsed);
  if (!result.success) {
    // A misspelt key usually explains a "missing" one: report it first.
    const issues = result.error.issues;
    const repeated = repeatedRegistryOption(input);
    if (repeated) throw repeated;
    const unknown = unknownOptionError(configSchema, input, issues);
    if (unknown) throw unknown;
    const issue = issues[0]!;
    const field = issue.path.join('.') || '(config)';
    const problem =
      issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    throw new ManaAuthConfigError(
      field,
      problem,
      FIXES[field] ??
        FIXES[field.replace(/\.\d+$/, '')] ??
        'see docs/configuration.md for the accepted values',
    );
  }
  const config = (managedLogger ? { ...result.data, logger: managedLogger } : result.data) as ManaAuthConfig;
  if (config.rateLimit?.storage === 'redis' && !config.redis) {
    throw new ManaAuthConfigError('rateLimit.storage', '"redis" needs the redis option', FIXES.redis!);
  }
  if (config.keyRotation && config.keyRotation.gracePeriodSeconds < (config.accessToken?.ttlSeconds ?? 900)) {
    throw new ManaAuthConfigError(
      'keyRotation.gracePeriodSeconds',
      'is shorter than the access-token lifetime, so tokens would stop verifying before they expire',
      'use a grace period of at least accessToken.ttlSeconds (900 by default)',
    );
  }
  checkPassThrough(config);
  return config;
}
