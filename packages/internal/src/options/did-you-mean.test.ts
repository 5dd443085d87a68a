import { describe, expect, it } from 'vitest';
import { closest, didYouMean } from './did-you-mean.js';

describe('closest', () => {
  it.each([
    ['scriptsrc', ['scriptSrc', 'styleSrc'], 'scriptSrc'],
    ['basepath', ['basePath', 'baseURL', 'secret'], 'basePath'],
    ['base_path', ['basePath', 'baseURL'], 'basePath'],
    ['max_age', ['max-age', 'preload'], 'max-age'],
    ['batchsise', ['batchSize', 'flushIntervalMs'], 'batchSize'],
    ['xFrameOption', ['xFrameOptions', 'xXssProtection'], 'xFrameOptions'],
  ])('%s → %s', (input, known, expected) => {
    expect(closest(input, known)).toBe(expected);
  });

  it('returns undefined when nothing is close', () => {
    expect(closest('database', ['scriptSrc', 'styleSrc'])).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });

  it('allows two edits on short names and a third of the name on long ones', () => {
    expect(closest('ab', ['abcd'])).toBe('abcd');
    expect(closest('ab', ['abcde'])).toBeUndefined();
    expect(closest('crossOriginOpenrPolicyy', ['crossOriginOpenerPolicy'])).toBe('crossOriginOpenerPolicy');
  });

  it('accepts any iterable of names', () => {
    expect(closest('prelod', new Set(['preload', 'max-age']))).toBe('preload');
    expect(closest('prelod', new Map([['preload', 1]]).keys())).toBe('preload');
  });
});

describe('didYouMean', () => {
  it('is a sentence ready to prefix a fix, or empty', () => {
    expect(didYouMean('basepath', ['basePath'])).toBe('did you mean "basePath"? ');
    expect(didYouMean('database', ['scriptSrc'])).toBe('');
  });
});
