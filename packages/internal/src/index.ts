// The shared internals of the @mana packages. Bundled into each published package by the tsup
// preset (tsup-preset.ts); never published on its own. List exports by name.
export type { ExpiringCache } from './cache/expiring-cache.js';
export { createExpiringCache } from './cache/expiring-cache.js';
export type { SqlCliSpec } from './cli/sql-cli.js';
export { runSqlCli, SQL_CLI_EXIT } from './cli/sql-cli.js';
export type { AccessTokenErrorCode, ManaErrorCode, SecureHeadersErrorCode } from './errors/error-codes.js';
export type { ManaErrorOptions } from './errors/mana-error.js';
export { ManaError } from './errors/mana-error.js';
export type {
  AccountLockedEvent,
  LockScope,
  ManaHooks,
  ManaHooksCarrier,
  RateLimitedEvent,
} from './hooks/mana-hooks.js';
export type {
  AccessTokenRefusalReason,
  AccessTokenRefusedEvent,
  OriginRefusedEvent,
} from './hooks/refusal-events.js';
export { accessTokenRefusalReason } from './hooks/refusal-events.js';
export { CookieJar } from './http/cookie-jar.js';
export type {
  FetchRequestOptions,
  NodeHandlerBridgeOptions,
  NodeMiddleware,
  NodeRequest,
} from './http/node-bridge.js';
export { isUnderBasePath, sendFetchResponse, toFetchRequest, toNodeHandler } from './http/node-bridge.js';
export { remoteAddressOf, setRemoteAddress } from './http/remote-address.js';
export { decodeBase64UrlStrict } from './jwt/base64url.js';
export type { JwsFailure, JwsFailureCode, ParsedJws } from './jwt/compact-jws.js';
export { FORBIDDEN_JWS_HEADERS, jwsFailure, parseCompactJws } from './jwt/compact-jws.js';
export type { Ed25519KeySet } from './jwt/ed25519-keys.js';
export { importEd25519Jwk, importEd25519KeySet } from './jwt/ed25519-keys.js';
export { verifyCompactJws } from './jwt/verify-compact-jws.js';
export { verifyJwsSignature } from './jwt/verify-jws-signature.js';
export type { LogAt, LogFields, ManaLog } from './logging/create-log.js';
export { createManaLog } from './logging/create-log.js';
export { jsonLineLogger } from './logging/json-line-logger.js';
export type { ManaLogFields, ManaLogger, ManaLogLevel, ManaLogMethod } from './logging/mana-logger.js';
export { isManaLogger } from './logging/mana-logger.js';
export { isSecretKey, REDACTED, redactText, redactValue } from './logging/redact.js';
export type { Migration, MigrationSet } from './migrations/migration.js';
export {
  CREATE_MIGRATIONS_TABLE,
  createMigrationsTable,
  LEGACY_MIGRATIONS_TABLE,
  MIGRATION_LOCK_KEY,
  MIGRATIONS_TABLE,
  migrationsTable,
} from './migrations/migration-constants.js';
export type { MigrationErrorFactory } from './migrations/migration-error.js';
export type { MigrationScriptOptions } from './migrations/migration-script.js';
export { migrationScript } from './migrations/migration-script.js';
export type { RunMigrationsOptions } from './migrations/run-migrations.js';
export { appliedMigrations, runMigrations } from './migrations/run-migrations.js';
export {
  DEFAULT_SCHEMA,
  migrationsForSchema,
  qualifiedTable,
  schemaNameProblem,
} from './migrations/schema-name.js';
export type { MigrationExecutor, RunSql, SqlRow } from './migrations/sql-session.js';
export { inTransaction, toRunSql } from './migrations/sql-session.js';
export { describeValue } from './options/describe-value.js';
export { closest, didYouMean } from './options/did-you-mean.js';
export type { RejectUnknownKeysOptions, UnknownKey } from './options/reject-unknown-keys.js';
export { findUnknownKey, rejectUnknownKeys } from './options/reject-unknown-keys.js';
