import { describe, expect, it } from 'vitest';
import { ManaError } from '../errors/mana-error.js';
import { findUnknownKey, rejectUnknownKeys, type UnknownKey } from './reject-unknown-keys.js';

class WidgetError extends ManaError<'UNKNOWN_OPTION'> {
  override readonly name = 'WidgetError';
}

const KNOWN = ['basePath', 'baseURL', 'secret'];

function throwWidgetError(unknown: UnknownKey): never {
  throw new WidgetError('UNKNOWN_OPTION', unknown.message, { fix: `${unknown.didYouMean}Remove it.` });
}

describe('findUnknownKey', () => {
  it('returns undefined when every key is known', () => {
    expect(findUnknownKey({ basePath: '/a', secret: 's' }, KNOWN, { where: 'createAuth' })).toBeUndefined();
    expect(findUnknownKey({}, KNOWN, { where: 'createAuth' })).toBeUndefined();
  });

  it('describes the first unknown key with a suggestion', () => {
    expect(findUnknownKey({ secret: 's', basepath: '/a', other: 1 }, KNOWN, { where: 'createAuth' })).toEqual(
      {
        key: 'basepath',
        path: 'basepath',
        where: 'createAuth',
        suggestion: 'basePath',
        didYouMean: 'did you mean "basePath"? ',
        message: '"basepath" is not an option of createAuth; did you mean "basePath"?',
      },
    );
  });

  it('has no suggestion when nothing is close', () => {
    const unknown = findUnknownKey({ jwtAlgorithm: 'RS256' }, KNOWN, { where: 'createAuth' });
    expect(unknown?.suggestion).toBeUndefined();
    expect(unknown?.didYouMean).toBe('');
    expect(unknown?.message).toBe('"jwtAlgorithm" is not an option of createAuth');
  });

  it('prefixes the path of a nested object', () => {
    const unknown = findUnknownKey({ windw: 60 }, ['window', 'max'], {
      where: 'createAuth',
      path: 'rateLimit.signIn',
    });
    expect(unknown?.path).toBe('rateLimit.signIn.windw');
    expect(unknown?.suggestion).toBe('window');
  });

  it('counts a misspelt key even when its value is undefined', () => {
    expect(findUnknownKey({ basepath: undefined }, KNOWN, { where: 'createAuth' })?.key).toBe('basepath');
  });

  it('accepts a Set of known keys', () => {
    expect(findUnknownKey({ secrt: 1 }, new Set(KNOWN), { where: 'x' })?.suggestion).toBe('secret');
  });
});

describe('rejectUnknownKeys', () => {
  it('passes an object with known keys only', () => {
    expect(() =>
      rejectUnknownKeys({ baseURL: 'http://x' }, KNOWN, { where: 'createAuth', onUnknown: throwWidgetError }),
    ).not.toThrow();
  });

  it("throws the package's own error through onUnknown", () => {
    let caught: unknown;
    try {
      rejectUnknownKeys({ basepath: '/a' }, KNOWN, { where: 'createAuth', onUnknown: throwWidgetError });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WidgetError);
    expect(caught).toBeInstanceOf(ManaError);
    expect(caught).toMatchObject({
      name: 'WidgetError',
      code: 'UNKNOWN_OPTION',
      message: '"basepath" is not an option of createAuth; did you mean "basePath"?',
      fix: 'did you mean "basePath"? Remove it.',
    });
  });
});
