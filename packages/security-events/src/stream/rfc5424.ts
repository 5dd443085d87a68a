import type { SecurityEvent } from '../queries/query-events.js';
import { eventMapping } from './event-mapping.js';

// Syslog severities from our 1-4 scale: informational, notice, warning, warning.
const SYSLOG_SEVERITY = [6, 6, 5, 4, 4] as const;

/**
 * One RFC 5424 message, octet-counted per RFC 6587 (`<length> <message>`):
 * `<PRI>1 <timestamp> <hostname> <app-name> <procid> <msgid = event type> - <record>`, PRI from
 * `facility` (default 10, authpriv) and the event's severity, the record (a formatted line) as
 * MSG, UTF-8 without a BOM.
 *
 * @example
 * ```ts
 * syslogFrame(event, '{"id":...}', { hostname: 'auth-1', appName: 'mana-auth', facility: 10 });
 * // '123 <86>1 2025-01-01T00:00:00.000Z auth-1 mana-auth 4242 login_success - {"id":...}'
 * ```
 */
export function syslogFrame(
  event: SecurityEvent,
  record: string,
  header: { hostname: string; appName: string; facility: number; procId?: string },
): Buffer {
  const severity = SYSLOG_SEVERITY[eventMapping(event.eventType).severity];
  const message = `<${header.facility * 8 + severity}>1 ${event.createdAt.toISOString()} ${field(header.hostname, 255)} ${field(header.appName, 48)} ${field(header.procId ?? String(process.pid), 128)} ${field(event.eventType, 32)} - ${record}`;
  const bytes = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${bytes.length} `, 'ascii'), bytes]);
}

// Header fields are PRINTUSASCII (33-126) with a length limit; `-` is the nil value.
function field(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return clean === '' ? '-' : clean;
}
