import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/manual-clock.js';
import type { RawEventInput } from '../events/event-builder.js';
import { RefusalAggregator } from './refusal-aggregator.js';

const refusal = (ip: string | null, path = '/sign-in/email'): RawEventInput => ({
  eventType: 'rate_limited',
  ipAddress: ip,
  metadata: { reason: 'rate_limited', path, method: 'POST', retryAfterSeconds: 30 },
});

describe('RefusalAggregator', () => {
  it('emits one row per (IP, route, minute) when the minute closes, with count and first/last seen', () => {
    const clock = new ManualClock(); // 2026-01-01T00:00:00Z
    const rows: RawEventInput[] = [];
    const refusals = new RefusalAggregator((row) => rows.push(row), clock);
    for (let i = 0; i < 500; i++) {
      refusals.add(refusal('203.0.113.1'));
      refusals.add(refusal('::ffff:203.0.113.1')); // the same client, IPv4-mapped
      refusals.add(refusal('203.0.113.2'));
      refusals.add(refusal('203.0.113.2', '/sign-up/email'));
      clock.advance(100);
    }
    expect(rows).toEqual([]); // 50 s: the minute is still open
    expect(refusals.open).toBe(3);
    clock.advance(10_000); // past 00:01:00
    expect(rows.map((r) => [r.ipAddress, (r.metadata as { path: string }).path])).toEqual([
      ['203.0.113.1', '/sign-in/email'],
      ['203.0.113.2', '/sign-in/email'],
      ['203.0.113.2', '/sign-up/email'],
    ]);
    expect(rows[0]?.metadata).toEqual({
      reason: 'rate_limited',
      path: '/sign-in/email',
      method: 'POST',
      retryAfterSeconds: 30,
      count: 1000,
      firstSeen: '2026-01-01T00:00:00.000Z',
      lastSeen: '2026-01-01T00:00:49.900Z',
    });
    expect(rows[0]?.occurredAt).toEqual(new Date('2026-01-01T00:00:00.000Z'));
    expect(rows[2]?.metadata).toMatchObject({ count: 500 });
    expect(refusals.open).toBe(0);
    expect(clock.pending).toBe(0); // no timer left once nothing is open
  });

  it('starts a new row in the next minute and emits every open row on emitAll (flush, close)', () => {
    const clock = new ManualClock();
    const rows: RawEventInput[] = [];
    const refusals = new RefusalAggregator((row) => rows.push(row), clock);
    clock.advance(59_000);
    refusals.add(refusal('198.51.100.1'));
    clock.advance(2_000); // 00:01:01: the first minute closed
    refusals.add(refusal('198.51.100.1'));
    refusals.add(refusal('198.51.100.1'));
    expect(rows.map((r) => (r.metadata as { count: number }).count)).toEqual([1]);
    refusals.emitAll();
    expect(rows.map((r) => (r.metadata as { count: number }).count)).toEqual([1, 2]);
    refusals.stop();
    expect(clock.pending).toBe(0);
  });

  it('bounds memory: beyond maxKeys, new addresses share one IP-less row per route', () => {
    const clock = new ManualClock();
    const rows: RawEventInput[] = [];
    const refusals = new RefusalAggregator((row) => rows.push(row), clock, 3);
    for (let i = 1; i <= 10; i++) refusals.add(refusal(`192.0.2.${i}`));
    expect(refusals.open).toBe(4);
    refusals.emitAll();
    expect(rows).toHaveLength(4);
    expect(rows[3]).toMatchObject({
      ipAddress: null,
      metadata: { overflow: true, count: 7, path: '/sign-in/email' },
    });
  });
  it('keeps refused tokens apart by reason and user, and counts repeats of one into one row', () => {
    const clock = new ManualClock();
    const rows: RawEventInput[] = [];
    const refusals = new RefusalAggregator((row) => rows.push(row), clock);
    const refused = (reason: string, userId: string | null = null): RawEventInput => ({
      eventType: 'token_invalid',
      userId,
      ipAddress: '203.0.113.9',
      metadata: { reason, status: 401, path: '/api/v1/me', method: 'GET' },
    });
    for (let i = 0; i < 100; i++) refusals.add(refused('bad_signature'));
    refusals.add(refused('expired'));
    refusals.add(refused('expired', 'user-1'));
    refusals.add({ ...refusal('203.0.113.9', '/api/v1/me') }); // another type on the same route
    refusals.emitAll();
    expect(
      rows.map((r) => [
        r.eventType,
        (r.metadata as { reason: string }).reason,
        r.userId ?? null,
        (r.metadata as { count: number }).count,
      ]),
    ).toEqual([
      ['token_invalid', 'bad_signature', null, 100],
      ['token_invalid', 'expired', null, 1],
      ['token_invalid', 'expired', 'user-1', 1],
      ['rate_limited', 'rate_limited', null, 1],
    ]);
  });
});
