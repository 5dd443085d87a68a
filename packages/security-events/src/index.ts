export type { Migration } from '@mana/internal';
export type { DropReason } from './drop-reporter.js';
export type { Duration } from './duration.js';
export type { SecurityEventsErrorCode } from './errors.js';
export { SecurityEventsError } from './errors.js';
export type { RawEventInput } from './event-builder.js';
export type {
  LogEventResult,
  MetadataField,
  SecurityEventBase,
  SecurityEventInput,
  UserIdField,
} from './event-input.js';
export type {
  BuiltInSecurityEventType,
  FailureEventType,
  SecurityEventType,
  SecurityEventTypeInfo,
  UserIdRule,
} from './event-types.js';
export {
  isBuiltInEventType,
  securityEventTypes,
} from './event-types.js';
export type { IpAddressPolicy } from './ip-address.js';
export { ipAddressTransform, normalizeIpAddress } from './ip-address.js';
export type { JsonValue, SecurityEventMetadata, SecurityEventMetadataInput } from './json-value.js';
export type { SecurityEventsLogEntry, SecurityEventsLogEvent, SecurityEventsLogger } from './logger.js';
export { jsonLineLogger } from './logger.js';
export type { MigrateSecurityEventsOptions, MigrateSecurityEventsResult } from './migrate-security-events.js';
export { migrateSecurityEvents } from './migrate-security-events.js';
export { securityEventsMigrations } from './migrations.generated.js';
export type { PurgeOptions, PurgeResult } from './purge-events.js';
export type { SecurityEvent, SecurityEventsPage, SecurityEventsQuery } from './query-events.js';
export type { SecurityEventRow } from './schema.js';
export { securityEvents } from './schema.js';
export { SecurityEventsService } from './security-events-service.js';
export type { SecurityEventsLimits, SecurityEventsOptions } from './service-options.js';
export type { SqlExecutor } from './sql-executor.js';
export type { FlushResult, SecurityEventsStats } from './stats.js';
export type { WriterClock, WriterTimer } from './writer-clock.js';
export { systemClock } from './writer-clock.js';
