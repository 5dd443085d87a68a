export type { Migration } from '@mana/internal';
export type { AuthenticatedUser, RequestAuthenticatorOptions } from './authenticate.js';
export { createRequestAuthenticator } from './authenticate.js';
export type {
  AccessTokenConfig,
  ClientIpConfig,
  KeyRotationConfig,
  LoginLockoutConfig,
  ManaAuthConfig,
  RateLimitConfig,
  RateLimitRule,
  RateLimitStorage,
} from './config.js';
export { validateConfig } from './config.js';
export {
  ACCESS_TOKEN_TTL_SECONDS,
  COOKIE_CACHE_MAX_AGE_SECONDS,
  DEFAULT_BASE_PATH,
  REMEMBER_ME_TTL_SECONDS,
  SESSION_TTL_SECONDS,
} from './constants.js';
export type { ManaAuth } from './create-auth.js';
export { createAuth } from './create-auth.js';
export type { AccessTokenClaims } from './create-auth-options.js';
export { createAuthOptions } from './create-auth-options.js';
export type { AuthDrizzle, CreateDatabaseOptions, ManaDatabase, SqlQuery } from './database.js';
export { createDatabase, redactUrl } from './database.js';
export type { ManaAuthConfigErrorCode } from './errors.js';
export { ManaAuthConfigError } from './errors.js';
export { warnAboutLegacyJwtEnv } from './legacy-env.js';
export { LOGIN_LOCKOUT_DEFAULTS } from './login-lockout.js';
export type { MailMessage, MailSender } from './mail-sender.js';
export { consoleMailSender, passwordResetMessage } from './mail-sender.js';
export type { AccountLockedEvent, ManaHooks, RateLimitedEvent } from './mana-hooks.js';
export type { MigrateOptions, MigrateResult } from './migrate.js';
export { migrate } from './migrate.js';
export { authCoreMigrations } from './migrations.generated.js';
export { RATE_LIMIT_DEFAULTS } from './rate-limit.js';
export type { RedisLike } from './redis-storage.js';
export { redisSecondaryStorage } from './redis-storage.js';
export type {
  AccessTokenResponse,
  ApiErrorBody,
  ApiErrorCode,
  ApiErrorDetail,
  AuthApiOptions,
  ForgotPasswordResponse,
  HealthResponse,
  JsonObject,
  LoginResponse,
  OpenApiDocument,
  RestApiConfig,
  SessionResponse,
  SessionsResponse,
  SessionView,
  SuccessResponse,
  UserView,
} from './rest-api/index.js';
export { createAuthApi, MAX_BODY_BYTES, REST_API_PLUGIN_ID } from './rest-api/index.js';
export * from './schema.js';
export type { AuthFetchHandler, ManaAuthSettings } from './settings/auth-settings.js';
export * from './verify.js';
export { AUTH_CORE_VERSION } from './version.js';
