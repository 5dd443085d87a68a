export type { ManaLogFields, ManaLogger, ManaLogLevel, ManaLogMethod, Migration } from '@mana/internal';
export type { SecurityEventsErrorCode } from './errors.js';
export { SecurityEventsError } from './errors.js';
export type { RawEventInput } from './events/event-builder.js';
export type {
  LogEventResult,
  MetadataField,
  SecurityEventBase,
  SecurityEventInput,
  UserIdField,
} from './events/event-input.js';
export type {
  BuiltInSecurityEventType,
  FailureEventType,
  SecurityEventType,
  SecurityEventTypeInfo,
  UserIdRule,
} from './events/event-types.js';
export {
  isBuiltInEventType,
  securityEventTypes,
} from './events/event-types.js';
export type { EventValueClass } from './events/event-value.js';
export { HIGH_VALUE_EVENT_TYPES } from './events/event-value.js';
export type { IpAddressPolicy } from './events/ip-address.js';
export { ipAddressTransform, normalizeIpAddress } from './events/ip-address.js';
export type { JsonValue, SecurityEventMetadata, SecurityEventMetadataInput } from './events/json-value.js';
export type { SecurityEventsPrivacy } from './events/privacy.js';
export { SECURITY_EVENTS_METER_NAME } from './metrics/security-events-metrics.js';
export type { Duration } from './queries/duration.js';
export type { PurgeOptions, PurgeResult } from './queries/purge-events.js';
export type { SecurityEvent, SecurityEventsPage, SecurityEventsQuery } from './queries/query-events.js';
export type {
  MigrateSecurityEventsOptions,
  MigrateSecurityEventsResult,
  SecurityEventsMigrationsSqlOptions,
} from './schema/migrate-security-events.js';
export { migrateSecurityEvents, securityEventsMigrationsSql } from './schema/migrate-security-events.js';
export { securityEventsMigrations } from './schema/migrations.generated.js';
export type { SecurityEventRow } from './schema/security-events-table.js';
export { securityEvents, securityEventsTableFor } from './schema/security-events-table.js';
export { SecurityEventsService } from './service/security-events-service.js';
export type { SecurityEventsLimits, SecurityEventsOptions } from './service/service-options.js';
export type { SqlExecutor } from './sql-executor.js';
export type { DropReason } from './writer/drop-reporter.js';
export type {
  SecurityEventsLogEntry,
  SecurityEventsLogEvent,
  SecurityEventsLogger,
  SecurityEventsLoggerOption,
} from './writer/logger.js';
export { jsonLineLogger } from './writer/logger.js';
export type { FlushResult, SecurityEventsStats } from './writer/stats.js';
export type { WriterClock, WriterTimer } from './writer/writer-clock.js';
export { systemClock } from './writer/writer-clock.js';
