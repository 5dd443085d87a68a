import type { BuiltInSecurityEventType, FailureEventType, securityEventTypes } from './event-types.js';
import type { SecurityEventMetadataInput } from './json-value.js';

type RuleOf<T extends string> = T extends BuiltInSecurityEventType
  ? (typeof securityEventTypes)[T]['userId']
  : 'optional';

/**
 * The `userId` field an event of type `T` must have, from its user-id rule.
 *
 * @example
 * ```ts
 * const field: UserIdField<'logout'> = { userId: 'u1' }; // required for logout
 * ```
 */
export type UserIdField<T extends string> =
  RuleOf<T> extends 'required'
    ? { /** The user the event is about. */ userId: string }
    : RuleOf<T> extends 'forbidden'
      ? { /** Events of this type never carry a user id. */ userId?: null }
      : { /** The user the event is about, when known. */ userId?: string | null };

/**
 * The `metadata` field an event of type `T` must have: failures carry a `reason`.
 *
 * @example
 * ```ts
 * const field: MetadataField<'login_failure'> = { metadata: { reason: 'invalid_credentials' } };
 * ```
 */
export type MetadataField<T extends string> = T extends FailureEventType
  ? {
      /** Failures say why, e.g. `{ reason: 'invalid_credentials' }`. */
      metadata: SecurityEventMetadataInput & { reason: string };
    }
  : {
      /** Anything worth keeping; sanitised and size-capped. */ metadata?: SecurityEventMetadataInput | null;
    };

/**
 * The fields every event has, whatever its type.
 *
 * @example
 * ```ts
 * const base: SecurityEventBase<'logout'> = { eventType: 'logout', ipAddress: '203.0.113.7' };
 * ```
 */
export interface SecurityEventBase<T extends string> {
  /** A built-in type, or one of the service's `customEventTypes`. */
  eventType: T;
  /** The client's IP address (stored per the `ipAddress` policy; a non-IP value becomes null). */
  ipAddress?: string | null;
  /** The client's `User-Agent` (control characters stripped, length capped). */
  userAgent?: string | null;
  /** When it happened; default now (microsecond-ordered within the process). */
  occurredAt?: Date;
}

/**
 * What `logEvent` takes, checked against the type's rules at compile time: `login_success`
 * needs a `userId`, `login_failure` may not have one and needs `metadata.reason`, and so on.
 *
 * @example
 * ```ts
 * const event: SecurityEventInput<'login_success'> = {
 *   eventType: 'login_success',
 *   userId: user.id,
 *   ipAddress: request.ip,
 *   userAgent: request.headers['user-agent'],
 *   metadata: { deviceId: dto.deviceId, rememberMe: dto.rememberMe },
 * };
 * ```
 */
export type SecurityEventInput<T extends string = string> = T extends string
  ? SecurityEventBase<T> & UserIdField<T> & MetadataField<T>
  : never;

/**
 * What `logEvent` resolves to: whether the event was queued for writing. A queued event is
 * written unless the service is closed before the database comes back (see `close()`).
 *
 * @example
 * ```ts
 * const result = await service.logEvent(event);
 * if (!result.queued) metrics.increment('audit.dropped', { reason: result.reason });
 * ```
 */
export type LogEventResult = { queued: true } | { queued: false; reason: 'queue_full' | 'closed' };
