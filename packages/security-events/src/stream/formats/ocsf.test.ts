import { describe, expect, it } from 'vitest';
import { securityEventTypes } from '../../events/event-types.js';
import type { SecurityEvent } from '../../queries/query-events.js';
import { eventDescription, eventMapping } from '../event-mapping.js';
import { STREAM_PRODUCT } from '../stream-product.js';
import { eventFields } from './event-fields.js';
import { formatOcsf, OCSF_VERSION } from './ocsf.js';

// The record as an object through JSON.stringify: the formatter before it built its lines from
// per-type templates. The lines must stay the same text, byte for byte.
function reference(event: SecurityEvent): string {
  const { reason, email, ipVersion } = eventFields(event);
  const mapping = eventMapping(event.eventType, reason !== undefined);
  const className = mapping.ocsfClass === 3001 ? 'Account Change' : 'Authentication';
  const status = mapping.failure ? 2 : 1;
  const user: Record<string, string> = {};
  if (event.userId) user.uid = event.userId;
  if (email) user.email_addr = email;
  const record: Record<string, unknown> = {
    category_uid: 3,
    category_name: 'Identity & Access Management',
    class_uid: mapping.ocsfClass,
    class_name: className,
    activity_id: mapping.ocsfActivity,
    activity_name: mapping.activityName,
    type_uid: mapping.ocsfClass * 100 + mapping.ocsfActivity,
    type_name: `${className}: ${mapping.activityName}`,
    time: event.createdAt.getTime(),
    severity_id: mapping.severity,
    severity: ['Unknown', 'Informational', 'Low', 'Medium', 'High'][mapping.severity],
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

const BASE: SecurityEvent = {
  id: '01953c1e-8a4b-7c2d-9e0f-112233445566',
  userId: 'user-42',
  eventType: 'login_success',
  ipAddress: '198.51.100.7',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
  metadata: { path: '/sign-in' },
  createdAt: new Date('2025-03-04T05:06:07.089Z'),
};

const VARIANTS: Partial<SecurityEvent>[] = [
  {},
  { userId: null, ipAddress: null, userAgent: null, metadata: null },
  { userId: '', ipAddress: '', userAgent: '' },
  { userId: null, metadata: { reason: 'invalid_credentials', email: 'hmac:ZW1haWw' } },
  { metadata: { reason: 'invalid_credentials', email: '' } },
  { metadata: { reason: 42, email: 7, nested: { list: [1, 'two', null, true] } } },
  { ipAddress: 'hmac:Zm9vYmFyYmF6cXV4cXV1eA' },
  { ipAddress: '2001:db8::/48' },
  { ipAddress: '2001:db8::1' },
  { userAgent: 'quote " backslash \\ newline \n tab \t nul \u0000 emoji 🔐 lone \ud800' },
  { userId: 'ü"ser\\', metadata: { reason: 'é "quoted"\n', 'key "odd"': '\u2028' } },
  { createdAt: new Date(Number.NaN) },
  { createdAt: new Date(-1) },
];
const CUSTOM_TYPES = ['invoice_exported', 'weird "type" \\ \n 🔐', '0login_success', '1login_success', ''];

describe('formatOcsf gives the same text as the record object through JSON.stringify', () => {
  const types = [...Object.keys(securityEventTypes), ...CUSTOM_TYPES];

  it.each(types)('%s, every variant, twice (built, then cached)', (eventType) => {
    for (let pass = 0; pass < 2; pass++)
      for (const variant of VARIANTS) {
        const event = { ...BASE, eventType, ...variant };
        expect(formatOcsf(event)).toBe(reference(event));
      }
  });

  it('keeps a custom type with and without a reason apart (success, then failure, then success)', () => {
    const ok = { ...BASE, eventType: 'invoice_exported', metadata: null };
    const failed = { ...ok, metadata: { reason: 'quota' } };
    expect(JSON.parse(formatOcsf(ok)).status).toBe('Success');
    expect(JSON.parse(formatOcsf(failed))).toMatchObject({ status: 'Failure', status_detail: 'quota' });
    expect(formatOcsf(ok)).toBe(reference(ok));
  });

  it('stays correct past the template cache size (many distinct custom types)', () => {
    for (let i = 0; i < 700; i++) {
      const event = { ...BASE, eventType: `custom_${i}` };
      expect(formatOcsf(event)).toBe(reference(event));
    }
    const event = { ...BASE, eventType: 'custom_650' };
    expect(formatOcsf(event)).toBe(reference(event));
  });
});
