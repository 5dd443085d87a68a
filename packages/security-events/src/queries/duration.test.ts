import { describe, expect, it } from 'vitest';
import { SecurityEventsError } from '../errors.js';
import { durationToMs, parseDurationText } from './duration.js';

describe('parseDurationText', () => {
  it('reads a number and a unit, spaces allowed, zero included', () => {
    const texts = ['500ms', '45s', '30m', '12h', '90d', '2w', '1.5h', ' 15 m ', '0s'];
    expect(texts.map(parseDurationText)).toEqual([
      500, 45_000, 1_800_000, 43_200_000, 7_776_000_000, 1_209_600_000, 5_400_000, 900_000, 0,
    ]);
  });

  it('is undefined for anything else', () => {
    const texts = ['90', 'd', '-1d', '90 days', '1y', '', '1e3s'];
    expect(texts.map(parseDurationText)).toEqual(texts.map(() => undefined));
  });
});

describe('durationToMs', () => {
  it('takes milliseconds or a duration string, and names what was wrong otherwise', () => {
    expect(durationToMs(60_000, 'window')).toBe(60_000);
    expect(durationToMs('24h', 'since')).toBe(86_400_000);
    expect(() => durationToMs('1y' as never, 'retention')).toThrow(SecurityEventsError);
    expect(() => durationToMs(-1, 'retention')).toThrow(/Invalid retention: -1\. Use milliseconds/);
  });
});
