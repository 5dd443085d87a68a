import { generateKeyPairSync } from 'node:crypto';
import { startServer } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthHandler, createSigningKey } from './auth-server.js';
import { assertBuilt, runHealth } from './run-cli.js';
import { createServerPool, HEALTHY_HTTP_CHECKS, parseReport as json } from './server-pool.js';

const pool = createServerPool();
const serve = pool.serve;

// The healthy target. Today this is a real server started here that serves the spec's headers
// and a real Ed25519 JWKS; point it at examples/hono-server (or any example server) once it
// exists: MANA_AUTH_MONITOR_HEALTHY_TARGET=http://127.0.0.1:3001/api/v1/auth.
let HEALTHY_TARGET: string;
// Thresholds for tests about something other than latency, so that a loaded CI machine cannot
// turn a healthy target into a degraded one. The latency test uses its own.
const RELAXED = ['--degraded-ms', '3000', '--down-ms', '10000'];

beforeAll(async () => {
  assertBuilt();
  HEALTHY_TARGET = process.env.MANA_AUTH_MONITOR_HEALTHY_TARGET ?? (await serve());
});
afterAll(() => pool.close());

describe('mana-auth-health against a healthy target', () => {
  it('prints a readable table and exits 0', async () => {
    const { code, stdout, stderr } = await runHealth([...RELAXED, HEALTHY_TARGET]);
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
    const { code, stdout } = await runHealth([...RELAXED, '--json', '--name', 'local', HEALTHY_TARGET]);
    expect(code).toBe(0);
    const report = json(stdout);
    expect(report).toMatchObject({
      tool: 'mana-auth-monitor',
      status: 'healthy',
      exitCode: 0,
      counts: { healthy: 1, degraded: 0, down: 0 },
    });
    expect(report.targets[0]?.name).toBe('local');
    expect(Object.fromEntries(report.targets[0]!.checks.map((c) => [c.name, c.status]))).toEqual(
      HEALTHY_HTTP_CHECKS,
    );
  });

  it('prints nothing with --quiet when healthy, and uses colour only when forced', async () => {
    expect(await runHealth([...RELAXED, '--quiet', HEALTHY_TARGET])).toMatchObject({ code: 0, stdout: '' });
    const forced = await runHealth([...RELAXED, HEALTHY_TARGET], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\u001b[32m');
    const off = await runHealth([...RELAXED, '--no-color', HEALTHY_TARGET], {
      NO_COLOR: undefined,
      FORCE_COLOR: '1',
    });
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
    const { code, stdout } = await runHealth([
      '--json',
      await serve({ headers: { 'Content-Security-Policy': 'default-src *' } }),
    ]);
    expect(code).toBe(2);
    const headers = json(stdout).targets[0]!.checks.find((c) => c.name === 'headers')!;
    expect(headers.status).toBe('fail');
    expect(headers.problems).toEqual([
      `Content-Security-Policy is "default-src *" on /api/v1/auth/health and /api/v1/auth/jwks, expected "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'"; send "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'" on every response (e.g. with @mana/secure-headers), or change the expected policy if this is deliberate.`,
    ]);
  });

  it('accepts equivalent spellings, and a deliberate policy given with --header / --skip-header', async () => {
    const reordered = await serve({
      headers: {
        'Content-Security-Policy': "script-src 'self'; style-src 'unsafe-inline' 'self'; default-src 'self'",
      },
    });
    expect((await runHealth([...RELAXED, reordered])).code).toBe(0);
    const sameOrigin = await serve({
      headers: { 'X-Frame-Options': 'SAMEORIGIN', 'Strict-Transport-Security': null },
    });
    expect((await runHealth([sameOrigin])).code).toBe(2);
    const accepted = await runHealth([
      ...RELAXED,
      '--header',
      'X-Frame-Options: SAMEORIGIN',
      '--skip-header',
      'Strict-Transport-Security',
      sameOrigin,
    ]);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain('6/6 headers as expected');
  });

  it('an RSA key in the JWKS: down, algorithm confusion explained', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const key = createSigningKey();
    const { code, stdout } = await runHealth([
      await serve({
        key,
        jwks: { keys: [key.publicJwk, { ...rsa, kid: 'legacy-rs256', alg: 'RS256', use: 'sig' }] },
      }),
    ]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/✖ jwks {6}2 keys: EdDSA\/Ed25519, RS256\/RSA/);
    expect(stdout).toContain(
      '→ Key #2 (kid "legacy-rs256") has kty "RSA"; only OKP (Ed25519) keys may be published. Remove it: an RSA, EC or symmetric key next to the EdDSA key re-opens algorithm-confusion attacks.',
    );
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
    const slowest = Number(/▲ latency {3}slowest (\d+) ms/.exec(degraded.stdout)?.[1]);
    expect(slowest).toBeGreaterThanOrEqual(400);
    expect(degraded.stdout).toContain(`took ${slowest} ms, at or over the degraded threshold of 250 ms`);
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
    expect(stdout).toContain(
      '→ GET /api/v1/auth/health returned 500 Internal Server Error, expected 200: {"status":"error","error":"database unreachable"}. Check the service logs.',
    );
  });

  it('a health body that reports "degraded": degraded, exit 1', async () => {
    const { code, stdout } = await runHealth([
      ...RELAXED,
      await serve({ healthBody: { status: 'degraded' } }),
    ]);
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
    expect(stdout).toContain(
      `→ GET /api/v1/auth/health: connection refused by 127.0.0.1:${server.port}: nothing listens there. Is the auth service running, and is the base URL right?`,
    );
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
    pool.track(server);
    const result = await runHealth([
      ...RELAXED,
      '--retries',
      '1',
      '--retry-delay',
      '50',
      `${server.url}/api/v1/auth`,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✔ health {4}200 OK in \d+ ms, status "ok" \(after 2 attempts\)/);
  });
});
