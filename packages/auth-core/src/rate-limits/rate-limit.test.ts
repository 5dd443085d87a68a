import { describe, expect, it } from 'vitest';
import { rateLimitFields, rateLimitPolicyFor } from './rate-limit.js';

describe('rate-limit fields', () => {
  it('names the policy of each limited route, none for the unlimited ones', () => {
    expect(rateLimitPolicyFor(undefined, '/login')).toEqual({ name: 'sign-in', window: 60, max: 10 });
    expect(rateLimitPolicyFor(undefined, '/sign-in/email')).toMatchObject({ name: 'sign-in' });
    expect(rateLimitPolicyFor({ token: { window: 30, max: 7 } }, '/refresh')).toEqual({
      name: 'token',
      window: 30,
      max: 7,
    });
    expect(rateLimitPolicyFor(undefined, '/password/forgot')).toMatchObject({ name: 'password' });
    expect(rateLimitPolicyFor(undefined, '/sessions')).toMatchObject({ name: 'other', max: 300 });
    for (const path of ['/jwks', '/get-session', '/session', '/health', '/change-email'])
      expect(rateLimitPolicyFor(undefined, path), path).toBeUndefined();
    expect(rateLimitPolicyFor({ enabled: false }, '/login')).toBeUndefined();
  });

  it('serialises the draft-ietf-httpapi-ratelimit-headers structured fields', () => {
    const policy = { name: 'sign-in', window: 60, max: 5 };
    expect(rateLimitFields(policy)).toEqual({ 'ratelimit-policy': '"sign-in";q=5;w=60' });
    expect(rateLimitFields(policy, { retryAfterSeconds: 41.2 })).toEqual({
      'ratelimit-policy': '"sign-in";q=5;w=60',
      ratelimit: '"sign-in";r=0;t=42',
    });
    expect(rateLimitFields(policy, { used: 2 }).ratelimit).toBe('"sign-in";r=3');
  });
});
