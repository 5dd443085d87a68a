import { type ManaLogger, qualifiedTable } from '@mana/internal';
import type { MeterProvider } from '@opentelemetry/api';
import { invalidOption, rejectUnknownOptions } from '../errors.js';
import { CUSTOM_EVENT_TYPE_PATTERN, isBuiltInEventType } from '../events/event-types.js';
import { HIGH_VALUE_EVENT_TYPES } from '../events/event-value.js';
import type { IpAddressPolicy } from '../events/ip-address.js';
import { type ResolvedPrivacy, resolvePrivacy, type SecurityEventsPrivacy } from '../events/privacy.js';
import {
  type AuditIntegrityOptions,
  type ResolvedIntegrity,
  resolveIntegrity,
} from '../integrity/integrity-options.js';
import { resolveMeterProvider } from '../metrics/security-events-metrics.js';
import { resolveSchema } from '../schema/events-table-name.js';
import { isSqlExecutor, type SqlExecutor } from '../sql-executor.js';
import type { BatchWriterSettings } from '../writer/batch-writer.js';
import { resolveLogger, type SecurityEventsLoggerOption } from '../writer/logger.js';
import { systemClock, type WriterClock } from '../writer/writer-clock.js';

/**
 * Size limits applied to every event before it is queued.
 *
 * @example
 * ```ts
 * const limits: SecurityEventsLimits = { userAgentLength: 256, metadataBytes: 4096 };
 * ```
 */
export interface SecurityEventsLimits {
  /** Longest stored user agent, in characters. Default 512. */
  userAgentLength?: number;
  /** Longest user id, in characters; a longer one is refused. Default 255. */
  userIdLength?: number;
  /** Largest serialised metadata, in UTF-8 bytes; whole entries beyond are cut. Default 8192. */
  metadataBytes?: number;
  /** Longest string value inside metadata, in characters. Default 1024. */
  metadataStringLength?: number;
  /** Deepest nesting inside metadata. Default 5. */
  metadataDepth?: number;
  /** Most keys per object (and items per array) inside metadata. Default 50. */
  metadataEntries?: number;
}

/**
 * Options of {@link SecurityEventsService}. Only `database` is required.
 *
 * @example
 * ```ts
 * const service = new SecurityEventsService({
 *   database: pool,
 *   customEventTypes: ['api_key_created'],
 *   ipAddress: 'truncate',
 *   logger: pino(),
 * });
 * ```
 */
export interface SecurityEventsOptions<TCustom extends string = never> {
  /** Where events go: a `pg.Pool`, a PGlite instance or `@mana/auth-core`'s `ManaDatabase`. */
  database: SqlExecutor;
  /**
   * The Postgres schema of the `security_events` table. Default: the `schema` of a `ManaDatabase`
   * passed as `database` (its `createDatabase({ schema })`), else `auth`. A lowercase SQL
   * identifier, e.g. `identity`.
   */
  schema?: string;
  /** Your own event types, accepted besides the built-in ones (`a-z`, `0-9`, `_ . : -`). */
  customEventTypes?: readonly TCustom[];
  /** Most events per INSERT. Default 500. */
  batchSize?: number;
  /** Longest time an event waits before its batch is written, in ms. Default 200. */
  flushIntervalMs?: number;
  /** Most events held in memory (waiting or being written); beyond it new ones are dropped. Default 100,000. */
  maxQueueSize?: number;
  /**
   * Most UTF-8 bytes of events held in memory (waiting or being written); beyond it new ones are
   * dropped. Bounds memory whatever the events' size. Default 33,554,432 (32 MiB).
   */
  maxQueueBytes?: number;
  /**
   * Share (0 to 0.9) of `maxQueueSize` and `maxQueueBytes` that only high-value events may use
   * (sign-in and sign-up success, logout, password change and reset, lockouts, session
   * revocation, account changes: `HIGH_VALUE_EVENT_TYPES` plus `highValueEventTypes`). A flood of
   * failed sign-ins or refusals then cannot push a genuine high-value event out. Default 0.25.
   */
  reservedQueueShare?: number;
  /** Your own event types that count as high-value (see `reservedQueueShare`). Default none. */
  highValueEventTypes?: readonly TCustom[];
  /** Most INSERTs in flight at once (pool connections used). Default 2. */
  maxConcurrentWrites?: number;
  /** Backoff of failed writes: first delay and cap, in ms. Default 100 and 5,000. */
  retry?: { initialDelayMs?: number; maxDelayMs?: number };
  /** A write that takes longer is abandoned and retried (ids make that safe), in ms. Default 15,000. */
  writeTimeoutMs?: number;
  /** How long `close()` keeps trying to write what is queued, in ms. Default 10,000. */
  closeTimeoutMs?: number;
  /**
   * How emails (`metadata.email`) and IP addresses (the `ip_address` column and
   * `metadata.clientIpAddress`) are stored. Default: both as keyed pseudonyms (HMAC-SHA-256,
   * `hmac:` + 22 base64url characters). See {@link SecurityEventsPrivacy}.
   */
  privacy?: SecurityEventsPrivacy;
  /**
   * @deprecated Use `privacy: { ipAddresses }` (`'full'` is `'raw'`, `{ hashKey }` is
   * `privacy: { ipAddresses: 'hash', hashKey }`). When set, it decides how IPs are stored.
   */
  ipAddress?: IpAddressPolicy;
  /** Size limits. */
  limits?: SecurityEventsLimits;
  /** More metadata keys to treat as secrets, besides password, token, secret, cookie, ... */
  redactKeys?: ReadonlyArray<string | RegExp>;
  /** `'redact'` (default) keeps a secret key with the value `'[REDACTED]'`; `'drop'` removes it. */
  redaction?: 'redact' | 'drop';
  /**
   * Receives the service's log entries (`write_failed`, `write_recovered`, `events_dropped`,
   * `event_rejected`, `close_timeout`), redacted: a {@link ManaLogger} such as `pino()` (the
   * shape every `@mana/*` package takes), or `false` to silence them. The old function form
   * `(entry) => void` still works (deprecated). Default: `jsonLineLogger('@mana/security-events')`,
   * one JSON line per entry on stderr.
   */
  logger?: SecurityEventsLoggerOption;
  /** Time source of the writer (flush interval, retry backoff, timeouts); default the system clock. Tests pass their own. */
  clock?: WriterClock;
  /**
   * Where the audit writer's metrics go (README, "Metrics"): an OpenTelemetry `MeterProvider`.
   * Default: the global provider registered before the service is constructed, else none.
   */
  meterProvider?: MeterProvider;
  /**
   * A tamper-evident log: chained batches, signed checkpoints (see {@link AuditIntegrityOptions}
   * and docs/audit-integrity.md). Default off: plain rows, exactly as without it.
   */
  integrity?: AuditIntegrityOptions;
}

/**
 * Every key of {@link SecurityEventsOptions}; `satisfies` keeps the list in step with the
 * interface (a new option that is not listed here fails the typecheck).
 *
 * @example
 * ```ts
 * rejectUnknownOptions(options, SERVICE_OPTION_KEYS, 'SecurityEventsService');
 * ```
 */
export const SERVICE_OPTION_KEYS: readonly string[] = Object.keys({
  database: true,
  schema: true,
  customEventTypes: true,
  batchSize: true,
  flushIntervalMs: true,
  maxQueueSize: true,
  maxQueueBytes: true,
  reservedQueueShare: true,
  highValueEventTypes: true,
  maxConcurrentWrites: true,
  retry: true,
  writeTimeoutMs: true,
  closeTimeoutMs: true,
  privacy: true,
  ipAddress: true,
  limits: true,
  redactKeys: true,
  redaction: true,
  logger: true,
  clock: true,
  meterProvider: true,
  integrity: true,
} satisfies Record<keyof SecurityEventsOptions, true>);

const RETRY_KEYS = Object.keys({ initialDelayMs: true, maxDelayMs: true } satisfies Record<
  keyof NonNullable<SecurityEventsOptions['retry']>,
  true
>);

const LIMIT_KEYS = Object.keys({
  userAgentLength: true,
  userIdLength: true,
  metadataBytes: true,
  metadataStringLength: true,
  metadataDepth: true,
  metadataEntries: true,
} satisfies Record<keyof SecurityEventsLimits, true>);

/**
 * Every option with its default applied and validated: the batch writer's settings (batch size,
 * intervals, retries, timeouts, logger) and the service's own.
 *
 * @example
 * ```ts
 * const { batchSize, flushIntervalMs }: ResolvedOptions = resolveOptions({ database: pool });
 * ```
 */
export interface ResolvedOptions extends Omit<BatchWriterSettings, 'run' | 'clock' | 'table' | 'integrity'> {
  database: SqlExecutor;
  /** The Postgres schema of the tables. */
  schema: string;
  /** The validated `integrity` option, or undefined when it is off. */
  integrity: ResolvedIntegrity | undefined;
  /** `"<schema>".security_events`. */
  table: string;
  customEventTypes: ReadonlySet<string>;
  /** Built-in and configured high-value event types. */
  highValueEventTypes: ReadonlySet<string>;
  closeTimeoutMs: number;
  privacy: ResolvedPrivacy;
  limits: Required<SecurityEventsLimits>;
  redactKeys: ReadonlyArray<string | RegExp>;
  redaction: 'redact' | 'drop';
  clock: WriterClock;
  meterProvider: MeterProvider | undefined;
}

/**
 * Validates the options once and applies the defaults; every error names the option, the bad
 * value and what to pass instead.
 *
 * @example
 * ```ts
 * const resolved = resolveOptions({ database: pool, batchSize: 1000 });
 * ```
 */
export function resolveOptions<TCustom extends string>(
  options: SecurityEventsOptions<TCustom>,
): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    invalidOption('options', options, 'Pass an object: new SecurityEventsService({ database: pool }).');
  }
  if (!isSqlExecutor(options.database)) {
    invalidOption(
      'database',
      options.database,
      'Pass a pg.Pool, a PGlite instance or a ManaDatabase (anything with query(text, params)).',
    );
  }
  rejectUnknownOptions(options, SERVICE_OPTION_KEYS, 'SecurityEventsService');
  const limits = nested(options.limits, LIMIT_KEYS, 'limits');
  const retry = nested(options.retry, RETRY_KEYS, 'retry');
  const customEventTypes = resolveCustomTypes(options.customEventTypes);
  const schema = resolveSchema(options.schema, options.database);
  return {
    database: options.database,
    schema,
    integrity: options.integrity === undefined ? undefined : resolveIntegrity(options.integrity),
    table: qualifiedTable(schema, 'security_events'),
    customEventTypes,
    highValueEventTypes: resolveHighValueTypes(options.highValueEventTypes, customEventTypes),
    batchSize: int('batchSize', options.batchSize, 500, 1, 10_000),
    flushIntervalMs: int('flushIntervalMs', options.flushIntervalMs, 200, 1, 60_000),
    maxQueueSize: int('maxQueueSize', options.maxQueueSize, 100_000, 1, 10_000_000),
    maxQueueBytes: int('maxQueueBytes', options.maxQueueBytes, 32 * 1024 * 1024, 1024, 2 ** 31),
    reservedShare: share(options.reservedQueueShare),
    maxConcurrentWrites: int('maxConcurrentWrites', options.maxConcurrentWrites, 2, 1, 64),
    retryInitialDelayMs: int('retry.initialDelayMs', retry.initialDelayMs, 100, 1, 60_000),
    retryMaxDelayMs: int('retry.maxDelayMs', retry.maxDelayMs, 5_000, 1, 3_600_000),
    writeTimeoutMs: int('writeTimeoutMs', options.writeTimeoutMs, 15_000, 100, 3_600_000),
    closeTimeoutMs: int('closeTimeoutMs', options.closeTimeoutMs, 10_000, 0, 3_600_000),
    privacy: resolvePrivacy(options.privacy, options.ipAddress),
    limits: {
      userAgentLength: int('limits.userAgentLength', limits.userAgentLength, 512, 16, 8192),
      userIdLength: int('limits.userIdLength', limits.userIdLength, 255, 1, 1024),
      metadataBytes: int('limits.metadataBytes', limits.metadataBytes, 8192, 64, 1_048_576),
      metadataStringLength: int('limits.metadataStringLength', limits.metadataStringLength, 1024, 8, 65_536),
      metadataDepth: int('limits.metadataDepth', limits.metadataDepth, 5, 1, 32),
      metadataEntries: int('limits.metadataEntries', limits.metadataEntries, 50, 1, 10_000),
    },
    redactKeys: resolveRedactKeys(options.redactKeys),
    redaction: resolveRedaction(options.redaction),
    logger: resolveLogger(options.logger),
    clock: resolveClock(options.clock),
    meterProvider: resolveMeterProvider(options.meterProvider),
  };
}

/** A nested options object (`limits`, `retry`): an object with known keys only, or `{}`. */
function nested<T extends object>(value: T | undefined, known: readonly string[], name: string): Partial<T> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    invalidOption(name, value, `Pass an object with any of: ${known.join(', ')}.`);
  }
  rejectUnknownOptions(value, known, 'SecurityEventsService', name);
  return value;
}

function int(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    invalidOption(name, value, `Use a whole number from ${min} to ${max}, or leave it out for ${fallback}.`);
  }
  return value;
}

function resolveCustomTypes(types: readonly string[] | undefined): ReadonlySet<string> {
  if (types === undefined) return new Set();
  if (!Array.isArray(types))
    invalidOption('customEventTypes', types, "Pass an array of names, e.g. ['api_key_created'].");
  for (const type of types) {
    if (typeof type !== 'string' || !CUSTOM_EVENT_TYPE_PATTERN.test(type)) {
      invalidOption(
        'customEventTypes',
        type,
        'Use 1-64 characters: a lower-case letter, then a-z, 0-9, _ . : -',
      );
    }
    if (isBuiltInEventType(type)) {
      invalidOption(
        'customEventTypes',
        type,
        'This is a built-in event type already; remove it from customEventTypes.',
      );
    }
  }
  return new Set(types);
}

function share(value: number | undefined): number {
  if (value === undefined) return 0.25;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 0.9) {
    invalidOption('reservedQueueShare', value, 'Use a fraction from 0 to 0.9, or leave it out for 0.25.');
  }
  return value;
}

function resolveHighValueTypes(
  types: readonly string[] | undefined,
  custom: ReadonlySet<string>,
): ReadonlySet<string> {
  if (types === undefined) return HIGH_VALUE_EVENT_TYPES;
  if (!Array.isArray(types) || types.some((type) => typeof type !== 'string' || !custom.has(type))) {
    invalidOption(
      'highValueEventTypes',
      types,
      'Pass an array of your custom event types (declared in customEventTypes); built-in ones are classified already.',
    );
  }
  return new Set([...HIGH_VALUE_EVENT_TYPES, ...types]);
}

function resolveRedactKeys(keys: ReadonlyArray<string | RegExp> | undefined): ReadonlyArray<string | RegExp> {
  if (keys === undefined) return [];
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string' && !(k instanceof RegExp))) {
    invalidOption(
      'redactKeys',
      keys,
      "Pass an array of key names or regular expressions, e.g. ['ssn', /^x-api-/i].",
    );
  }
  return keys;
}

function resolveRedaction(value: 'redact' | 'drop' | undefined): 'redact' | 'drop' {
  if (value === undefined) return 'redact';
  if (value !== 'redact' && value !== 'drop') invalidOption('redaction', value, "Use 'redact' or 'drop'.");
  return value;
}

function resolveClock(clock: WriterClock | undefined): WriterClock {
  if (clock === undefined) return systemClock;
  if (typeof clock?.now !== 'function' || typeof clock.setTimer !== 'function') {
    invalidOption(
      'clock',
      clock,
      'Pass an object with now() and setTimer(callback, ms), or leave clock out.',
    );
  }
  return clock;
}
