// Differential test: our verifier (createAccessTokenVerifier on the @mana/internal core) against
// jose 6's jwtVerify as the oracle, on the forged-token catalogue and a few thousand generated
// valid and invalid tokens. Why we keep our own verifier at all: docs/benchmarks.md.
//
// The oracle is jose with `algorithms: ['EdDSA']`, `typ: 'at+jwt'` (RFC 9068: jose compares it as
// a media type, as we do), the same issuer, audience, clock and tolerance,
// `requiredClaims: ['exp', 'sub']`, and `maxTokenAge` when the token has an `iat` (the only way
// to make jose refuse an `iat` in the future, as we do). On top of jose's verdict, three rules of
// our policy are stricter than jose, each documented in docs/security.md and counted below:
//   canonical — every segment is canonical unpadded base64url (jose decodes leniently);
//   forbidden — no jwk, jku, x5u, x5c, x5t, x5t#S256 or crit header (jose ignores the first six
//               when it is given the key, and accepts crit: ["b64"]);
//   sub       — sub must be a string (jose only checks that it is present).
// (A token without kid needs a JWKS with exactly one usable key: jose 6 agrees, see the catalogue.)
// Expected verdict = jose accepts and no stricter rule applies. Reasons are compared too, through
// the mapping in `reasonsFor` (our parser reads the payload before the signature check, so a
// corrupt payload is TOKEN_MALFORMED where jose reports the signature or the key).
import { createLocalJWKSet, errors, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { AccessTokenError, type AccessTokenErrorCode, createAccessTokenVerifier } from '../src/index.js';
import {
  AUD,
  type Case,
  cases,
  ISS,
  lenientJson,
  NOW,
  SEED,
  stricterRule,
  TOLERANCE,
} from './differential-cases.js';

type Verdict = { ok: true } | { ok: false; code: string; claim?: string; reason?: string };

async function jose(c: Case): Promise<Verdict> {
  const payload = lenientJson(c.token.split('.')[1]);
  try {
    await jwtVerify(c.token, createLocalJWKSet(c.jwks as never), {
      algorithms: ['EdDSA'],
      typ: 'at+jwt',
      issuer: ISS,
      audience: AUD,
      clockTolerance: TOLERANCE,
      currentDate: new Date(NOW * 1000),
      requiredClaims: ['exp', 'sub'],
      ...(payload && Object.hasOwn(payload, 'iat') ? { maxTokenAge: 1e9 } : {}),
    });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof errors.JOSEError)) throw error;
    const claim = error instanceof errors.JWTClaimValidationFailed ? error : undefined;
    return { ok: false, code: error.code, ...(claim ? { claim: claim.claim, reason: claim.reason } : {}) };
  }
}

/** Our codes that correspond to jose's refusal. */
function reasonsFor(v: Verdict & { ok: false }): AccessTokenErrorCode[] {
  switch (v.code) {
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return ['TOKEN_MALFORMED', 'TOKEN_WRONG_ALGORITHM'];
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return ['TOKEN_WRONG_ALGORITHM'];
    case 'ERR_JOSE_NOT_SUPPORTED':
      return ['TOKEN_FORBIDDEN_HEADER', 'TOKEN_WRONG_ALGORITHM'];
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return ['TOKEN_UNKNOWN_KEY', 'TOKEN_MALFORMED'];
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return ['TOKEN_BAD_SIGNATURE', 'TOKEN_MALFORMED'];
    case 'ERR_JWT_EXPIRED':
      return ['TOKEN_EXPIRED'];
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (v.claim === 'aud') return ['TOKEN_WRONG_AUDIENCE'];
      if (v.reason !== 'check_failed') return ['TOKEN_MALFORMED'];
      if (v.claim === 'typ') return ['TOKEN_TYPE_INVALID'];
      if (v.claim === 'iss') return ['TOKEN_WRONG_ISSUER', 'TOKEN_MALFORMED'];
      return ['TOKEN_NOT_YET_VALID'];
    default:
      return [];
  }
}

// ----- our verifier ------------------------------------------------------------------------

const verifiers = new Map<object, (token: string) => Promise<unknown>>();
async function ours(c: Case): Promise<{ ok: true } | { ok: false; code: AccessTokenErrorCode }> {
  let verify = verifiers.get(c.jwks);
  if (!verify) {
    verify = createAccessTokenVerifier({
      jwks: c.jwks,
      issuer: ISS,
      audience: AUD,
      clockToleranceSeconds: TOLERANCE,
      now: () => NOW * 1000,
    });
    verifiers.set(c.jwks, verify);
  }
  try {
    await verify(c.token);
    return { ok: true };
  } catch (error) {
    if (error instanceof AccessTokenError) return { ok: false, code: error.code };
    throw error;
  }
}

describe('our verifier and jose give the same verdict', () => {
  it(`on the forged-token catalogue and ~4,400 generated tokens (seed ${SEED})`, async () => {
    const tally = {
      accepted: 0,
      rejected: 0,
      byRule: {} as Record<string, number>,
      reasonsCompared: 0,
      typRefused: 0,
      typOtherSpellingAccepted: 0,
    };
    const disagreements: string[] = [];
    for (const c of cases()) {
      const [expected, actual] = [await jose(c), await ours(c)];
      const rule = stricterRule(c);
      const expectOk = expected.ok && rule === null;
      if (rule && expected.ok) tally.byRule[rule] = (tally.byRule[rule] ?? 0) + 1;
      if (actual.ok) tally.accepted++;
      else tally.rejected++;
      if (!actual.ok && actual.code === 'TOKEN_TYPE_INVALID') tally.typRefused++;
      if (actual.ok && lenientJson(c.token.split('.')[0])?.typ !== 'at+jwt') tally.typOtherSpellingAccepted++;
      if (actual.ok !== expectOk) {
        disagreements.push(
          `${c.name}: jose ${JSON.stringify(expected)}, rule ${rule}, ours ${JSON.stringify(actual)}: ${c.token}`,
        );
        continue;
      }
      if (c.reason && !expected.ok && !actual.ok && rule === null) {
        tally.reasonsCompared++;
        const allowed = reasonsFor(expected);
        if (!allowed.includes(actual.code))
          disagreements.push(
            `${c.name}: jose ${JSON.stringify(expected)} but ours ${actual.code}: ${c.token}`,
          );
      }
    }
    console.log(`[differential] ${JSON.stringify(tally)}`);
    expect(disagreements.slice(0, 10)).toEqual([]);
    // The generators must exercise both outcomes and every stricter rule, or the test proves little.
    expect(tally.accepted + tally.rejected).toBeGreaterThan(4000);
    expect(tally.accepted).toBeGreaterThan(800);
    expect(tally.rejected).toBeGreaterThan(1500);
    expect(tally.reasonsCompared).toBeGreaterThan(250);
    for (const rule of ['canonical', 'forbidden', 'sub']) expect(tally.byRule[rule]).toBeGreaterThan(0);
    // typ: refused spellings and accepted ones other than the canonical "at+jwt" both occur.
    expect(tally.typRefused).toBeGreaterThan(100);
    expect(tally.typOtherSpellingAccepted).toBeGreaterThan(30);
  }, 120_000);
});
