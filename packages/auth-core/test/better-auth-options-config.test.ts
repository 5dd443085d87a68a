import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManaAuthConfigError } from '../src/errors.js';
import { type AuthTestContext, setupAuthTest } from './harness.js';

let t: AuthTestContext;
beforeAll(async () => {
  t = await setupAuthTest();
});
afterAll(() => t.close());

const mailSender = async () => {};
const secret32 = (c: string) => c.repeat(32);

function configError(overrides: Record<string, unknown>): ManaAuthConfigError {
  try {
    t.makeAuth(overrides as never);
  } catch (error) {
    if (error instanceof ManaAuthConfigError) return error;
    throw error;
  }
  throw new Error('expected a ManaAuthConfigError');
}

describe('Better Auth options: what stays enforced', () => {
  it.each([
    [
      { session: { cookieCache: { enabled: false } } },
      'session',
      /cannot be overridden.*cookie cache always on/,
    ],
    [{ emailAndPassword: { enabled: true, minPasswordLength: 4 } }, 'emailAndPassword', /minPasswordLength/],
    [{ jwt: { alg: 'RS256' } }, 'jwt', /EdDSA/],
    [{ databaseHooks: {} }, 'databaseHooks', /plugin/],
    [{ plugins: [{ id: 'jwt' }] }, 'plugins', /"jwt" plugin.*EdDSA/],
    [
      { advanced: { ipAddress: { ipAddressHeaders: ['x-forwarded-for'] } } },
      'advanced.ipAddress',
      /clientIp/,
    ],
    [{ advanced: { disableCSRFCheck: true } }, 'advanced.disableCSRFCheck', /CSRF checks stay on/],
    [{ advanced: { disableOriginCheck: true } }, 'advanced.disableOriginCheck', /trustedOrigins/],
    [
      { baseURL: 'https://auth.example.com', advanced: { useSecureCookies: false } },
      'advanced.useSecureCookies',
      /plain HTTP.*unsafeAllowInsecureCookies: true/,
    ],
    [
      { advanced: { defaultCookieAttributes: { httpOnly: false } } },
      'advanced.defaultCookieAttributes.httpOnly',
      /page scripts/,
    ],
    [
      { advanced: { cookies: { session_token: { attributes: { httpOnly: false } } } } },
      'advanced.cookies.session_token.attributes.httpOnly',
      /page scripts/,
    ],
    [{ emailVerification: { sendOnSignUp: true } }, 'emailVerification', /mailSender/],
    [{ requireEmailVerification: true }, 'requireEmailVerification', /mailSender/],
    [{ secrets: [{ version: 1, value: 'short' }] }, 'secrets.0.value', /at least 32 bytes/],
    [
      {
        secrets: [
          { version: 1, value: secret32('a') },
          { version: 1, value: secret32('b') },
        ],
      },
      'secrets',
      /versions must be unique/,
    ],
    [{ secrets: [] }, 'secrets', /.+/],
    [{ logger: { level: 'verbose' } }, 'logger.level', /.+/],
    [{ logger: { log: 'console' } }, 'logger.log', /must be a function/],
    [{ appName: '' }, 'appName', /.+/],
    [{ socialProviders: { github: 'yes' } }, 'socialProviders.github', /.+/],
  ])('%j → error on %s', (overrides, field, message) => {
    const error = configError(overrides);
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('Fix:');
  });

  it.each([
    [{ advanced: { cookiePrefx: 'acme' } }, 'advanced.cookiePrefx', 'cookiePrefix'],
    [
      { emailVerification: { sendOnSignup: true }, mailSender },
      'emailVerification.sendOnSignup',
      'sendOnSignUp',
    ],
    [{ socialProvider: {} }, 'socialProvider', 'socialProviders'],
  ])('%j → unknown option %s, did you mean %s', (overrides, field, suggestion) => {
    const error = configError(overrides);
    expect(error.field).toBe(field);
    expect(error.message).toContain(`did you mean "${suggestion}"`);
  });

  it('accepts the pass-through options, and insecure cookies on https only when opted into by name', () => {
    expect(() =>
      t.makeAuth({
        appName: 'Acme',
        mailSender,
        emailVerification: { sendOnSignUp: true, expiresIn: 600 },
        requireEmailVerification: true,
        socialProviders: { github: { clientId: 'id', clientSecret: 'secret' } },
        logger: { level: 'error', log: () => {} },
        secrets: [{ version: 2, value: secret32('n') }],
        advanced: {
          cookiePrefix: 'acme',
          crossSubDomainCookies: { enabled: true, domain: 'example.com' },
          defaultCookieAttributes: { sameSite: 'lax' },
        },
      }),
    ).not.toThrow();
    expect(() =>
      t.makeAuth({
        baseURL: 'https://auth.example.com',
        advanced: { useSecureCookies: false },
        unsafeAllowInsecureCookies: true,
      }),
    ).not.toThrow();
    // http baseURL: not secure anyway, nothing to opt into.
    expect(() => t.makeAuth({ advanced: { useSecureCookies: false } })).not.toThrow();
  });
});
