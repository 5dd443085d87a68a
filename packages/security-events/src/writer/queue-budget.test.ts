import { describe, expect, it } from 'vitest';
import type { PendingEvent } from './insert-events.js';
import { QueueBudget } from './queue-budget.js';

const event = (bytes: number, high: boolean): PendingEvent => ({
  u: null,
  t: high ? 'login_success' : 'login_failure',
  json: 'x'.repeat(bytes),
  high,
});

describe('QueueBudget', () => {
  it('keeps the reserved share of the bytes for high-value events', () => {
    const budget = new QueueBudget({ maxQueueSize: 1000, maxQueueBytes: 10_000, reservedShare: 0.25 });
    let low = 0;
    while (budget.admit(event(100, false))) low++;
    expect(low).toBe(75); // 7,500 bytes: the low-value share
    let high = 0;
    while (budget.admit(event(100, true))) high++;
    expect(high).toBe(25); // the reserved 2,500 bytes
    expect(budget.held()).toEqual({ count: 100, bytes: 10_000, byClass: { high: 25, low: 75 } });
    budget.release([event(100, false)]);
    expect(budget.admit(event(100, false))).toBe(true);
    expect(budget.admit(event(100, true))).toBe(false); // full
  });

  it('keeps the reserved share of the event count too, and counts UTF-8 bytes', () => {
    const budget = new QueueBudget({ maxQueueSize: 4, maxQueueBytes: 1_000_000, reservedShare: 0.5 });
    expect([1, 2, 3].map(() => budget.admit(event(1, false)))).toEqual([true, true, false]);
    expect([1, 2, 3].map(() => budget.admit(event(1, true)))).toEqual([true, true, false]);
    const bytes = new QueueBudget({ maxQueueSize: 10, maxQueueBytes: 1024, reservedShare: 0 });
    expect(bytes.admit({ u: null, t: 'logout', json: 'é'.repeat(400) })).toBe(true); // 800 bytes
    expect(bytes.admit({ u: null, t: 'logout', json: 'é'.repeat(200) })).toBe(false);
  });
});
