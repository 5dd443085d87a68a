import type { SecurityEvent } from '../../queries/query-events.js';
import { eventDescription, eventMapping } from '../event-mapping.js';
import { STREAM_PRODUCT } from '../stream-product.js';
import { eventFields } from './event-fields.js';

/** The OCSF schema version the records follow. */
export const OCSF_VERSION = '1.3.0';

const CLASS_NAMES = { 3001: 'Account Change', 3002: 'Authentication' } as const;
const SEVERITY_NAMES = ['Unknown', 'Informational', 'Low', 'Medium', 'High'] as const;

/**
 * One OCSF 1.x record as a JSON line: class 3002 Authentication (sign-in/out, sessions, tokens,
 * request refusals) or 3001 Account Change (sign-up, password, email, profile, lock), category 3
 * Identity & Access Management, with `activity_id`, `type_uid` (class × 100 + activity),
 * `status_id` (1 success, 2 failure) and `status_detail` (the stored reason), `severity_id`,
 * `time` (epoch ms), `user` (`uid`, `email_addr` as stored), `src_endpoint` (`ip` for a real
 * address, `uid` for a pseudonym), `http_request.user_agent`, `metadata` (`uid` = the event id,
 * for de-duplication, and `product`) and the stored metadata under `unmapped`.
 *
 * @example
 * ```ts
 * JSON.parse(formatOcsf(event)).class_uid; // 3002
 * ```
 */
export function formatOcsf(event: SecurityEvent): string {
  const { reason, email, ipVersion } = eventFields(event);
  const mapping = eventMapping(event.eventType, reason !== undefined);
  const status = mapping.failure ? 2 : 1;
  const user: Record<string, string> = {};
  if (event.userId) user.uid = event.userId;
  if (email) user.email_addr = email;
  const record: Record<string, unknown> = {
    category_uid: 3,
    category_name: 'Identity & Access Management',
    class_uid: mapping.ocsfClass,
    class_name: CLASS_NAMES[mapping.ocsfClass],
    activity_id: mapping.ocsfActivity,
    activity_name: mapping.activityName,
    type_uid: mapping.ocsfClass * 100 + mapping.ocsfActivity,
    type_name: `${CLASS_NAMES[mapping.ocsfClass]}: ${mapping.activityName}`,
    time: event.createdAt.getTime(),
    severity_id: mapping.severity,
    severity: SEVERITY_NAMES[mapping.severity],
    status_id: status,
    status: status === 1 ? 'Success' : 'Failure',
    message: eventDescription(event.eventType),
    metadata: {
      uid: event.id,
      event_code: event.eventType,
      version: OCSF_VERSION,
      product: {
        name: STREAM_PRODUCT.name,
        vendor_name: STREAM_PRODUCT.vendor,
        version: STREAM_PRODUCT.version,
      },
    },
  };
  if (reason !== undefined) record.status_detail = reason;
  if (Object.keys(user).length > 0) record.user = user;
  if (event.ipAddress) record.src_endpoint = ipVersion ? { ip: event.ipAddress } : { uid: event.ipAddress };
  if (event.userAgent) record.http_request = { user_agent: event.userAgent };
  if (event.metadata) record.unmapped = event.metadata;
  return JSON.stringify(record);
}
