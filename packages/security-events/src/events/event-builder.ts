import { SecurityEventsError } from '../errors.js';
import type { ResolvedOptions } from '../service/service-options.js';
import type { PendingEvent } from '../writer/insert-events.js';
import { microsToTimestamp, nowMicros, uuidv7 } from './event-clock.js';
import { isBuiltInEventType, securityEventTypes, type UserIdRule } from './event-types.js';
import { createMetadataSanitizer } from './sanitize-metadata.js';
import { sanitizeText } from './sanitize-text.js';
import { redactSecretsInText, secretKeyMatcher } from './secret-patterns.js';

/**
 * The loosely typed shape `logEvent` receives at run time.
 *
 * @example
 * ```ts
 * const event: RawEventInput = JSON.parse(line); // untyped input from elsewhere
 * service.record(event); // validated at run time
 * ```
 */
export interface RawEventInput {
  eventType?: unknown;
  userId?: unknown;
  ipAddress?: unknown;
  userAgent?: unknown;
  metadata?: unknown;
  occurredAt?: unknown;
}

/**
 * Metadata keys that hold an IP address and follow the `ipAddress` policy.
 *
 * @example
 * ```ts
 * IP_METADATA_KEYS.has('clientIpAddress'); // true
 * ```
 */
export const IP_METADATA_KEYS: ReadonlySet<string> = new Set(['clientIpAddress']);

/**
 * Metadata keys that hold an email address and follow the `privacy.emails` policy.
 *
 * @example
 * ```ts
 * EMAIL_METADATA_KEYS.has('email'); // true
 * ```
 */
export const EMAIL_METADATA_KEYS: ReadonlySet<string> = new Set(['email']);

/**
 * Builds the function that validates one event against its type's rules and turns it into
 * the row to insert (sanitised, with its id and timestamp). Throws `INVALID_EVENT` with what
 * to change when the event breaks a rule.
 *
 * @example
 * ```ts
 * const build = createEventBuilder(resolved);
 * const row = build({ eventType: 'logout', userId: 'u1' });
 * ```
 */
export function createEventBuilder(options: ResolvedOptions): (input: RawEventInput) => PendingEvent {
  const ipTransform = options.privacy.ip;
  const sanitizeMetadata = createMetadataSanitizer({
    maxBytes: options.limits.metadataBytes,
    maxStringLength: options.limits.metadataStringLength,
    maxDepth: options.limits.metadataDepth,
    maxEntries: options.limits.metadataEntries,
    isSecretKey: secretKeyMatcher(options.redactKeys),
    redaction: options.redaction,
    ipKeys: IP_METADATA_KEYS,
    ipTransform,
    emailKeys: EMAIL_METADATA_KEYS,
    emailTransform: options.privacy.email,
  });
  const { highValueEventTypes } = options;
  const { userAgentLength, userIdLength } = options.limits;

  return (input) => {
    if (input === null || typeof input !== 'object') {
      reject(`logEvent expects an object like { eventType: 'login_success', userId }, got ${typeof input}.`);
    }
    const type = eventTypeOf(input.eventType, options.customEventTypes);
    const rule: UserIdRule = isBuiltInEventType(type) ? securityEventTypes[type].userId : 'optional';
    const userId = userIdOf(input.userId, type, rule, userIdLength);
    const metadata = sanitizeMetadata(input.metadata);
    if (
      isBuiltInEventType(type) &&
      securityEventTypes[type].failure &&
      typeof metadata?.value.reason !== 'string'
    ) {
      reject(
        `"${type}" events need metadata.reason saying why it failed, e.g. { reason: 'invalid_credentials' }.`,
      );
    }
    const micros = occurredAtOf(input.occurredAt);
    const ip = typeof input.ipAddress === 'string' ? ipTransform(input.ipAddress) : null;
    // A user agent is the client's text: a token pasted into it is redacted like one in metadata.
    const userAgent =
      typeof input.userAgent === 'string' ? redactSecretsInText(input.userAgent) : input.userAgent;
    const agent = sanitizeText(userAgent, userAgentLength);
    // id, type, IP and timestamp only hold characters that need no JSON escaping.
    const json =
      `{"id":"${uuidv7(Math.floor(micros / 1000))}","u":${userId === null ? 'null' : JSON.stringify(userId)},` +
      `"t":"${type}","i":${ip === null ? 'null' : `"${ip}"`},"a":${agent === null ? 'null' : JSON.stringify(agent)},` +
      `"m":${metadata === null ? 'null' : metadata.json},"c":"${microsToTimestamp(micros)}"}`;
    return { u: userId, t: type, json, high: highValueEventTypes.has(type) };
  };
}

function reject(message: string): never {
  throw new SecurityEventsError('INVALID_EVENT', message);
}

function eventTypeOf(value: unknown, custom: ReadonlySet<string>): string {
  if (typeof value === 'string' && (isBuiltInEventType(value) || custom.has(value))) return value;
  const shown = typeof value === 'string' ? `"${value.slice(0, 64)}"` : String(value);
  reject(
    `Unknown eventType ${shown}. Use a built-in type (${Object.keys(securityEventTypes).join(', ')}) ` +
      'or declare it in the customEventTypes option.',
  );
}

function userIdOf(value: unknown, type: string, rule: UserIdRule, maxLength: number): string | null {
  const present = value !== undefined && value !== null && value !== '';
  if (rule === 'required' && !present) {
    reject(
      `"${type}" events need a userId (the user the event is about); got ${value === '' ? 'an empty string' : String(value)}.`,
    );
  }
  if (rule === 'forbidden' && present) {
    reject(
      `"${type}" events carry no userId: a failed or anonymous attempt is never tied to an account in the log. ` +
        'Leave userId out; put what identifies the attempt (e.g. the email tried) in metadata.',
    );
  }
  if (!present) return null;
  if (typeof value !== 'string' && typeof value !== 'number')
    reject(`userId must be a string, got ${typeof value}.`);
  const id = sanitizeText(value, maxLength + 1);
  if (id === null || id.length > maxLength) reject(`userId must be 1 to ${maxLength} printable characters.`);
  return id;
}

function occurredAtOf(value: unknown): number {
  if (value === undefined || value === null) return nowMicros();
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    reject('occurredAt must be a valid Date, or left out for now.');
  return value.getTime() * 1000;
}
