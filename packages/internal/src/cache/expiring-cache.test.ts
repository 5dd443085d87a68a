import { describe, expect, it } from 'vitest';
import { createExpiringCache } from './expiring-cache.js';

describe('expiring cache', () => {
  it('returns an entry strictly before its expiry and forgets it after', () => {
    const cache = createExpiringCache<string>(10);
    cache.set('k', 'v', 1000);
    expect(cache.get('k', 999)).toBe('v');
    expect(cache.get('k', 1000)).toBeUndefined();
    expect(cache.get('k', 0)).toBeUndefined(); // deleted on the expired read
  });

  it('evicts the oldest entry when full, but not to replace an existing key; 0 keeps nothing', () => {
    const cache = createExpiringCache<number>(2);
    cache.set('a', 1, 10);
    cache.set('b', 2, 10);
    cache.set('b', 3, 10);
    expect([cache.get('a', 0), cache.get('b', 0)]).toEqual([1, 3]);
    cache.set('c', 4, 10);
    expect([cache.get('a', 0), cache.get('b', 0), cache.get('c', 0)]).toEqual([undefined, 3, 4]);
    const none = createExpiringCache<number>(0);
    none.set('a', 1, 10);
    expect(none.get('a', 0)).toBeUndefined();
  });
});
