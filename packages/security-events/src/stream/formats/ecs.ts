import type { SecurityEvent } from '../../queries/query-events.js';
import { eventDescription, eventMapping } from '../event-mapping.js';
import { STREAM_PRODUCT } from '../stream-product.js';
import { eventFields } from './event-fields.js';

/** The Elastic Common Schema version the records follow. */
export const ECS_VERSION = '8.11.0';

/**
 * One Elastic Common Schema document as a JSON line: `@timestamp`, `event.id` (for
 * de-duplication), `event.kind` `event`, `event.category`/`type`, `event.action` (the event type),
 * `event.outcome` (`success`/`failure`), `event.reason`, `event.severity`, `user.id`,
 * `user.email` (as stored: a pseudonym by default), `source.address` (as stored) plus
 * `source.ip` when it is a real address (a pseudonym in an `ip` field would make Elasticsearch
 * reject the document), `user_agent.original`, and the stored metadata under `mana_auth.metadata`.
 *
 * @example
 * ```ts
 * JSON.parse(formatEcs(event)).event.outcome; // 'failure'
 * ```
 */
export function formatEcs(event: SecurityEvent): string {
  const { reason, email, ipVersion } = eventFields(event);
  const mapping = eventMapping(event.eventType, reason !== undefined);
  const eventField: Record<string, unknown> = {
    id: event.id,
    kind: 'event',
    category: mapping.ecsCategory,
    type: mapping.ecsType,
    action: event.eventType,
    outcome: mapping.failure ? 'failure' : 'success',
    severity: mapping.severity,
    dataset: 'mana_auth.security_events',
    provider: STREAM_PRODUCT.name,
  };
  if (reason !== undefined) eventField.reason = reason;
  const document: Record<string, unknown> = {
    '@timestamp': event.createdAt.toISOString(),
    ecs: { version: ECS_VERSION },
    event: eventField,
    message: eventDescription(event.eventType),
    observer: {
      vendor: STREAM_PRODUCT.vendor,
      product: STREAM_PRODUCT.name,
      version: STREAM_PRODUCT.version,
    },
  };
  const user: Record<string, string> = {};
  if (event.userId) user.id = event.userId;
  if (email) user.email = email;
  if (Object.keys(user).length > 0) document.user = user;
  if (event.ipAddress)
    document.source = ipVersion
      ? { address: event.ipAddress, ip: event.ipAddress }
      : { address: event.ipAddress };
  if (event.userAgent) document.user_agent = { original: event.userAgent };
  if (event.metadata) document.mana_auth = { metadata: event.metadata };
  return JSON.stringify(document);
}
