import { describe, expect, it } from 'vitest';
import { describeValue } from './describe-value.js';

describe('describeValue', () => {
  it.each([
    ['memcached', '"memcached"'],
    ['', '""'],
    [-1, '-1'],
    [1.5, '1.5'],
    [Number.NaN, 'NaN'],
    [true, 'true'],
    [null, 'null'],
    [undefined, 'undefined'],
    [10n, '10'],
    [[1, 2], 'an array'],
    [{ hashKey: 'k' }, 'an object'],
    [() => 1, 'a function'],
  ])('%s → %s', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });

  it('cuts long strings after 40 characters, so a pasted secret is not echoed whole', () => {
    const secret = 'a-very-long-secret-looking-value-that-goes-on-and-on';
    const shown = describeValue(secret);
    expect(shown).toBe('"a-very-long-secret-looking-value-that-go…"');
    expect(shown).not.toContain('goes-on-and-on');
    expect(describeValue('x'.repeat(40))).toBe(`"${'x'.repeat(40)}"`);
  });

  it('never prints the contents of an object or an array', () => {
    expect(describeValue({ password: 'hunter2' })).not.toContain('hunter2');
    expect(describeValue(['hunter2'])).not.toContain('hunter2');
  });
});
