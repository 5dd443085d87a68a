import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedServer, startServer } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/index.js';
import { type AuthServerOptions, type AuthServerStats, createAuthHandler, createSigningKey } from './auth-server.js';
import { assertBuilt, PACKAGE_DIR, runHealth } from './run-cli.js';

const fixture = (name: string) => readFileSync(join(PACKAGE_DIR, 'test', 'fixtures', name));
const servers: StartedServer[] = [];
const dirs: string[] = [];

async function serve(options: AuthServerOptions = {}, stats?: AuthServerStats): Promise<string> {
  const server = await startServer(createAuthHandler(options, stats));
  servers.push(server);
  return `${server.url}/api/v1/auth`;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mana-monitor-cli-'));
  dirs.push(dir);
  return dir;
}

function json(stdout: string): RunReport {
  return JSON.parse(stdout) as RunReport;
}

// The healthy target. Today this is a real server started here that serves the spec's headers
// and a real Ed25519 JWKS; point HEALTHY_TARGET at examples/hono-server (or any example server)
// once it exists, e.g. MANA_AUTH_MONITOR_HEALTHY_TARGET=http://127.0.0.1:3001/api/v1/auth.
let HEALTHY_TARGET: string;

beforeAll(async () => {
  assertBuilt();
  HEALTHY_TARGET = process.env.MANA_AUTH_MONITOR_HEALTHY_TARGET ?? (await serve());
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('mana-auth-health against a healthy target', () => {
  it('prints a readable table and exits 0', async () => {
    const { code, stdout, stderr } = await runHealth([HEALTHY_TARGET]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^HEALTHY {2}\S+ {2}http:\/\/127\.0\.0\.1:\d+\/api\/v1\/auth$/m);
    expect(stdout).toMatch(/✔ health {4}200 OK in \d+ ms, status "ok"/);
    expect(stdout).toMatch(/✔ jwks {6}1 key: EdDSA\/Ed25519 \(kid "[^"]+"\) in \d+ ms/);
    expect(stdout).toContain('✔ headers   7/7 headers as expected on /api/v1/auth/health, /api/v1/auth/jwks');
    expect(stdout).toMatch(/✔ latency {3}slowest \d+ ms/);
    expect(stdout).toContain('1 healthy, 0 degraded, 0 down → exit 0');
    expect(stdout).not.toContain('\u001b[');
  });

  it('prints the same report as JSON with --json', async () => {
    const { code, stdout } = await runHealth(['--json', '--name', 'local', HEALTHY_TARGET]);
    expect(code).toBe(0);
    const report = json(stdout);
    expect(report).toMatchObject({ tool: 'mana-auth-monitor', status: 'healthy', exitCode: 0, counts: { healthy: 1, degraded: 0, down: 0 } });
    expect(report.targets[0]?.name).toBe('local');
    expect(Object.fromEntries(report.targets[0]!.checks.map((c) => [c.name, c.status]))).toEqual({
      health: 'pass',
      jwks: 'pass',
      headers: 'pass',
      latency: 'pass',
      tls: 'skip',
      login: 'skip',
    });
  });

  it('prints nothing with --quiet when healthy, and uses colour only when forced', async () => {
    expect(await runHealth(['--quiet', HEALTHY_TARGET])).toMatchObject({ code: 0, stdout: '' });
    const forced = await runHealth([HEALTHY_TARGET], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\u001b[32m');
    const off = await runHealth(['--no-color', HEALTHY_TARGET], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(off.stdout).not.toContain('\u001b[');
  });
});

describe('mana-auth-health against broken targets', () => {
  it('a missing header: down, names the header, the paths and the fix', async () => {
    const { code, stdout } = await runHealth([await serve({ headers: { 'X-Frame-Options': null } })]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/^DOWN/m);
    expect(stdout).toContain('✖ headers   1 of 7 headers wrong: X-Frame-Options');
    expect(stdout).toContain(
      '→ X-Frame-Options is missing on /api/v1/auth/health and /api/v1/auth/jwks; send "X-Frame-Options: DENY" on every response',
    );
    expect(stdout).toContain('0 healthy, 0 degraded, 1 down → exit 2');
  });

  it('a wrong header value: down, shows the value seen and the value expected', async () => {
    const { code, stdout } = await runHealth(['--json', await serve({ headers: { 'Content-Security-Policy': 'default-src *' } })]);
    expect(code).toBe(2);
    const headers = json(stdout).targets[0]!.checks.find((c) => c.name === 'headers')!;
    expect(headers.status).toBe('fail');
    expect(headers.problems).toEqual([
      `Content-Security-Policy is "default-src *" on /api/v1/auth/health and /api/v1/auth/jwks, expected "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'"; send "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'" on every response (e.g. with @mana/secure-headers), or change the expected policy if this is deliberate.`,
    ]);
  });

  it('accepts equivalent spellings, and a deliberate policy given with --header / --skip-header', async () => {
    const reordered = await serve({ headers: { 'Content-Security-Policy': "script-src 'self'; style-src 'unsafe-inline' 'self'; default-src 'self'" } });
    expect((await runHealth([reordered])).code).toBe(0);
    const sameOrigin = await serve({ headers: { 'X-Frame-Options': 'SAMEORIGIN', 'Strict-Transport-Security': null } });
    expect((await runHealth([sameOrigin])).code).toBe(2);
    const accepted = await runHealth(['--header', 'X-Frame-Options: SAMEORIGIN', '--skip-header', 'Strict-Transport-Security', sameOrigin]);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain('6/6 headers as expected');
  });

  it('an RSA key in the JWKS: down, algorithm confusion explained', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const key = createSigningKey();
    const { code, stdout } = await runHealth([await serve({ key, jwks: { keys: [key.publicJwk, { ...rsa, kid: 'legacy-rs256', alg: 'RS256', use: 'sig' }] } })]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/✖ jwks {6}2 keys: EdDSA\/Ed25519, RS256\/RSA/);
    expect(stdout).toContain('→ Key #2 (kid "legacy-rs256") has kty "RSA"; only OKP (Ed25519) keys may be published. Remove it: an RSA, EC or symmetric key next to the EdDSA key re-opens algorithm-confusion attacks.');
  });

  it('a private "d" in the JWKS: down, rotate the key', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const leaked = { ...privateKey.export({ format: 'jwk' }), kid: 'leaked', alg: 'EdDSA', use: 'sig' };
    const { code, stdout } = await runHealth(['--json', await serve({ jwks: { keys: [leaked] } })]);
    expect(code).toBe(2);
    const jwks = json(stdout).targets[0]!.checks.find((c) => c.name === 'jwks')!;
    expect(jwks.status).toBe('fail');
    expect(jwks.problems).toEqual([
      'Key #1 (kid "leaked") exposes private key material ("d"). Anyone can now sign tokens: remove private members from the public JWKS at once, rotate the key and revoke sessions.',
    ]);
  });

  it('a slow response: degraded over --degraded-ms, down over --down-ms, down on timeout', async () => {
    const slow = await serve({ delayMs: 400 });
    const degraded = await runHealth(['--degraded-ms', '250', '--down-ms', '2000', slow]);
    expect(degraded.code).toBe(1);
    expect(degraded.stdout).toMatch(/^DEGRADED/m);
    expect(degraded.stdout).toMatch(/▲ latency {3}slowest 4\d\d ms/);
    expect(degraded.stdout).toMatch(/took 4\d\d ms, at or over the degraded threshold of 250 ms/);
    const down = await runHealth(['--degraded-ms', '100', '--down-ms', '300', slow]);
    expect(down.code).toBe(2);
    expect(down.stdout).toMatch(/at or over the down threshold of 300 ms/);
    const timeout = await runHealth(['--timeout', '150', slow]);
    expect(timeout.code).toBe(2);
    expect(timeout.stdout).toContain('✖ health    timed out');
    expect(timeout.stdout).toContain('no complete response from 127.0.0.1:');
    expect(timeout.stdout).toContain('✖ latency   /api/v1/auth/health timed out after 150 ms');
  });

  it('a 500: down, with the status and the start of the body', async () => {
    const { code, stdout } = await runHealth([await serve({ healthStatus: 500 })]);
    expect(code).toBe(2);
    expect(stdout).toContain('✖ health    HTTP 500 Internal Server Error');
    expect(stdout).toContain('→ GET /api/v1/auth/health returned 500 Internal Server Error, expected 200: {"status":"error","error":"database unreachable"}. Check the service logs.');
  });

  it('a health body that reports "degraded": degraded, exit 1', async () => {
    const { code, stdout } = await runHealth([await serve({ healthBody: { status: 'degraded' } })]);
    expect(code).toBe(1);
    expect(stdout).toContain('▲ health    200 OK');
    expect(stdout).toContain('but status "degraded"');
  });

  it('a closed port: down, connection refused, exit 2', async () => {
    const server = await startServer(createAuthHandler());
    await server.close();
    const { code, stdout } = await runHealth([`${server.url}/api/v1/auth`]);
    expect(code).toBe(2);
    expect(stdout).toContain('✖ health    connection refused');
    expect(stdout).toContain(`→ GET /api/v1/auth/health: connection refused by 127.0.0.1:${server.port}: nothing listens there. Is the auth service running, and is the base URL right?`);
    expect(stdout).toContain('– latency   no response to time');
  });

  it('a flapping target passes with --retries and says so', async () => {
    let calls = 0;
    const healthy = createAuthHandler();
    const server = await startServer((req, res) => {
      if (req.url?.endsWith('/health') && calls++ === 0) {
        res.writeHead(503).end('warming up');
        return;
      }
      healthy(req, res);
    });
    servers.push(server);
    const result = await runHealth(['--retries', '1', '--retry-delay', '50', `${server.url}/api/v1/auth`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✔ health {4}200 OK in \d+ ms, status "ok" \(after 2 attempts\)/);
  });
});

describe('mana-auth-health with several targets and a history file', () => {
  it('checks every target of a config file, applies defaults and writes the history', async () => {
    const dir = await tempDir();
    const broken = await serve({ headers: { 'Referrer-Policy': null } });
    await writeFile(join(dir, 'monitor.json'), JSON.stringify({
      defaults: { timeoutMs: 5000, degradedResponseMs: 1000 },
      targets: [
        { name: 'healthy', baseUrl: HEALTHY_TARGET },
        { name: 'no-referrer', baseUrl: broken },
        { name: 'no-referrer-allowed', baseUrl: broken, headers: { 'Referrer-Policy': false } },
      ],
      history: { file: 'history.jsonl' },
    }));
    const run = await runHealth(['--config', join(dir, 'monitor.json'), '--json']);
    expect(run.code).toBe(2);
    const report = json(run.stdout);
    expect(report.targets.map((t) => [t.name, t.status])).toEqual([
      ['healthy', 'healthy'],
      ['no-referrer', 'down'],
      ['no-referrer-allowed', 'healthy'],
    ]);
    expect(report.counts).toEqual({ healthy: 2, degraded: 0, down: 1 });
    await runHealth(['--config', join(dir, 'monitor.json'), '--quiet']);
    const lines = (await readFile(join(dir, 'history.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ type: 'header', format: 'mana-auth-monitor/history', version: 1 });
    expect(lines.slice(1).map((l) => `${l.target}:${l.status}`)).toEqual([
      'healthy:healthy', 'no-referrer:down', 'no-referrer-allowed:healthy',
      'healthy:healthy', 'no-referrer:down', 'no-referrer-allowed:healthy',
    ]);
    expect(lines[2].problems[0]).toMatch(/^headers: Referrer-Policy is missing/);
    expect(lines[1].checks).toEqual({ health: 'pass', jwks: 'pass', headers: 'pass', latency: 'pass', tls: 'skip', login: 'skip' });
  });

  it('exits 3 with a clear message for usage and config errors', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'typo.json'), JSON.stringify({ targets: [{ baseUrl: HEALTHY_TARGET, timeout: 5000 }] }));
    const cases: [string[], string][] = [
      [[], 'No target given: pass a base URL such as http://localhost:3001/api/v1/auth'],
      [['--bogus', HEALTHY_TARGET], "Unknown option '--bogus'"],
      [['--timeout', 'soon', HEALTHY_TARGET], '--timeout must be a whole number, got "soon".'],
      [[`${HEALTHY_TARGET}/health`], 'ends with an endpoint; give the auth base path instead'],
      [['--config', join(dir, 'missing.json')], 'missing.json does not exist'],
      [['--config', join(dir, 'typo.json')], '"targets[0].timeout" is not a known option'],
      [['--login', HEALTHY_TARGET], '--login needs MANA_AUTH_MONITOR_EMAIL and MANA_AUTH_MONITOR_PASSWORD'],
      [['--skip', 'dns', HEALTHY_TARGET], 'cannot skip unknown check "dns"'],
    ];
    for (const [args, message] of cases) {
      const result = await runHealth(args, { MANA_AUTH_MONITOR_EMAIL: undefined, MANA_AUTH_MONITOR_PASSWORD: undefined });
      expect({ args, code: result.code }).toEqual({ args, code: 3 });
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain('Run "mana-auth-health --help" for usage.');
      expect(result.stdout).toBe('');
    }
  });

  it('prints help and the package version', async () => {
    const help = await runHealth(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 healthy, 1 degraded, 2 down, 3 usage or config error');
    const { version } = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string };
    expect(await runHealth(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});

describe('mana-auth-health login smoke test', () => {
  const account = { email: 'monitor@example.com', password: 'correct horse battery staple' };
  const env = { MANA_AUTH_MONITOR_EMAIL: account.email, MANA_AUTH_MONITOR_PASSWORD: account.password };

  it('signs in, verifies the EdDSA token against the JWKS and signs out', async () => {
    const stats: AuthServerStats = { logins: 0, logouts: 0, lastLoginBody: null };
    const { code, stdout } = await runHealth(['--login', await serve({ account }, stats)], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/✔ login {5}signed in in \d+ ms; EdDSA access token verified with the JWKS \(kid "[^"]+"\), expires in 15 min, signed out/);
    expect(stats).toEqual({ logins: 1, logouts: 1, lastLoginBody: account });
  });

  it('fails on refused credentials without ever printing the password', async () => {
    const result = await runHealth(['--login', await serve({ account: { ...account, password: 'other' } })], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('✖ login     login refused (401)');
    expect(result.stdout).toContain('refused the monitoring account (401); check MANA_AUTH_MONITOR_EMAIL / MANA_AUTH_MONITOR_PASSWORD');
    expect(result.stdout + result.stderr).not.toContain(account.password);
  });

  it('fails when tokens are signed with a key the JWKS does not publish', async () => {
    const result = await runHealth(['--login', await serve({ account, tokenKey: createSigningKey() })], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/→ login: the access token's kid "[^"]+" is not in the JWKS; resource servers cannot verify it/);
  });
});

describe('mana-auth-health TLS check', () => {
  async function serveTls(cert: string, key: string): Promise<string> {
    const server = createHttpsServer({ cert: fixture(cert), key: fixture(key) }, createAuthHandler());
    const started = await startServer(server);
    servers.push(started);
    return `https://127.0.0.1:${started.port}/api/v1/auth`;
  }

  it('passes a trusted certificate and reports the days left', async () => {
    const url = await serveTls('valid-cert.pem', 'valid-key.pem');
    const { code, stdout } = await runHealth([url], { NODE_EXTRA_CA_CERTS: join(PACKAGE_DIR, 'test', 'fixtures', 'valid-cert.pem') });
    expect(stdout).toMatch(/✔ tls {7}TLSv1\.3, valid until 2126-\d\d-\d\d \(\d{5} days left\)/);
    expect(code).toBe(0);
  });

  it('fails an untrusted self-signed certificate and an expired one', async () => {
    const selfSigned = await runHealth([await serveTls('valid-cert.pem', 'valid-key.pem')]);
    expect(selfSigned.code).toBe(2);
    expect(selfSigned.stdout).toContain('certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT): the certificate is self-signed');
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
