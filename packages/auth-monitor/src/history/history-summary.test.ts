import { describe, expect, it } from 'vitest';
import type { HistoryCheck, HistoryDay } from './history-entry.js';
import { findIncidents } from './history-incidents.js';
import { summarizeHistory } from './history-summary.js';

const now = new Date('2025-03-10T12:00:00Z');
function check(
  minutesAgo: number,
  status: HistoryCheck['status'],
  ms: number | null = 10,
  problems: string[] = [],
): HistoryCheck {
  return {
    type: 'check',
    at: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
    target: 'eu',
    url: 'https://a',
    status,
    ms,
    checks: { health: status === 'down' ? 'fail' : 'pass' },
    problems,
  };
}
function day(date: string, total: number, down: number): HistoryDay {
  return {
    type: 'day',
    date,
    target: 'eu',
    url: 'https://a',
    total,
    healthy: total - down,
    degraded: 0,
    down,
    ms: null,
    problems: down ? [{ message: 'health: 502', count: down }] : [],
  };
}

describe('incidents', () => {
  it('needs openAfter results in a row to open and closeAfter healthy results to close', () => {
    const blip = [check(50, 'healthy'), check(45, 'down'), check(40, 'healthy'), check(35, 'healthy')];
    expect(findIncidents(blip, [], { openAfter: 2, closeAfter: 2 })).toEqual([]);
    const outage = [
      check(60, 'healthy'),
      check(55, 'down', null, ['health: 502']),
      check(50, 'degraded', 900),
      check(45, 'healthy'),
      check(40, 'down', null, ['health: 502']),
      check(35, 'healthy'),
      check(30, 'healthy'),
    ];
    const incidents = findIncidents(outage, [], { openAfter: 2, closeAfter: 2 });
    expect(incidents).toEqual([
      {
        target: 'eu',
        severity: 'down',
        start: outage[1]!.at,
        end: outage[5]!.at,
        results: 3,
        problems: ['health: 502'],
        approximate: false,
      },
    ]);
  });

  it('reports an incident that is still going on, and approximate incidents from daily summaries', () => {
    const ongoing = findIncidents(
      [check(10, 'down'), check(5, 'down'), check(0, 'down')],
      [day('2025-01-01', 288, 3), day('2025-01-02', 288, 1)],
    );
    expect(ongoing[0]).toMatchObject({ end: null, results: 3, approximate: false });
    expect(ongoing[1]).toMatchObject({
      start: '2025-01-01',
      approximate: true,
      results: 3,
      problems: ['health: 502'],
    });
    expect(ongoing).toHaveLength(2);
  });
});

describe('summarizeHistory', () => {
  it('computes rolling 24 h uptime and calendar-day windows from results and summaries', () => {
    const checks = [
      check(25 * 60, 'down'),
      check(60, 'down'),
      check(30, 'degraded'),
      check(10, 'healthy'),
      check(5, 'healthy'),
    ];
    const days = [day('2025-03-01', 100, 10), day('2025-01-01', 100, 100)];
    const [summary] = summarizeHistory({ checks, days }, { now });
    expect(summary?.uptime['24h']).toBe(3 / 4);
    expect(summary?.uptime['7d']).toBe(3 / 5);
    expect(summary?.uptime['30d']).toBe((3 + 90) / (5 + 100));
    expect(summary?.uptime['90d']).toBe((3 + 90) / (5 + 200));
    expect(summary?.state).toBe('healthy');
    expect(summary?.stale).toBe(false);
    expect(summary?.latency24h).toEqual({ p50: 10, p95: 10 });
    expect(summary?.strip).toHaveLength(90);
    expect(summary?.strip.at(-1)).toMatchObject({ date: '2025-03-10', total: 4, down: 1 });
    expect(summary?.strip.find((c) => c.date === '2025-03-01')).toMatchObject({ total: 100, uptime: 0.9 });
    expect(summary?.recent.map((r) => r.at)).toEqual([...checks].reverse().map((c) => c.at));
  });

  it('marks a target stale when its latest result is too old', () => {
    const [summary] = summarizeHistory(
      { checks: [check(40, 'healthy')], days: [] },
      { now, staleAfterMinutes: 15 },
    );
    expect(summary?.stale).toBe(true);
    expect(
      summarizeHistory({ checks: [check(40, 'healthy')], days: [] }, { now, staleAfterMinutes: 60 })[0]
        ?.stale,
    ).toBe(false);
  });
});
