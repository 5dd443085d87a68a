import { describe, expect, it } from 'vitest';
import type { AccessTokenErrorCode } from '../errors/error-codes.js';
import { ManaError } from '../errors/mana-error.js';
import { accessTokenRefusalReason } from './refusal-events.js';

const CODES: Record<AccessTokenErrorCode, string> = {
  TOKEN_MALFORMED: 'malformed',
  TOKEN_WRONG_ALGORITHM: 'wrong_alg',
  TOKEN_FORBIDDEN_HEADER: 'forbidden_header',
  TOKEN_UNKNOWN_KEY: 'unknown_kid',
  TOKEN_BAD_SIGNATURE: 'bad_signature',
  TOKEN_TYPE_INVALID: 'wrong_typ',
  TOKEN_EXPIRED: 'expired',
  TOKEN_NOT_YET_VALID: 'not_yet_valid',
  TOKEN_WRONG_ISSUER: 'wrong_issuer',
  TOKEN_WRONG_AUDIENCE: 'wrong_audience',
  TOKEN_REVOKED: 'revoked',
  JWKS_UNAVAILABLE: 'jwks_unavailable',
};

describe('accessTokenRefusalReason', () => {
  it.each(Object.entries(CODES))('maps the verifier code %s to the audit reason %s', (code, reason) => {
    expect(accessTokenRefusalReason(new ManaError(code as AccessTokenErrorCode, 'refused'))).toBe(reason);
  });

  it('says verifier_error for anything that is not an access-token refusal', () => {
    for (const error of [
      new Error('boom'),
      new ManaError('INVALID_OPTION', 'x'),
      null,
      'TOKEN_EXPIRED',
      { code: 'toString' },
    ]) {
      expect(accessTokenRefusalReason(error)).toBe('verifier_error');
    }
  });
});
