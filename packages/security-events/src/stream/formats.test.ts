import { describe, expect, it } from 'vitest';
import { securityEventTypes } from '../events/event-types.js';
import type { SecurityEvent } from '../queries/query-events.js';
import { escapeCefHeader, escapeCefValue, formatCef } from './formats/cef.js';
import { formatEcs } from './formats/ecs.js';
import { formatJsonLine } from './formats/jsonl.js';
import { formatOcsf } from './formats/ocsf.js';
import { streamFormatters } from './stream-format.js';

const AT = new Date('2025-03-04T05:06:07.089Z');
const ACCOUNT_CHANGE = new Set([
  'signup',
  'signup_failure',
  'password_change',
  'password_change_failure',
  'password_reset_requested',
  'password_reset_completed',
  'password_reset_failure',
  'account_locked',
  'user_updated',
  'user_update_failure',
  'email_change_requested',
  'email_change_failure',
]);

function sample(type: string, overrides: Partial<SecurityEvent> = {}): SecurityEvent {
  const info = securityEventTypes[type as keyof typeof securityEventTypes];
  return {
    id: '01953c1e-8a4b-7c2d-9e0f-112233445566',
    userId: info?.userId === 'forbidden' ? null : 'user-42',
    eventType: type,
    ipAddress: 'hmac:Zm9vYmFyYmF6cXV4cXV1eA',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    metadata: info?.failure
      ? { reason: 'invalid_credentials', email: 'hmac:ZW1haWxwc2V1ZG9ueW0' }
      : { path: '/sign-in' },
    createdAt: AT,
    ...overrides,
  };
}

describe('every event type has a mapping in every format', () => {
  const types = Object.keys(securityEventTypes);

  it.each(types)('%s', (type) => {
    const event = sample(type);
    const failure = securityEventTypes[type as keyof typeof securityEventTypes].failure;
    for (const format of Object.values(streamFormatters)) {
      const line = format(event);
      expect(line).not.toContain('\n');
      expect(line).toContain(event.id);
    }
    const ocsf = JSON.parse(formatOcsf(event));
    expect(ocsf.class_uid).toBe(ACCOUNT_CHANGE.has(type) ? 3001 : 3002);
    expect(ocsf.category_uid).toBe(3);
    expect(ocsf.type_uid).toBe(ocsf.class_uid * 100 + ocsf.activity_id);
    expect(ocsf.activity_id === 99 || (ocsf.activity_id >= 1 && ocsf.activity_id <= 12)).toBe(true);
    expect(ocsf.status_id).toBe(failure ? 2 : 1);
    expect([1, 2, 3, 4]).toContain(ocsf.severity_id);
    expect(ocsf.time).toBe(AT.getTime());
    expect(ocsf.metadata).toMatchObject({
      uid: event.id,
      event_code: type,
      product: { name: 'mana-auth', vendor_name: 'Mana' },
    });
    const ecs = JSON.parse(formatEcs(event));
    expect(ecs['@timestamp']).toBe(AT.toISOString());
    expect(ecs.event).toMatchObject({
      id: event.id,
      kind: 'event',
      action: type,
      outcome: failure ? 'failure' : 'success',
    });
    expect(ecs.event.category.length).toBeGreaterThan(0);
    expect(ecs.event.type.length).toBeGreaterThan(0);
    const cef = formatCef(event);
    expect(cef.startsWith(`CEF:0|Mana|mana-auth|`)).toBe(true);
    expect(cef.split('|')[4]).toBe(type);
    expect(cef).toContain(`outcome=${failure ? 'failure' : 'success'}`);
  });

  it('classifies the main types as an analyst expects', () => {
    const ocsf = (type: string) => JSON.parse(formatOcsf(sample(type)));
    expect(ocsf('login_success')).toMatchObject({
      class_uid: 3002,
      activity_id: 1,
      status_id: 1,
      type_uid: 300201,
    });
    expect(ocsf('login_failure')).toMatchObject({
      class_uid: 3002,
      activity_id: 1,
      status_id: 2,
      status_detail: 'invalid_credentials',
    });
    expect(ocsf('logout')).toMatchObject({ class_uid: 3002, activity_id: 2 });
    expect(ocsf('token_refresh')).toMatchObject({ class_uid: 3002, activity_id: 3 });
    expect(ocsf('signup')).toMatchObject({ class_uid: 3001, activity_id: 1 });
    expect(ocsf('password_change')).toMatchObject({ class_uid: 3001, activity_id: 3 });
    expect(ocsf('password_reset_completed')).toMatchObject({ class_uid: 3001, activity_id: 4 });
    expect(ocsf('account_locked')).toMatchObject({
      class_uid: 3001,
      activity_id: 9,
      severity_id: 4,
      severity: 'High',
    });
  });

  it('maps a custom type too', () => {
    const event = sample('api_key_created', { userId: 'user-1', metadata: null });
    expect(JSON.parse(formatOcsf(event))).toMatchObject({ class_uid: 3002, activity_id: 99, status_id: 1 });
    expect(JSON.parse(formatEcs(event)).event).toMatchObject({
      action: 'api_key_created',
      outcome: 'success',
    });
    expect(formatCef(event)).toContain('|api_key_created|api_key_created|');
  });
});

describe('field shapes', () => {
  it('keeps pseudonyms as stored, out of IP-typed fields', () => {
    const event = sample('login_failure');
    const ecs = JSON.parse(formatEcs(event));
    expect(ecs.source).toEqual({ address: 'hmac:Zm9vYmFyYmF6cXV4cXV1eA' });
    expect(ecs.user).toEqual({ email: 'hmac:ZW1haWxwc2V1ZG9ueW0' });
    expect(ecs.user_agent).toEqual({ original: 'Mozilla/5.0 (X11; Linux x86_64)' });
    expect(ecs.event.reason).toBe('invalid_credentials');
    const ocsf = JSON.parse(formatOcsf(event));
    expect(ocsf.src_endpoint).toEqual({ uid: 'hmac:Zm9vYmFyYmF6cXV4cXV1eA' });
    expect(ocsf.user).toEqual({ email_addr: 'hmac:ZW1haWxwc2V1ZG9ueW0' });
    expect(formatCef(event)).toContain('cs1=hmac:Zm9vYmFyYmF6cXV4cXV1eA cs1Label=sourceAddress');
  });

  it('puts real addresses in IP fields', () => {
    const v4 = sample('login_success', { ipAddress: '203.0.113.0' });
    const v6 = sample('login_success', { ipAddress: '2001:db8::' });
    expect(JSON.parse(formatEcs(v4)).source).toEqual({ address: '203.0.113.0', ip: '203.0.113.0' });
    expect(JSON.parse(formatOcsf(v6)).src_endpoint).toEqual({ ip: '2001:db8::' });
    expect(formatCef(v4)).toContain(' src=203.0.113.0 ');
    expect(formatCef(v6)).toContain(' c6a2=2001:db8:: ');
    expect(JSON.parse(formatEcs(v4)).user).toEqual({ id: 'user-42' });
  });

  it('writes our own JSON line field for field', () => {
    const event = sample('logout');
    expect(JSON.parse(formatJsonLine(event))).toEqual({ ...event, createdAt: AT.toISOString() });
  });
});

describe('CEF escaping', () => {
  it('escapes header and extension characters', () => {
    expect(escapeCefHeader('a|b\\c\nd')).toBe('a\\|b\\\\c d');
    expect(escapeCefValue('k=v\\x\ny\rz|w')).toBe('k\\=v\\\\x\\ny\\rz|w');
  });

  it('keeps a hostile user agent inside its field', () => {
    const event = sample('login_success', { userAgent: 'evil|agent=1 act=forged\\\nnext', ipAddress: null });
    const cef = formatCef(event);
    expect(cef.split('\n')).toHaveLength(1);
    expect(cef).toContain('requestClientApplication=evil|agent\\=1 act\\=forged\\\\\\nnext');
    const header = cef.slice(0, cef.indexOf('rt='));
    expect(header.match(/(?<!\\)\|/g)).toHaveLength(7);
  });

  it('escapes a custom type in the header', () => {
    const cef = formatCef(sample('app|type', { metadata: null }));
    expect(cef).toContain('|app\\|type|app\\|type|');
  });
});
