import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetLegacyJwtEnvWarning } from '../src/config/legacy-env.js';
import { ManaAuthConfigError } from '../src/errors.js';
import { type AuthTestContext, BASE_URL, call, setupAuthTest, TEST_SECRET } from './harness.js';

let t: AuthTestContext;
beforeAll(async () => {
  t = await setupAuthTest();
});
afterAll(() => t.close());

function configError(overrides: Record<string, unknown>): ManaAuthConfigError {
  try {
    t.makeAuth(overrides as never);
  } catch (error) {
    if (error instanceof ManaAuthConfigError) return error;
    throw error;
  }
  throw new Error('expected a ManaAuthConfigError');
}

describe('config validation', () => {
  it.each([
    [{ secret: 'too-short' }, 'secret', /at least 32 bytes.*openssl rand/],
    [{ secret: undefined }, 'secret', /is required/],
    [{ baseURL: 'localhost:3001' }, 'baseURL', /absolute http\(s\) URL.*public URL/],
    [{ baseURL: 'ftp://example.com' }, 'baseURL', /http\(s\)/],
    [{ database: undefined }, 'database', /createDatabase/],
    [{ jwtAlgorithm: 'RS256' }, 'jwtAlgorithm', /unknown option/],
    [{ rateLimit: { storage: 'memcached' } }, 'rateLimit.storage', /memory.*database.*redis|Invalid option/],
    [{ rateLimit: { storage: 'redis' } }, 'rateLimit.storage', /needs the redis option/],
    [{ rateLimit: { signIn: { window: 60, maximum: 3 } } }, 'rateLimit.signIn.maximum', /unknown option/],
    [{ basePath: 'api/auth/' }, 'basePath', /start with "\/"/],
    [{ maxBodyBytes: 100 }, 'maxBodyBytes', /from 1024 to 1048576.*Fix: pass the largest body/],
    [{ maxBodyBytes: 1.5 }, 'maxBodyBytes', /whole number of bytes/],
    [
      { keyRotation: { intervalSeconds: 86400, gracePeriodSeconds: 60 } },
      'keyRotation.gracePeriodSeconds',
      /shorter than the access-token lifetime/,
    ],
    [{ revocation: { pruneIntervalMs: 10 } }, 'revocation.pruneIntervalMs', /1000/],
    [{ revocation: { onError: 'log' } }, 'revocation.onError', /must be a function/],
    [{ revocation: { reconnect: { initialDelayMs: -1 } } }, 'revocation.reconnect.initialDelayMs', /.+/],
    [{ revocation: { redis: {} } }, 'revocation.redis', /registry uses the config's own.*top level/],
    [{ revocation: { database: {} } }, 'revocation.database', /registry uses the config's own/],
    [
      { clientIp: { trustedProxies: ['10.0.0.0/8', '10.0.0.0/33'] } },
      'clientIp.trustedProxies',
      /"10\.0\.0\.0\/33" has a bad prefix length.*Fix: list the addresses or CIDRs/,
    ],
    [
      { clientIp: { trustedProxies: ['proxy.internal'] } },
      'clientIp.trustedProxies',
      /"proxy\.internal" is not an IP address or CIDR/,
    ],
    [
      { clientIp: { trustedProxies: ['[::1]:8080'] } },
      'clientIp.trustedProxies',
      /not an IP address or CIDR \(no host names, spaces, ports or brackets\)/,
    ],
    [
      { clientIp: { headers: ['x-forwarded-for'] } },
      'clientIp.headers',
      /read only from trusted proxies.*trustedProxies is not set.*Fix: .*set clientIp\.trustedProxies/,
    ],
    [
      { clientIp: { trustedProxies: ['10.0.0.1'], headers: ['X-Mana-Client-IP'] } },
      'clientIp.headers',
      /must not name "x-mana-client-ip".*socket address is used without configuration/,
    ],
    [{ clientIp: { trustedProxy: ['10.0.0.1'] } }, 'clientIp.trustedProxy', /unknown option.*trustedProxies/],
  ])('%j → error on %s', (overrides, field, message) => {
    const error = configError(overrides);
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('Fix:');
  });

  it.each([
    [{ basepath: '/auth' }, 'basepath', 'basePath'],
    [{ baseUrl: 'http://localhost:3001' }, 'baseUrl', 'baseURL'],
    [{ rateLimit: { sigIn: { window: 60, max: 3 } } }, 'rateLimit.sigIn', 'signIn'],
    [{ rateLimit: { signIn: { windw: 60, max: 3 } } }, 'rateLimit.signIn.windw', 'window'],
    [
      { keyRotation: { intervalSeconds: 86400, gracePeriodSecond: 900 } },
      'keyRotation.gracePeriodSecond',
      'gracePeriodSeconds',
    ],
    [{ loginLockout: { windowSecond: 60 } }, 'loginLockout.windowSecond', 'windowSeconds'],
    [
      { loginLockout: { maxFailuresPerDevices: 5 } },
      'loginLockout.maxFailuresPerDevices',
      'maxFailuresPerDevice',
    ],
    [{ revocation: { pruneInterval: 60_000 } }, 'revocation.pruneInterval', 'pruneIntervalMs'],
    [{ revocation: { onErr: () => {} } }, 'revocation.onErr', 'onError'],
    [{ revocation: { reconnect: { maxDelay: 10 } } }, 'revocation.reconnect.maxDelay', 'maxDelayMs'],
    [{ revocations: {} }, 'revocations', 'revocation'],
  ])('%j → unknown option %s, did you mean %s', (overrides, field, suggestion) => {
    const error = configError(overrides);
    expect(error.field).toBe(field);
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(
      `Invalid auth config: ${field}: unknown option. Fix: did you mean "${suggestion}"? Rename it, or check the spelling against docs/configuration.md.`,
    );
    expect(error.fix).toContain(`did you mean "${suggestion}"?`);
  });

  it('has no suggestion for an option with no close name', () => {
    const error = configError({ jwtAlgorithm: 'RS256' });
    expect(error.message).toBe(
      'Invalid auth config: jwtAlgorithm: unknown option. Fix: remove it, or check the spelling against docs/configuration.md.',
    );
  });

  it('never echoes the secret in an error', () => {
    const error = configError({ secret: 'hunter2-is-my-short-secret' });
    expect(error.message).not.toContain('hunter2');
  });

  it('mounts every route under /api/v1/auth by default', async () => {
    const auth = t.makeAuth();
    expect(auth.options.basePath).toBe('/api/v1/auth');
    expect((await call(auth, 'GET', '/jwks')).status).toBe(200);
  });

  it('has no way to choose another signing algorithm', () => {
    const auth = t.makeAuth();
    const jwt = auth.options.plugins.find((p) => p.id === 'jwt') as {
      options?: { jwks?: { keyPairConfig?: unknown } };
    };
    expect(jwt.options?.jwks?.keyPairConfig).toEqual({ alg: 'EdDSA', crv: 'Ed25519' });
  });
});

describe('legacy JWT environment variables', () => {
  it('says once that JWT_PRIVATE_KEY, JWT_PUBLIC_KEY and JWT_SECRET are ignored', () => {
    resetLegacyJwtEnvWarning();
    const warned: string[] = [];
    const none = () => {};
    const logger = {
      error: none,
      info: none,
      warn: (_: unknown, msg?: string) => void warned.push(String(msg)),
    };
    process.env.JWT_SECRET = 'legacy';
    process.env.JWT_PRIVATE_KEY = 'legacy';
    try {
      t.makeAuth({ logger });
      t.makeAuth({ logger });
      const messages = warned.filter((m) => m.includes('JWT_'));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/JWT_PRIVATE_KEY, JWT_SECRET are set but ignored/);
      expect(messages[0]).toContain('docs/migrating-from-jwt-env-keys.md');
      expect(messages[0]).not.toContain('legacy');
    } finally {
      delete process.env.JWT_SECRET;
      delete process.env.JWT_PRIVATE_KEY;
    }
  });

  it('never reads them: tokens are still EdDSA from auth.jwks', async () => {
    process.env.JWT_SECRET = TEST_SECRET;
    try {
      const res = await call(t.makeAuth(), 'GET', '/jwks');
      expect((res.body as { keys: Array<{ alg: string }> }).keys.every((k) => k.alg === 'EdDSA')).toBe(true);
    } finally {
      delete process.env.JWT_SECRET;
    }
  });
});

it('uses the base URL origin as issuer and audience unless configured', () => {
  const auth = t.makeAuth({
    accessToken: { issuer: 'https://issuer.example', audience: ['api-a', 'api-b'] },
  });
  const jwt = auth.options.plugins.find((p) => p.id === 'jwt') as {
    options?: { jwt?: { issuer?: string; audience?: unknown } };
  };
  expect(jwt.options?.jwt).toMatchObject({ issuer: 'https://issuer.example', audience: ['api-a', 'api-b'] });
  expect(BASE_URL).toMatch(/^http/);
});
