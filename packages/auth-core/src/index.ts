export type { ManaLogFields, ManaLogger, ManaLogLevel, ManaLogMethod, Migration } from '@mana/internal';
export { jsonLineLogger, remoteAddressOf, setRemoteAddress } from '@mana/internal';
export { clientIpResolverOf } from './client-ip/client-ip-of-auth.js';
export type { ClientIpResolver } from './client-ip/client-ip-resolver.js';
export type {
  AccessTokenConfig,
  ClientIpConfig,
  KeyRotationConfig,
  LoginLockoutConfig,
  ManaAuthConfig,
  RateLimitConfig,
  RateLimitRule,
  RateLimitStorage,
} from './config/auth-config.js';
export { validateConfig } from './config/auth-config.js';
export type {
  BetterAuthPassThroughConfig,
  ManaAdvancedConfig,
  ManaEmailVerificationConfig,
  ManaLoggerConfig,
  ManaSecretsConfig,
  ManaSocialProvidersConfig,
} from './config/better-auth-options.js';
export { warnAboutLegacyJwtEnv } from './config/legacy-env.js';
export type { MailKind, MailMessage, MailSender } from './config/mail-sender.js';
export {
  consoleMailSender,
  emailVerificationMessage,
  existingAccountMessage,
  passwordResetMessage,
} from './config/mail-sender.js';
export type { PluginTables } from './config/plugin-tables.js';
export type { RevocationConfig } from './config/revocation-config.js';
export type { RegistrationConfig } from './config/session-config.js';
export type { ManaAuth } from './create-auth.js';
export { createAuth } from './create-auth.js';
export type { AccessTokenClaims } from './create-auth-options.js';
export { createAuthOptions } from './create-auth-options.js';
export type { AuthTables } from './database/auth-tables.js';
export {
  accounts,
  authSchema,
  authTables,
  authTablesFor,
  jwks,
  loginFailures,
  rateLimits,
  revokedSessions,
  sessions,
  users,
  verifications,
} from './database/auth-tables.js';
export type {
  AuthDrizzle,
  CreateDatabaseOptions,
  DatabaseInput,
  DedicatedClient,
  ManaDatabase,
  SqlQuery,
} from './database/create-database.js';
export { createDatabase, redactUrl } from './database/create-database.js';
export type { MigrateOptions, MigrateResult, MigrationsSqlOptions } from './database/migrate.js';
export { migrate, migrationsSql } from './database/migrate.js';
export { authCoreMigrations } from './database/migrations.generated.js';
export type { ManaAuthConfigErrorCode } from './errors.js';
export { ManaAuthConfigError } from './errors.js';
export type { BetterAuthRoutesConfig } from './exposure/better-auth-routes.js';
export { DEFAULT_BETTER_AUTH_ROUTES } from './exposure/better-auth-routes.js';
export type { KeyChangeBroadcast } from './keys/announce-key-change.js';
export { announceKeyChange } from './keys/announce-key-change.js';
export type { ListSigningKeysOptions, SigningKeyInfo } from './keys/list-signing-keys.js';
export { listSigningKeys } from './keys/list-signing-keys.js';
export type { RevokeSigningKeyOptions, SigningKeyRevocation } from './keys/revoke-signing-key.js';
export { revokeSigningKey } from './keys/revoke-signing-key.js';
export type { RotateSigningKeyOptions, SigningKeyRotation } from './keys/rotate-signing-key.js';
export { rotateSigningKey } from './keys/rotate-signing-key.js';
export type { SigningKeyErrorCode } from './keys/signing-key-error.js';
export { SigningKeyError } from './keys/signing-key-error.js';
export type { SigningKeyState } from './keys/signing-key-state.js';
export type { AuthCoreLogEvent } from './logging/auth-log.js';
export type {
  AccessTokenRefusalReason,
  AccessTokenRefusedEvent,
  AccountLockedEvent,
  LockScope,
  ManaHooks,
  OriginRefusedEvent,
  RateLimitedEvent,
} from './mana-hooks.js';
export type { SessionCheckSource, SignInOutcome } from './metrics/auth-metrics.js';
export { AUTH_METER_NAME } from './metrics/auth-metrics.js';
export type {
  ListUserSessionsOptions,
  OperatorUser,
  RevokeSessionsOptions,
  RevokeSessionsResult,
  RevokeSessionsTarget,
  SessionAdminErrorCode,
  UserSessionInfo,
  UserSessions,
} from './operator/index.js';
export { findUser, listUserSessions, revokeSessions, SessionAdminError } from './operator/index.js';
export { LOGIN_LOCKOUT_DEFAULTS } from './rate-limits/login-lockout.js';
export { RATE_LIMIT_DEFAULTS } from './rate-limits/rate-limit.js';
export type { RequestFacts } from './refusal-reports/access-token-refusal.js';
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
export type {
  ManaRevocationRegistry,
  RevocationBroadcast,
  RevocationRegistryOptions,
} from './revocation/create-revocation-registry.js';
export { createRevocationRegistry, REVOCATION_CHANNEL } from './revocation/create-revocation-registry.js';
export type { ReconnectBackoff } from './revocation/reconnect-backoff.js';
export { RevocationSyncError } from './revocation/revocation-error.js';
export type { RevocationRegistry, RevokedSession } from './revocation/revocation-registry.js';
export type { AbsoluteSessionLifetimeConfig } from './sessions/absolute-lifetime.js';
export type { RedisLike } from './sessions/redis-storage.js';
export { redisSecondaryStorage } from './sessions/redis-storage.js';
export type { AuthFetchHandler, ManaAuthSettings } from './settings/auth-settings.js';
export {
  ACCESS_TOKEN_TTL_SECONDS,
  COOKIE_CACHE_MAX_AGE_SECONDS,
  DEFAULT_BASE_PATH,
  DEFAULT_PUBLISH_DELAY_SECONDS,
  JWKS_MAX_AGE_SECONDS,
  REMEMBER_ME_TTL_SECONDS,
  SESSION_TTL_SECONDS,
} from './settings/constants.js';
export type { AuthenticatedUser, RequestAuthenticatorOptions } from './tokens/request-authenticator.js';
export { createRequestAuthenticator } from './tokens/request-authenticator.js';
export type {
  AccessTokenErrorCode,
  AccessTokenPayload,
  CachedJwksOptions,
  JsonWebKeySet,
  JwksSource,
  PublicJwk,
  RemoteJwksOptions,
  SessionRevocationSource,
  VerifyAccessTokenOptions,
} from './verify.js';
export {
  AccessTokenError,
  cachedJwks,
  createAccessTokenVerifier,
  localJwks,
  remoteJwks,
  verifyAccessToken,
} from './verify.js';
export { AUTH_CORE_VERSION } from './version.js';
