import { describe, expect, it } from 'vitest';
import { MonitorError } from '../monitor-error.js';
import { configTargets, parseMonitorConfig } from './monitor-config.js';
import { resolveTargets } from './resolve-targets.js';

const account = { email: 'monitor@example.com', password: 'correct horse battery staple' };
const resolveLogin = (baseUrl: string, allowInsecureHttp?: unknown) =>
  resolveTargets([
    {
      baseUrl,
      login: { ...account, ...(allowInsecureHttp === undefined ? {} : { allowInsecureHttp }) } as never,
    },
  ])[0]!.login;

describe('the login password and plain http', () => {
  it.each([
    'http://auth.internal/api/v1/auth',
    'http://10.0.0.5:3001/api/v1/auth',
    'http://[fd00::2]:3001/api/v1/auth',
    'http://127.0.0.1.nip.io/api/v1/auth',
  ])('refuses a non-loopback http target by default: %s', (baseUrl) => {
    let error: unknown;
    try {
      resolveLogin(baseUrl);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MonitorError);
    expect(error).toMatchObject({ code: 'INVALID_OPTION' });
    const message = (error as Error).message;
    expect(message).toContain(
      `target #1: refusing to send the login password in clear text to ${new URL(baseUrl).origin}`,
    );
    expect(message).toContain('--allow-insecure-login');
    expect(message).not.toContain(account.password);
    expect(message).not.toMatch(/\n/);
  });

  it.each([
    'http://127.0.0.1:3001/api/v1/auth',
    'http://127.8.9.10/api/v1/auth',
    'http://localhost:3001/api/v1/auth',
    'http://auth.localhost/api/v1/auth',
    'http://[::1]:3001/api/v1/auth',
    'http://[::ffff:127.0.0.1]:3001/api/v1/auth',
    'https://auth.example.com/api/v1/auth',
  ])('allows loopback http and any https: %s', (baseUrl) => {
    expect(resolveLogin(baseUrl)?.email).toBe(account.email);
  });

  it('allows a non-loopback http target when opted in by name, and checks the opt-in type', () => {
    expect(resolveLogin('http://auth.internal/api/v1/auth', true)?.loginUrl).toBe(
      'http://auth.internal/api/v1/auth/login',
    );
    expect(() => resolveLogin('http://auth.internal/api/v1/auth', 'yes')).toThrow(
      '"login.allowInsecureHttp" must be true or false, got "yes"',
    );
    expect(() => resolveTargets([{ baseUrl: 'http://auth.internal/api/v1/auth' }])).not.toThrow();
  });

  it('reads the opt-in from the config file through the config validator', () => {
    const login = { emailEnv: 'E', passwordEnv: 'P' };
    const env = { E: account.email, P: account.password };
    const refused = parseMonitorConfig({ targets: [{ baseUrl: 'http://auth.internal/api/v1/auth', login }] });
    expect(() => resolveTargets(configTargets(refused, env))).toThrow('--allow-insecure-login');
    const allowed = parseMonitorConfig({
      targets: [
        { baseUrl: 'http://auth.internal/api/v1/auth', login: { ...login, allowInsecureHttp: true } },
      ],
    });
    expect(resolveTargets(configTargets(allowed, env))[0]?.login?.email).toBe(account.email);
    expect(() =>
      parseMonitorConfig(
        { targets: [{ baseUrl: 'http://a', login: { ...login, allowInsecureHttp: 'true' } }] },
        'm.json',
      ),
    ).toThrow('m.json: "targets[0].login.allowInsecureHttp" must be true or false, got "true".');
  });
});
