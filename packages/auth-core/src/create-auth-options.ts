import { randomUUID } from 'node:crypto';
import { isManaLogger, type ManaLog } from '@mana/internal';
import type { BetterAuthOptions, BetterAuthPlugin } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { betterAuthIpAddressOptions } from './client-ip/client-ip-handler.js';
import { type ManaAuthConfig, validateConfig } from './config/auth-config.js';
import { passThroughOptions, resetPasswordSender } from './config/better-auth-options.js';
import { legacyJwtEnvWarning } from './config/legacy-env.js';
import { existingAccountMessage, sendInBackground } from './config/mail-sender.js';
import { checkPluginTables } from './config/plugin-tables.js';
import { uniformRegistration } from './config/session-config.js';
import { authLogPlugin, betterAuthErrorHook, betterAuthLogger, createAuthLog } from './logging/auth-log.js';
import { createAuthMetrics } from './metrics/auth-metrics.js';
import { metricsPlugin } from './metrics/metrics-plugin.js';
import { databaseFailureCounter, redisFailureCounter } from './rate-limits/failure-counter.js';
import { countingStorage } from './rate-limits/limiter-counts.js';
import { loginLockoutPlugin, resolveLockoutLimits } from './rate-limits/login-lockout.js';
import { rateLimitOptions } from './rate-limits/rate-limit.js';
import { resolveRestApi } from './rest-api/rest-api-options.js';
import { restApiPlugin } from './rest-api/rest-api-plugin.js';
import { createRevocationRegistry } from './revocation/create-revocation-registry.js';
import { revocationPlugin } from './revocation/revocation-plugin.js';
import {
  absoluteLifetimePlugin,
  refreshCanExtend,
  resolveAbsoluteLifetime,
} from './sessions/absolute-lifetime.js';
import {
  secondaryStorageWithAbsoluteLifetime,
  withAbsoluteLifetime,
} from './sessions/absolute-lifetime-storage.js';
import { hostCookieOptions } from './sessions/host-cookies.js';
import { passwordChangePolicyPlugin } from './sessions/password-change-policy.js';
import { previousSecretsPlugin } from './sessions/previous-secrets.js';
import { redisSecondaryStorage } from './sessions/redis-storage.js';
import { rememberMeDatabaseHooks, rememberMePlugin } from './sessions/remember-me.js';
import { revokedSessionCookiesPlugin } from './sessions/revoked-session-cookies.js';
import { tokenRevocationPlugin } from './sessions/token-revocation.js';
import { type ManaAuthSettings, resolveSettings } from './settings/auth-settings.js';
import { SESSION_TTL_SECONDS, SESSION_UPDATE_AGE_SECONDS } from './settings/constants.js';
import { accessTokenPlugin } from './tokens/access-token-plugin.js';
import {
  createSigningKeyStore,
  registerSigningKeyStore,
  type SigningKeyStore,
} from './tokens/signing-keys.js';

/**
 * Claims of an access token besides `iss`, `aud`, `sub`, `iat` and `exp`. Its header carries
 * `typ: at+jwt`.
 */
export interface AccessTokenClaims {
  email: string;
  name: string;
  email_verified: boolean;
  /** The session it was minted from (`auth.sessions.id`): revoking the session revokes the token. */
  sid: string;
  /** A random id, unique per token. */
  jti: string;
}

function jwtPlugin(config: ManaAuthConfig, settings: ManaAuthSettings, keys: SigningKeyStore) {
  const rotation = config.keyRotation || undefined;
  const plugin = accessTokenPlugin({
    jwks: {
      // The only algorithm: Ed25519. Not configurable (algorithm-confusion defence).
      keyPairConfig: { alg: 'EdDSA', crv: 'Ed25519' },
      ...(rotation
        ? { rotationInterval: rotation.intervalSeconds, gracePeriod: rotation.gracePeriodSeconds }
        : {}),
    },
    jwt: {
      issuer: settings.issuer,
      audience: settings.audience as string | string[],
      expirationTime: `${settings.accessTokenTtlSeconds}s`,
      definePayload: ({ user, session }): AccessTokenClaims => ({
        email: user.email,
        name: user.name,
        email_verified: user.emailVerified,
        sid: session.id,
        jti: randomUUID(),
      }),
    },
    disableSettingJwtHeader: !config.exposeJwtHeader,
    adapter: {
      getJwks: (ctx) => keys.getJwks(ctx),
      createJwk: (data) => keys.createJwk(data),
    },
  });
  // createAuth finds the store here for the in-memory JWKS (tokens/jwks-cache.ts).
  return registerSigningKeyStore(plugin, keys);
}

/** With `secrets`, every secret that still verifies but no longer signs (`secret` included). */
function previousSecrets(config: ManaAuthConfig): string[] {
  const [current, ...older] = (config.secrets ?? []).map((entry) => entry.value);
  return [...new Set([...older, config.secret])].filter((secret) => secret !== current);
}

function lockoutPlugins(config: ManaAuthConfig, log: ManaLog): BetterAuthPlugin[] {
  if (config.loginLockout === false) return [];
  const counter = config.redis
    ? redisFailureCounter(config.redis, config.redisKeyPrefix ?? 'mana-auth:')
    : databaseFailureCounter(config.database, { log });
  return [
    loginLockoutPlugin({
      ...resolveLockoutLimits(config.loginLockout),
      counter,
      secret: config.secret,
      previousSecrets: previousSecrets(config),
    }),
  ];
}

/**
 * Uniform registration answers (`registration.uniformResponse`): Better Auth's own generic
 * duplicate answer (no auto sign-in, the password hashed for a taken email too, a synthetic
 * user), and an `existing-account` email to the owner of a taken address.
 */
function registrationOptions(config: ManaAuthConfig, appName: string, log: ManaLog) {
  if (!uniformRegistration(config)) return {};
  const send = config.mailSender;
  const origin = new URL(config.baseURL).origin;
  return {
    autoSignIn: false,
    ...(send
      ? {
          onExistingUserSignUp: async ({ user }: { user: { email: string } }) => {
            sendInBackground(send, existingAccountMessage(user.email, origin, appName), log);
          },
        }
      : {}),
  };
}

/**
 * Builds the Better Auth options for `config`, for users who call `betterAuth()` themselves.
 * Validates `config` first (see {@link ManaAuthConfig}); throws `ManaAuthConfigError`. The REST
 * API endpoints (docs/api.md) are among the plugins; their HTTP details (405, HEAD, body limits,
 * the error shape of failures outside an endpoint) come with `createAuth`'s handler.
 *
 * @example
 * ```ts
 * import { betterAuth } from 'better-auth';
 * const options = createAuthOptions({ database, secret: process.env.AUTH_SECRET!, baseURL: 'http://localhost:3001' });
 * export const auth = betterAuth(options);
 * ```
 */
export function createAuthOptions(input: ManaAuthConfig) {
  const config = validateConfig(input);
  // One log per instance: every entry of this instance goes to `logger` (logging/auth-log.ts).
  const logger = isManaLogger(config.logger) ? config.logger : undefined;
  const log = createAuthLog(logger);
  legacyJwtEnvWarning(log);
  const settings = resolveSettings(config);
  const lifetime = resolveAbsoluteLifetime(config.absoluteSessionLifetime);
  // Counting outermost: it is the object Better Auth is given, which createAuth looks its counts
  // up by, so allowed answers can say how many requests are left (rate-limits/limiter-counts.ts).
  const secondaryStorage = config.redis
    ? countingStorage(
        secondaryStorageWithAbsoluteLifetime(
          redisSecondaryStorage(config.redis, config.redisKeyPrefix),
          lifetime,
        ),
      )
    : undefined;
  const keys = createSigningKeyStore(config.database, {
    ...(config.keyRotation ? { gracePeriodSeconds: config.keyRotation.gracePeriodSeconds } : {}),
  });
  // One per instance (`auth.revocations`); closed with `auth.revocations.close()` or the database.
  const revocations = createRevocationRegistry({
    ...config.revocation,
    ...(logger ? { logger } : {}),
    database: config.database,
    ...(config.redis ? { redis: config.redis, redisKeyPrefix: config.redisKeyPrefix ?? 'mana-auth:' } : {}),
  });
  // A key rotated or revoked anywhere (another instance, the CLI) is re-read here at once.
  revocations.onKeysChanged(() => keys.invalidate());
  const onRevocationError = config.revocation?.onError;
  const passThrough = passThroughOptions(config, log);
  checkPluginTables(config.pluginTables, config.database.tables);
  return {
    ...passThrough,
    baseURL: config.baseURL,
    basePath: settings.basePath,
    secret: config.secret,
    trustedOrigins: config.trustedOrigins ?? [],
    telemetry: { enabled: false },
    // Better Auth's own lines go through the same redacting log, unless its legacy config was given.
    logger: passThrough.logger ?? betterAuthLogger(log),
    // Thrown errors are logged (redacted) by us, not printed by Better Auth's router.
    onAPIError: { onError: betterAuthErrorHook(log) },
    // Every session read is capped at its absolute deadline (sessions/absolute-lifetime.ts).
    database: withAbsoluteLifetime(
      drizzleAdapter(config.database.db, {
        provider: 'pg',
        schema: { ...config.database.tables, ...config.pluginTables },
      }),
      lifetime,
    ),
    ...(secondaryStorage ? { secondaryStorage } : {}),
    user: { modelName: 'users' },
    account: { modelName: 'accounts' },
    verification: { modelName: 'verifications' },
    session: {
      modelName: 'sessions',
      expiresIn: SESSION_TTL_SECONDS,
      updateAge: SESSION_UPDATE_AGE_SECONDS,
      // Sliding refresh only where it can extend a session (sessions/absolute-lifetime.ts).
      disableSessionRefresh: !refreshCanExtend(lifetime),
      // Sessions stay in PostgreSQL (the remember_me column) even when Redis is configured.
      storeSessionInDatabase: true,
      additionalFields: {
        rememberMe: { type: 'boolean', required: false, defaultValue: false, input: false },
      },
      // JWE: the cached session is encrypted, not only signed. Better Auth turns
      // `refreshCache` off when a database is configured, so it is not set here.
      cookieCache: {
        enabled: true,
        strategy: 'jwe',
        maxAge: settings.cookieCacheMaxAgeSeconds,
      },
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: config.minPasswordLength ?? 12,
      maxPasswordLength: 128,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 3600,
      requireEmailVerification: config.requireEmailVerification ?? false,
      ...registrationOptions(config, passThrough.appName, log),
      ...(config.mailSender
        ? { sendResetPassword: resetPasswordSender(config.mailSender, passThrough.appName, log) }
        : {}),
    },
    rateLimit: rateLimitOptions(config.rateLimit, Boolean(config.redis)),
    advanced: {
      // `__Host-` cookie names over https (sessions/host-cookies.ts).
      ...hostCookieOptions(config.baseURL, passThrough.advanced),
      // Better Auth skips its Origin/CSRF check when NODE_ENV=test; keep it on everywhere so
      // tests see what production does.
      disableOriginCheck: false,
      // A random internal header that createAuth's handler fills from the socket (client-ip/).
      ipAddress: betterAuthIpAddressOptions(),
    },
    databaseHooks: rememberMeDatabaseHooks(lifetime),
    plugins: [
      // Carries the log to code that only sees Better Auth's options (REST API, hook observers).
      authLogPlugin(log),
      // Before anything reads the session cookie: one signed with a rotated-out secret is re-signed.
      ...(config.secrets ? [previousSecretsPlugin(previousSecrets(config))] : []),
      // First: a revoked session's cookies are gone before any other hook or endpoint reads them.
      revokedSessionCookiesPlugin(revocations),
      jwtPlugin(config, settings, keys),
      rememberMePlugin(),
      absoluteLifetimePlugin(lifetime),
      passwordChangePolicyPlugin(config.passwordChange),
      revocationPlugin(revocations, {
        settings,
        log,
        ...(onRevocationError ? { onError: onRevocationError } : {}),
      }),
      tokenRevocationPlugin(),
      ...lockoutPlugins(config, log),
      restApiPlugin(resolveRestApi(config.restApi, settings, config.database)),
      metricsPlugin(createAuthMetrics(config.meterProvider)),
      ...(config.plugins ?? []),
    ],
  } satisfies BetterAuthOptions;
}
