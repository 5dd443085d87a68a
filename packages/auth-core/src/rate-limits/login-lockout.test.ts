import { describe, expect, it } from 'vitest';
import { LOGIN_LOCKOUT_DEFAULTS, resolveLockoutLimits } from './login-lockout.js';

describe('resolveLockoutLimits', () => {
  it('takes the given limits over the defaults, and keeps a default for an explicitly undefined one', () => {
    expect(resolveLockoutLimits()).toEqual(LOGIN_LOCKOUT_DEFAULTS);
    expect(resolveLockoutLimits({ maxFailuresPerDevice: 3, maxFailuresPerAccount: undefined })).toEqual({
      ...LOGIN_LOCKOUT_DEFAULTS,
      maxFailuresPerDevice: 3,
    });
    expect(LOGIN_LOCKOUT_DEFAULTS).toEqual({
      maxFailuresPerAccountAndIp: 10,
      maxFailuresPerAccount: 50,
      maxFailuresPerDevice: 10,
      windowSeconds: 900,
      deviceCookieMaxAgeSeconds: 31_536_000,
    });
  });
});
