import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { startServer } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServerStats, createAuthHandler, createSigningKey } from './auth-server.js';
import { assertBuilt, PACKAGE_DIR, runHealth } from './run-cli.js';
import { createServerPool, parseReport as json } from './server-pool.js';

const pool = createServerPool();
const serve = pool.serve;
const fixture = (name: string) => readFileSync(join(PACKAGE_DIR, 'test', 'fixtures', name));

const RELAXED = ['--degraded-ms', '3000', '--down-ms', '10000'];

beforeAll(() => assertBuilt());
afterAll(() => pool.close());

describe('mana-auth-health login smoke test', () => {
  const account = { email: 'monitor@example.com', password: 'correct horse battery staple' };
  const env = { MANA_AUTH_MONITOR_EMAIL: account.email, MANA_AUTH_MONITOR_PASSWORD: account.password };

  it('signs in, verifies the EdDSA token against the JWKS and signs out', async () => {
    const stats: AuthServerStats = { logins: 0, logouts: 0, lastLoginBody: null };
    const { code, stdout } = await runHealth([...RELAXED, '--login', await serve({ account }, stats)], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /✔ login {5}signed in in \d+ ms; EdDSA access token verified with the JWKS \(kid "[^"]+"\), expires in 15 min, signed out/,
    );
    expect(stats).toEqual({ logins: 1, logouts: 1, lastLoginBody: account });
  });

  it('fails on refused credentials without ever printing the password', async () => {
    const result = await runHealth(
      ['--login', await serve({ account: { ...account, password: 'other' } })],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('✖ login     login refused (401)');
    expect(result.stdout).toContain(
      'refused the monitoring account (401: {"error":{"code":"INVALID_CREDENTIALS","message":"Invalid email or password"}}); check MANA_AUTH_MONITOR_EMAIL / MANA_AUTH_MONITOR_PASSWORD',
    );
    expect(result.stdout + result.stderr).not.toContain(account.password);
  });

  it('sends the target origin, and explains an origin the service does not trust', async () => {
    const url = await serve({ account, trustedOrigin: 'https://auth.example.com' });
    const result = await runHealth([...RELAXED, '--login', url], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      `refused the monitoring account (403: {"error":{"code":"FORBIDDEN","message":"Invalid origin"}}); the service does not trust the origin ${new URL(url).origin}: monitor it under the host name of its BASE_URL, or add ${new URL(url).origin} to its trusted origins.`,
    );
  });

  it('fails when tokens are signed with a key the JWKS does not publish', async () => {
    const result = await runHealth(
      [...RELAXED, '--login', await serve({ account, tokenKey: createSigningKey() })],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /→ login: the access token's kid "[^"]+" is not in the JWKS; resource servers cannot verify it/,
    );
  });
  it('refuses to send the password over plain http to a non-loopback host unless --allow-insecure-login', async () => {
    // TEST-NET-3 (RFC 5737): nothing answers there; the refusal must come before any request.
    const remote = 'http://203.0.113.7:3001/api/v1/auth';
    const refused = await runHealth(['--login', '--timeout', '500', remote], env);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.split('\n')[0]).toBe(
      'mana-auth-health: target #1: refusing to send the login password in clear text to http://203.0.113.7:3001 (plain http:// to a host that is not loopback); use https://, or pass --allow-insecure-login (config: "login": { "allowInsecureHttp": true }) if the network to it is trusted.',
    );
    expect(refused.stdout + refused.stderr).not.toContain(account.password);
    const allowed = await runHealth(
      ['--login', '--allow-insecure-login', '--timeout', '500', '--json', remote],
      env,
    );
    expect(allowed.code).toBe(2); // it tried: nothing answers at TEST-NET-3
    const login = json(allowed.stdout).targets[0]!.checks.find((c) => c.name === 'login')!;
    expect(login.status).toBe('fail');
    expect(allowed.stdout).not.toContain(account.password);
  });
});

describe('mana-auth-health TLS check', () => {
  async function serveTls(cert: string, key: string): Promise<string> {
    const server = createHttpsServer({ cert: fixture(cert), key: fixture(key) }, createAuthHandler());
    const started = await startServer(server);
    pool.track(started);
    return `https://127.0.0.1:${started.port}/api/v1/auth`;
  }

  it('passes a trusted certificate and reports the days left', async () => {
    const url = await serveTls('valid-cert.pem', 'valid-key.pem');
    const { code, stdout } = await runHealth([...RELAXED, url], {
      NODE_EXTRA_CA_CERTS: join(PACKAGE_DIR, 'test', 'fixtures', 'valid-cert.pem'),
    });
    expect(stdout).toMatch(/✔ tls {7}TLSv1\.3, valid until 2126-\d\d-\d\d \(\d{5} days left\)/);
    expect(code).toBe(0);
  });

  it('fails an untrusted self-signed certificate and an expired one', async () => {
    const selfSigned = await runHealth([await serveTls('valid-cert.pem', 'valid-key.pem')]);
    expect(selfSigned.code).toBe(2);
    expect(selfSigned.stdout).toContain(
      'certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT): the certificate is self-signed',
    );
    expect(selfSigned.stdout).toMatch(/✖ health {4}TLS error/);
    const expired = await runHealth(['--json', await serveTls('expired-cert.pem', 'expired-key.pem')], {
      NODE_EXTRA_CA_CERTS: join(PACKAGE_DIR, 'test', 'fixtures', 'expired-cert.pem'),
    });
    expect(expired.code).toBe(2);
    const tls = json(expired.stdout).targets[0]!.checks.find((c) => c.name === 'tls')!;
    expect(tls.status).toBe('fail');
    expect(tls.summary).toContain('valid until 2020-02-01');
    expect(tls.problems.join(' ')).toContain('CERT_HAS_EXPIRED');
  });
});
