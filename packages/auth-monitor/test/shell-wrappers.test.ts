import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedServer, startServer } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthHandler } from './auth-server.js';
import { assertBuilt, type CliResult, PACKAGE_DIR } from './run-cli.js';

let server: StartedServer;
let dir: string;

function sh(script: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [script, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  assertBuilt();
  server = await startServer(createAuthHandler());
  dir = await mkdtemp(join(tmpdir(), 'mana-wrappers-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the spec-named shell wrappers', () => {
  it('auth-health-check.sh checks $AUTH_URL and records to $AUTH_HISTORY, also through a symlink', async () => {
    const link = join(dir, 'auth-health-check.sh');
    await symlink(join(PACKAGE_DIR, 'bin', 'auth-health-check.sh'), link);
    const env = { AUTH_URL: `${server.url}/api/v1/auth`, AUTH_HISTORY: join(dir, 'history.jsonl') };
    const result = await sh(link, ['--degraded-ms', '3000', '--down-ms', '10000'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 healthy, 0 degraded, 0 down → exit 0');
    expect((await readFile(env.AUTH_HISTORY, 'utf8')).trim().split('\n')).toHaveLength(2);
    const closed = await startServer(createAuthHandler());
    await closed.close();
    const down = await sh(link, ['--quiet'], { AUTH_URL: `${closed.url}/api/v1/auth`, AUTH_HISTORY: '' });
    expect(down.code).toBe(2);
    expect(down.stdout).toContain('connection refused');
  });

  it('generate-dashboard.sh writes $DASHBOARD_OUT from $AUTH_HISTORY', async () => {
    const out = join(dir, 'www', 'index.html');
    const result = await sh(join(PACKAGE_DIR, 'bin', 'generate-dashboard.sh'), ['--title', 'Auth'], {
      AUTH_HISTORY: join(dir, 'history.jsonl'),
      DASHBOARD_OUT: out,
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect((await stat(out)).size).toBeGreaterThan(1000);
    expect(await readFile(out, 'utf8')).toContain('<title>Auth</title>');
  });
});
