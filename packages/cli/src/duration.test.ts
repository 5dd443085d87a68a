import { describe, expect, it } from 'vitest';
import { CliUsageError } from './cli-error.js';
import { parseCliDuration, parseCliTime } from './duration.js';

describe('parseCliDuration', () => {
  it.each([
    ['500ms', 500],
    ['45s', 45_000],
    ['30m', 1_800_000],
    ['12h', 43_200_000],
    ['90d', 7_776_000_000],
    ['2w', 1_209_600_000],
    ['1.5h', 5_400_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseCliDuration(text, 'older-than')).toBe(ms);
  });

  it.each(['90', 'd', '-1d', '0d', '90 days', '90 d', '1y', '', '1e3s'])(
    'refuses %j naming the flag and the units',
    (text) => {
      expect(() => parseCliDuration(text, 'older-than')).toThrow(CliUsageError);
      try {
        parseCliDuration(text, 'older-than');
      } catch (error) {
        expect((error as CliUsageError).message).toContain('--older-than');
        expect((error as CliUsageError).fix).toContain('ms, s, m, h, d or w');
      }
    },
  );
});

describe('parseCliTime', () => {
  const now = () => Date.parse('2026-12-01T12:00:00Z');

  it('reads ISO dates and times', () => {
    expect(parseCliTime('2026-01-31', 'since', now).toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(parseCliTime('2026-01-31T10:00:00+02:00', 'since', now).toISOString()).toBe(
      '2026-01-31T08:00:00.000Z',
    );
  });

  it('reads a duration as that long ago', () => {
    expect(parseCliTime('24h', 'since', now).toISOString()).toBe('2026-11-30T12:00:00.000Z');
  });

  it.each(['yesterday', '2026-13-45', '31/01/2026'])('refuses %j', (text) => {
    expect(() => parseCliTime(text, 'since', now)).toThrow(/--since .* is neither a date nor a duration/);
  });
});
