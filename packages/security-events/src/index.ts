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
export type { AuditKeyInput } from './integrity/audit-key.js';
export { auditKeyId, generateAuditKeyPair } from './integrity/audit-key.js';
export type { CanonicalEvent } from './integrity/canonical-event.js';
export type { AuditCheckpoint } from './integrity/checkpoint.js';
export { appendCheckpointFile, readCheckpointFile } from './integrity/checkpoint-file.js';
export type { CheckpointLineTarget, CheckpointWebhookOptions } from './integrity/checkpoint-sinks.js';
export { postCheckpoint, writeCheckpointLines } from './integrity/checkpoint-sinks.js';
export type { ErasureResult } from './integrity/erasure/erase-user-personal-data.js';
export {
  countUserPersonalData,
  eraseUserPersonalData,
} from './integrity/erasure/erase-user-personal-data.js';
export type { EraseUserOptions } from './integrity/erasure/erasure-options.js';
export { auditIntegrityMigrations, migrateAuditIntegrity } from './integrity/integrity-migrations.js';
export type { AuditIntegrityOptions } from './integrity/integrity-options.js';
export type { AuditProof } from './integrity/proof/audit-proof.js';
export { proveEvent } from './integrity/proof/prove-event.js';
export type { ProofVerdict } from './integrity/proof/verify-proof.js';
export { verifyProof } from './integrity/proof/verify-proof.js';
export type { AuditBoundary } from './integrity/retention/boundary.js';
export type { ChainedPurgeOptions } from './integrity/retention/chained-purge-options.js';
export type { ChainedPurgeResult } from './integrity/retention/purge-chained-events.js';
export { purgeChainedEvents } from './integrity/retention/purge-chained-events.js';
export { isChainedLog } from './integrity/retention/retention-tables.js';
export type {
  AuditDivergence,
  AuditDivergenceKind,
  AuditVerification,
} from './integrity/verify/audit-divergence.js';
export type { VerifyAuditLogOptions, VerifyProgress } from './integrity/verify/verify-audit-log.js';
export { verifyAuditLog } from './integrity/verify/verify-audit-log.js';
export { SECURITY_EVENTS_METER_NAME } from './metrics/security-events-metrics.js';
export type { Duration } from './queries/duration.js';
export { parseDurationText } from './queries/duration.js';
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
export type { ErasureSubject } from './service/erase-subject.js';
export { SecurityEventsService } from './service/security-events-service.js';
export type { SecurityEventsLimits, SecurityEventsOptions } from './service/service-options.js';
export type { SqlExecutor } from './sql-executor.js';
export type { StreamCheckpointStore } from './stream/checkpoint-file.js';
export { fileCheckpoint, memoryCheckpoint } from './stream/checkpoint-file.js';
export type { EventMapping } from './stream/event-mapping.js';
export { eventMapping } from './stream/event-mapping.js';
export { escapeCefHeader, escapeCefValue, formatCef } from './stream/formats/cef.js';
export { ECS_VERSION, formatEcs } from './stream/formats/ecs.js';
export { formatJsonLine } from './stream/formats/jsonl.js';
export { formatOcsf, OCSF_VERSION } from './stream/formats/ocsf.js';
export type { HttpSinkOptions } from './stream/http-sink.js';
export { httpSink } from './stream/http-sink.js';
export { syslogFrame } from './stream/rfc5424.js';
export type { SinkRetryOptions } from './stream/sink-retry.js';
export { streamAuditEvents } from './stream/stream-audit-events.js';
export type { EventFormatter, StreamFormat } from './stream/stream-format.js';
export { isStreamFormat, streamFormatters } from './stream/stream-format.js';
export type { StreamAuditEventsOptions, StreamProgress } from './stream/stream-options.js';
export type { RowPosition, StreamPosition } from './stream/stream-position.js';
export type { StreamBatch, StreamSink } from './stream/stream-sink.js';
export type { SyslogSinkOptions } from './stream/syslog-sink.js';
export { syslogSink } from './stream/syslog-sink.js';
export { writableSink } from './stream/writable-sink.js';
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
