import type { SecurityEvent } from '../../queries/query-events.js';

/**
 * Our own JSON line: the stored row, field for field (`id`, `eventType`, `createdAt` as ISO 8601,
 * `userId`, `ipAddress`, `userAgent`, `metadata`), pseudonyms as stored.
 *
 * @example
 * ```ts
 * formatJsonLine(event); // '{"id":"0194...","eventType":"logout","createdAt":"2025-...",...}'
 * ```
 */
export function formatJsonLine(event: SecurityEvent): string {
  return JSON.stringify({
    id: event.id,
    eventType: event.eventType,
    createdAt: event.createdAt.toISOString(),
    userId: event.userId,
    ipAddress: event.ipAddress,
    userAgent: event.userAgent,
    metadata: event.metadata,
  });
}
