import { isIP } from 'node:net';
import type { SecurityEvent } from '../../queries/query-events.js';

/**
 * The parts of a stored event every format needs: the `reason` and `email` of its metadata (the
 * email as stored: an HMAC pseudonym by default) and whether the stored IP is a real address (the
 * `full` and `truncated` policies) or a pseudonym (`hmac:...`, the default), which the formats put
 * in a text field instead of an IP-typed one.
 *
 * @example
 * ```ts
 * eventFields(event).ipVersion; // 4, 6 or 0 for a pseudonym
 * ```
 */
export interface EventFields {
  reason: string | undefined;
  email: string | undefined;
  ipVersion: 0 | 4 | 6;
}

/**
 * Extracts {@link EventFields} from an event.
 *
 * @example
 * ```ts
 * const { reason } = eventFields(event);
 * ```
 */
export function eventFields(event: SecurityEvent): EventFields {
  const metadata = event.metadata;
  const reason = typeof metadata?.reason === 'string' ? metadata.reason : undefined;
  const email = typeof metadata?.email === 'string' ? metadata.email : undefined;
  const ipVersion = event.ipAddress ? (isIP(event.ipAddress) as 0 | 4 | 6) : 0;
  return { reason, email, ipVersion };
}
