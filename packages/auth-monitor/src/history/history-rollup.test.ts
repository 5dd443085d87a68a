import { describe, expect, it } from 'vitest';
import type { HistoryCheck } from './history-entry.js';
import { needsRollup, percentile, rollupHistory } from './history-rollup.js';

function check(
  at: string,
  status: HistoryCheck['status'],
  ms: number | null,
  problems: string[] = [],
): HistoryCheck {
  return { type: 'check', at, target: 'eu', url: 'https://a/api/v1/auth', status, ms, checks: {}, problems };
}

describe('rollupHistory', () => {
  const now = new Date('2025-03-10T12:00:00Z');

  it('keeps results of the last rawDays calendar days and folds older ones into daily summaries', () => {
    const checks = [
      check('2025-03-01T00:00:00.000Z', 'healthy', 10),
      check('2025-03-01T00:05:00.000Z', 'down', null, ['health: 500']),
      check('2025-03-01T00:10:00.000Z', 'degraded', 30),
      check('2025-03-01T00:15:00.000Z', 'healthy', 20),
      check('2025-03-04T00:00:00.000Z', 'healthy', 5),
      check('2025-03-10T11:55:00.000Z', 'healthy', 7),
    ];
    const rolled = rollupHistory({ checks, days: [] }, { now, rawDays: 7 });
    expect(rolled.checks.map((c) => c.at)).toEqual(['2025-03-04T00:00:00.000Z', '2025-03-10T11:55:00.000Z']);
    expect(rolled.days).toEqual([
      {
        type: 'day',
        date: '2025-03-01',
        target: 'eu',
        url: 'https://a/api/v1/auth',
        total: 4,
        healthy: 2,
        degraded: 1,
        down: 1,
        ms: { n: 3, min: 10, p50: 20, avg: 20, p95: 30, max: 30 },
        problems: [{ message: 'health: 500', count: 1 }],
      },
    ]);
    expect(needsRollup(rolled, { now, rawDays: 7 })).toBe(false);
    expect(needsRollup({ checks, days: [] }, { now, rawDays: 7 })).toBe(true);
  });

  it('merges late results into an existing summary and drops summaries past keepDays', () => {
    const first = rollupHistory(
      { checks: [check('2025-03-01T00:00:00.000Z', 'healthy', 10)], days: [] },
      { now, rawDays: 2 },
    );
    const late = rollupHistory(
      { checks: [check('2025-03-01T23:00:00.000Z', 'down', 50, ['x'])], days: first.days },
      { now, rawDays: 2 },
    );
    expect(late.days[0]).toMatchObject({
      total: 2,
      healthy: 1,
      down: 1,
      ms: { n: 2, min: 10, max: 50, avg: 30, p95: 50 },
    });
    expect(rollupHistory(late, { now, rawDays: 2, keepDays: 5 }).days).toEqual([]);
  });

  it('bounds 90 days of 5-minute checks to rawDays of results plus one line per day', () => {
    const checks: HistoryCheck[] = [];
    for (let t = now.getTime() - 90 * 86_400_000; t <= now.getTime(); t += 300_000)
      checks.push(check(new Date(t).toISOString(), 'healthy', 10));
    const rolled = rollupHistory({ checks, days: [] }, { now, rawDays: 7 });
    expect(rolled.days).toHaveLength(84);
    expect(rolled.checks.length).toBe(6 * 288 + 145);
  });

  it('computes nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4, 100], 0.95)).toBe(100);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(Number.isNaN(percentile([], 0.5))).toBe(true);
  });
});
