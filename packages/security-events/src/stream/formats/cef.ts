import type { SecurityEvent } from '../../queries/query-events.js';
import { eventDescription, eventMapping } from '../event-mapping.js';
import { STREAM_PRODUCT } from '../stream-product.js';
import { eventFields } from './event-fields.js';

// CEF severity 0-10 from our 1-4 scale.
const CEF_SEVERITY = [0, 3, 5, 7, 9] as const;

/**
 * Escapes a CEF header field: `\` and `|` get a backslash; a line break becomes a space (the
 * header may not hold one).
 *
 * @example
 * ```ts
 * escapeCefHeader('a|b'); // 'a\\|b'
 * ```
 */
export function escapeCefHeader(value: string): string {
  return value.replace(/[\\|]/g, (c) => `\\${c}`).replace(/\r\n|[\r\n]/g, ' ');
}

/**
 * Escapes a CEF extension value: `\` and `=` get a backslash, line breaks become `\n` / `\r`.
 *
 * @example
 * ```ts
 * escapeCefValue('a=b\nc'); // 'a\\=b\\nc'
 * ```
 */
export function escapeCefValue(value: string): string {
  return value.replace(/[\\=\r\n]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\${c}`));
}

/**
 * One ArcSight CEF line:
 * `CEF:0|Mana|mana-auth|<version>|<event type>|<description>|<severity 0-10>|<extension>`, the
 * extension with `rt` (epoch ms), `externalId` (the event id, for de-duplication), `act`,
 * `outcome`, `reason`, `suid`, `suser` (the stored email), `src` / `c6a2` for a real IPv4 / IPv6
 * address or `cs1` (label `sourceAddress`) for a pseudonym, `requestClientApplication`, and the
 * stored metadata as JSON in `cs2` (label `metadata`).
 *
 * @example
 * ```ts
 * formatCef(event); // 'CEF:0|Mana|mana-auth|0.1.0|logout|A user signed out.|3|rt=... externalId=...'
 * ```
 */
export function formatCef(event: SecurityEvent): string {
  const { reason, email, ipVersion } = eventFields(event);
  const mapping = eventMapping(event.eventType, reason !== undefined);
  const ext: [string, string | null | undefined][] = [
    ['rt', String(event.createdAt.getTime())],
    ['externalId', event.id],
    ['act', event.eventType],
    ['outcome', mapping.failure ? 'failure' : 'success'],
    ['reason', reason],
    ['suid', event.userId],
    ['suser', email],
  ];
  if (event.ipAddress) {
    if (ipVersion === 4) ext.push(['src', event.ipAddress]);
    else if (ipVersion === 6) ext.push(['c6a2', event.ipAddress]);
    else ext.push(['cs1', event.ipAddress], ['cs1Label', 'sourceAddress']);
  }
  ext.push(['requestClientApplication', event.userAgent]);
  if (event.metadata) ext.push(['cs2', JSON.stringify(event.metadata)], ['cs2Label', 'metadata']);
  const header = [
    'CEF:0',
    STREAM_PRODUCT.vendor,
    STREAM_PRODUCT.name,
    STREAM_PRODUCT.version,
    event.eventType,
    eventDescription(event.eventType),
    String(CEF_SEVERITY[mapping.severity]),
  ]
    .map((field, i) => (i === 0 ? field : escapeCefHeader(field)))
    .join('|');
  const extension = ext
    .filter((pair): pair is [string, string] => typeof pair[1] === 'string' && pair[1] !== '')
    .map(([key, value]) => `${key}=${escapeCefValue(value)}`)
    .join(' ');
  return `${header}|${extension}`;
}
