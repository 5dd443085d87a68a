import type { SecurityEvent } from '../../queries/query-events.js';
import { eventDescription, eventMapping } from '../event-mapping.js';
import { STREAM_PRODUCT } from '../stream-product.js';
import { eventFields } from './event-fields.js';

/** The OCSF schema version the records follow. */
export const OCSF_VERSION = '1.3.0';

const CLASS_NAMES = { 3001: 'Account Change', 3002: 'Authentication' } as const;
const SEVERITY_NAMES = ['Unknown', 'Informational', 'Low', 'Medium', 'High'] as const;

/**
 * The JSON text of a record that depends only on its type and outcome, in three pieces around the
 * `time` and `metadata.uid` values: `{...,"type_name":"...","time":`, then
 * `,"severity_id":...,"metadata":{"uid":`, then `,"event_code":...,"product":{...}}`.
 */
interface OcsfTemplate {
  head: string;
  middle: string;
  tail: string;
}

// One template per (type, has a reason); custom types are the application's few, but the cache
// stops growing at this size whatever a caller streams.
const TEMPLATES = new Map<string, OcsfTemplate>();
const MAX_TEMPLATES = 512;

function ocsfTemplate(eventType: string, hasReason: boolean): OcsfTemplate {
  const key = hasReason ? `1${eventType}` : `0${eventType}`;
  const cached = TEMPLATES.get(key);
  if (cached) return cached;
  const mapping = eventMapping(eventType, hasReason);
  const status = mapping.failure ? 2 : 1;
  const className = CLASS_NAMES[mapping.ocsfClass];
  const head = JSON.stringify({
    category_uid: 3,
    category_name: 'Identity & Access Management',
    class_uid: mapping.ocsfClass,
    class_name: className,
    activity_id: mapping.ocsfActivity,
    activity_name: mapping.activityName,
    type_uid: mapping.ocsfClass * 100 + mapping.ocsfActivity,
    type_name: `${className}: ${mapping.activityName}`,
  });
  const middle = JSON.stringify({
    severity_id: mapping.severity,
    severity: SEVERITY_NAMES[mapping.severity],
    status_id: status,
    status: status === 1 ? 'Success' : 'Failure',
    message: eventDescription(eventType),
  });
  const product = JSON.stringify({
    name: STREAM_PRODUCT.name,
    vendor_name: STREAM_PRODUCT.vendor,
    version: STREAM_PRODUCT.version,
  });
  const template = {
    head: `${head.slice(0, -1)},"time":`,
    middle: `,${middle.slice(1, -1)},"metadata":{"uid":`,
    tail: `,"event_code":${JSON.stringify(eventType)},"version":"${OCSF_VERSION}","product":${product}}`,
  };
  if (TEMPLATES.size < MAX_TEMPLATES) TEMPLATES.set(key, template);
  return template;
}

/**
 * One OCSF 1.x record as a JSON line: class 3002 Authentication (sign-in/out, sessions, tokens,
 * request refusals) or 3001 Account Change (sign-up, password, email, profile, lock), category 3
 * Identity & Access Management, with `activity_id`, `type_uid` (class × 100 + activity),
 * `status_id` (1 success, 2 failure) and `status_detail` (the stored reason), `severity_id`,
 * `time` (epoch ms), `user` (`uid`, `email_addr` as stored), `src_endpoint` (`ip` for a real
 * address, `uid` for a pseudonym), `http_request.user_agent`, `metadata` (`uid` = the event id,
 * for de-duplication, and `product`) and the stored metadata under `unmapped`.
 *
 * The parts fixed by the type and outcome are built once per type (the record is the same text
 * `JSON.stringify` gives for the object, key for key); only the event's own values are
 * serialised per event.
 *
 * @example
 * ```ts
 * JSON.parse(formatOcsf(event)).class_uid; // 3002
 * ```
 */
export function formatOcsf(event: SecurityEvent): string {
  const { reason, email, ipVersion } = eventFields(event);
  const template = ocsfTemplate(event.eventType, reason !== undefined);
  const time = event.createdAt.getTime();
  let line = `${template.head}${Number.isFinite(time) ? time : 'null'}${template.middle}${JSON.stringify(event.id)}${template.tail}`;
  if (reason !== undefined) line += `,"status_detail":${JSON.stringify(reason)}`;
  if (event.userId || email) {
    const uid = event.userId ? `"uid":${JSON.stringify(event.userId)}` : '';
    const address = email ? `"email_addr":${JSON.stringify(email)}` : '';
    line += `,"user":{${uid}${uid && address ? ',' : ''}${address}}`;
  }
  if (event.ipAddress)
    line += `,"src_endpoint":{"${ipVersion ? 'ip' : 'uid'}":${JSON.stringify(event.ipAddress)}}`;
  if (event.userAgent) line += `,"http_request":{"user_agent":${JSON.stringify(event.userAgent)}}`;
  if (event.metadata) line += `,"unmapped":${JSON.stringify(event.metadata)}`;
  return `${line}}`;
}
