import { describe, expect, expectTypeOf, it } from 'vitest';
import { durationToMs, pointInTime } from '../queries/duration.js';
import { decodeCursor, encodeCursor } from '../queries/event-cursor.js';
import type { SecurityEvent } from '../queries/query-events.js';
import { SecurityEventsService } from '../service/security-events-service.js';
import { microsToTimestamp, nowMicros, uuidv7 } from './event-clock.js';
import type { SecurityEventInput } from './event-input.js';
import { type BuiltInSecurityEventType, type FailureEventType, securityEventTypes } from './event-types.js';

// Compile-time contract, checked by `tsc -p packages/security-events` (each @ts-expect-error
// fails the type check when the line it marks stops being an error).
export function typeContract(service: SecurityEventsService<'api_key_created'>): void {
  void service.logEvent({ eventType: 'login_success', userId: 'u', metadata: { deviceId: undefined } });
  void service.logEvent({ eventType: 'login_failure', metadata: { reason: 'invalid_credentials' } });
  void service.logEvent({
    eventType: 'account_locked',
    userId: null,
    metadata: { reason: 'too_many_failures' },
  });
  void service.logEvent({ eventType: 'api_key_created', userId: 'u' });
  void service.logEvent({ eventType: 'api_key_created' });
  // @ts-expect-error login_success needs a userId
  void service.logEvent({ eventType: 'login_success' });
  // @ts-expect-error login_failure never carries a userId
  void service.logEvent({ eventType: 'login_failure', userId: 'u', metadata: { reason: 'x' } });
  // @ts-expect-error failures need metadata.reason
  void service.logEvent({ eventType: 'signup_failure', metadata: {} });
  // @ts-expect-error a typo in a built-in type is not a custom type
  void service.logEvent({ eventType: 'login_sucess', userId: 'u' });
  // @ts-expect-error recentForUser returns typed events
  const wrong: Promise<SecurityEvent<'nope'>[]> = service.recentForUser('u');
  void wrong;
}

describe('event types', () => {
  it("hold the spec's 8 types with its user-id rules, and the additions", () => {
    const spec = Object.entries(securityEventTypes).filter(([, info]) => info.origin === 'spec');
    expect(Object.fromEntries(spec.map(([type, info]) => [type, info.userId]))).toEqual({
      login_success: 'required',
      login_failure: 'forbidden',
      logout: 'required',
      password_change: 'required',
      password_reset_requested: 'forbidden',
      password_reset_completed: 'required',
      session_revoked: 'required',
      token_refresh: 'required',
    });
    expect(Object.keys(securityEventTypes)).toEqual(
      expect.arrayContaining([
        'signup',
        'signup_failure',
        'password_change_failure',
        'rate_limited',
        'account_locked',
        'sessions_revoked_all',
      ]),
    );
    expectTypeOf<FailureEventType>().toEqualTypeOf<
      | 'login_failure'
      | 'signup_failure'
      | 'password_change_failure'
      | 'password_reset_failure'
      | 'rate_limited'
      | 'account_locked'
      | 'token_refresh_failure'
      | 'token_invalid'
      | 'csrf_refused'
      | 'request_invalid'
      | 'user_update_failure'
      | 'email_change_failure'
    >();
    expectTypeOf<'logout'>().toMatchTypeOf<BuiltInSecurityEventType>();
    expectTypeOf<SecurityEventInput<'logout'>>().toHaveProperty('userId').toEqualTypeOf<string>();
  });

  it('infers custom event types from the options', () => {
    const service = new SecurityEventsService({
      database: { query: async () => [] },
      customEventTypes: ['export_requested', 'mfa_enabled'],
      logger: false,
    });
    expectTypeOf(service).toEqualTypeOf<SecurityEventsService<'export_requested' | 'mfa_enabled'>>();
    expect(service.record({ eventType: 'mfa_enabled', userId: 'u' })).toEqual({ queued: true });
    void service.close();
  });
});

describe('clock, ids, durations and cursors', () => {
  it('gives strictly increasing microsecond timestamps and valid UUIDv7 ids', () => {
    const stamps = Array.from({ length: 1000 }, () => nowMicros());
    expect(stamps.every((s, i) => i === 0 || s > (stamps[i - 1] as number))).toBe(true);
    expect(microsToTimestamp(1_700_000_000_123_456)).toBe('2023-11-14T22:13:20.123456Z');
    expect(microsToTimestamp(1_700_000_000_000_007)).toBe('2023-11-14T22:13:20.000007Z');
    const ids = new Set(Array.from({ length: 10_000 }, () => uuidv7(1_700_000_000_000)));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 100))
      expect(id).toMatch(/^018bcfe5-6800-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('parses durations and refuses nonsense', () => {
    expect(durationToMs('90d', 'age')).toBe(90 * 86_400_000);
    expect(durationToMs('24h', 'age')).toBe(86_400_000);
    expect(durationToMs('15m', 'age')).toBe(900_000);
    expect(durationToMs('2w', 'age')).toBe(1_209_600_000);
    expect(durationToMs('250ms', 'age')).toBe(250);
    expect(durationToMs(1234, 'age')).toBe(1234);
    expect(() => durationToMs(-1, 'age')).toThrow(/Invalid age: -1/);
    expect(() => durationToMs('1y' as never, 'age')).toThrow(/Invalid age: "1y"/);
    const at = new Date('2020-01-01T00:00:00Z');
    expect(pointInTime(at, 'since')).toBe(at);
    expect(() => pointInTime(new Date('x'), 'since')).toThrow(/Invalid since: an invalid Date/);
  });

  it('round-trips cursors and refuses forged ones', () => {
    const position = { createdAt: '2025-01-01T00:00:00.000001Z', id: '01942f0e-0000-7000-8000-000000000000' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(() => decodeCursor(Buffer.from("2025-01-01'; DROP TABLE x;--|1").toString('base64url'))).toThrow(
      /Invalid cursor/,
    );
  });
});

export function recordContract(service: SecurityEventsService): void {
  service.record({ eventType: 'logout', userId: 'u' });
  // @ts-expect-error record is as strictly typed as logEvent
  service.record({ eventType: 'logout' });
  // @ts-expect-error unknown types are refused by record too
  service.record({ eventType: 'typo', userId: 'u' });
}
