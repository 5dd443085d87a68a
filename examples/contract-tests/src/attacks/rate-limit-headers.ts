import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../http-client.js';
import { AUTH } from './attack-helpers.js';
import { type AttackSetup, type AttackTarget, startAttackTarget } from './target.js';

const SIGN_IN = { max: 4, window: 60 };

/**
 * A client hammering a limited route learns the policy from every answer (`RateLimit-Policy`)
 * and, once refused, how long to wait (`RateLimit` with `r=0;t=…`, and `Retry-After`).
 */
export function describeRateLimitHeaderAttacks(setup: AttackSetup): void {
  describe('rate-limit headers: RateLimit-Policy and RateLimit (IETF draft)', () => {
    let target: AttackTarget;
    beforeAll(async () => {
      target = await startAttackTarget(setup, { RATE_LIMIT_SIGN_IN: `${SIGN_IN.max}/${SIGN_IN.window}` });
    }, 60_000);
    afterAll(() => target?.stop());

    it('states the sign-in policy on every answer and the reset time on the refusal', async () => {
      const client = new Client(target.url);
      const policy = `"sign-in";q=${SIGN_IN.max};w=${SIGN_IN.window}`;
      // Unknown accounts: the lockout never counts them, only the limiter refuses.
      const attempt = (i: number) =>
        client.request('POST', `${AUTH}/login`, {
          json: { email: `nobody${i}@example.com`, password: 'Wrong-password-1' },
        });
      for (let i = 0; i < SIGN_IN.max; i++) {
        const allowed = await attempt(i);
        expect(allowed.status).toBe(401);
        expect(allowed.headers.get('ratelimit-policy')).toBe(policy);
        // Redis reports its count, so an allowed answer says what is left; the database does not.
        expect(allowed.headers.get('ratelimit')).toBe(
          setup.redis ? `"sign-in";r=${SIGN_IN.max - 1 - i}` : null,
        );
      }
      const refused = await attempt(SIGN_IN.max);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('ratelimit-policy')).toBe(policy);
      const field = /^"sign-in";r=0;t=(\d+)$/.exec(refused.headers.get('ratelimit') ?? '');
      expect(field, refused.headers.get('ratelimit') ?? 'no RateLimit field').not.toBeNull();
      const resetSeconds = Number(field![1]);
      expect(resetSeconds).toBeGreaterThan(0);
      expect(resetSeconds).toBeLessThanOrEqual(SIGN_IN.window);
      expect(Number(refused.headers.get('retry-after'))).toBe(resetSeconds);
      expect(refused.body.error.code).toBe('RATE_LIMITED');
    });

    it('names the token policy on /refresh and no policy on the unlimited routes', async () => {
      const client = new Client(target.url);
      const refresh = await client.request('POST', `${AUTH}/refresh`);
      expect(refresh.status).toBe(401);
      expect(refresh.headers.get('ratelimit-policy')).toMatch(/^"token";q=\d+;w=\d+$/);
      for (const path of ['/jwks', '/health', '/session']) {
        const result = await client.request('GET', `${AUTH}${path}`);
        expect(result.headers.get('ratelimit-policy'), path).toBeNull();
      }
    });
  });
}
